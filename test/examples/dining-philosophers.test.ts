import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { runExample, type Run } from './run-example';

const PHILOSOPHERS = ['Aristotle', 'Kant', 'Spinoza', 'Marx', 'Russell'];

describe('examples/dining-philosophers (naive)', () => {
  let run: Run;
  before(async () => {
    run = await runExample('dining-philosophers');
  });

  it('deadlocks with a cycle round the whole table; nobody ate', () => {
    assert.equal(run.outcome.kind, 'deadlock', run.describe());
    const ids = PHILOSOPHERS.map((p) => run.thread(p).id);
    assert.deepEqual(
      [...run.outcome.cycle!].sort((a, b) => a - b),
      [...ids].sort((a, b) => a - b),
    );
    assert.deepEqual(run.shared('meals'), Object.fromEntries(PHILOSOPHERS.map((p) => [p, 0])));
    for (const p of PHILOSOPHERS) assert.ok(!run.logs(p).includes('eating'), p);
  });

  it('philosopher i holds fork i and waits for fork i+1, held by philosopher i+1', () => {
    PHILOSOPHERS.forEach((p, i) => {
      const stuck = run.outcome.stuck!.find((s) => s.thread === run.thread(p).id)!;
      const next = (i + 1) % PHILOSOPHERS.length;
      assert.equal(stuck.op, 'acquire');
      assert.deepEqual(stuck.holds, [run.prim(`fork-${i}`).id], `${p} holds its left fork`);
      assert.equal(stuck.on, run.prim(`fork-${next}`).id, `${p} waits for its right fork`);
      assert.deepEqual(stuck.heldBy, [run.thread(PHILOSOPHERS[next]).id]);
      assert.equal(
        run
          .spans(p)
          .filter((s) => s.state !== 'cutoff')
          .at(-1)!.state,
        'blocked',
      );
    });
  });

  it('everyone took the left fork before anyone reached for the right one', () => {
    const lastLeft = Math.max(...PHILOSOPHERS.map((p) => run.logTime(p, 'took the left fork')));
    for (const p of PHILOSOPHERS) {
      const [, right] = run.events('acquireRequest', { thread: p });
      assert.ok(right.t > lastLeft, p);
    }
  });
});
