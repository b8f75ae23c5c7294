import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { runExample, type Run } from './run-example';

const PHILOSOPHERS = ['Aristotle', 'Kant', 'Spinoza', 'Marx', 'Russell'];

describe('examples/dining-philosophers-ordered', () => {
  let run: Run;
  before(async () => {
    run = await runExample('dining-philosophers-ordered');
  });

  it('completes; every philosopher ate twice', () => {
    assert.equal(run.outcome.kind, 'completed', run.describe());
    assert.deepEqual(run.shared('meals'), Object.fromEntries(PHILOSOPHERS.map((p) => [p, 2])));
    for (const p of PHILOSOPHERS) assert.deepEqual(run.logs(p), ['eating', 'eating'], p);
  });

  it('every philosopher acquires the lower-numbered fork first; Russell starts with fork-0', () => {
    const forkNumber = (id: number) => Number(run.trace.primitives.find((x) => x.id === id)!.name.replace('fork-', ''));
    for (const p of PHILOSOPHERS) {
      const order = run.events('acquired', { thread: p }).map((e) => forkNumber(e.p!));
      assert.equal(order.length, 4);
      for (let meal = 0; meal < 2; meal++) assert.ok(order[2 * meal] < order[2 * meal + 1], `${p}: ${order.join(',')}`);
    }
    assert.equal(forkNumber(run.events('acquired', { thread: 'Russell' })[0].p!), 0);
  });

  it('forks are contended, yet every wait ends with a neighbour’s release', () => {
    const blocked = PHILOSOPHERS.flatMap((p) => run.spansIn(p, 'blocked'));
    assert.ok(blocked.length >= 1, 'someone waited for a fork');
    const links = run.model.links.filter((l) => l.kind === 'release-acquire');
    const contended = run.model.contention.reduce((n, r) => n + r.contended, 0);
    assert.equal(links.length, contended);
    for (const l of links) assert.notEqual(l.fromThread, l.toThread);
  });
});
