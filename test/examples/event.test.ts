import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { runExample, type Run } from './run-example';

const READERS = ['reader-1', 'reader-2', 'reader-3'];

describe('examples/event', () => {
  let run: Run;
  before(async () => {
    run = await runExample('event');
  });

  it('completes; every reader reads, the impatient thread gives up', () => {
    assert.equal(run.outcome.kind, 'completed', run.describe());
    for (const r of READERS) assert.deepEqual(run.logs(r), ['reading'], r);
    assert.deepEqual(run.logs('impatient'), ['gave up after 0.1 s']);
  });

  it("the loader's single set() ends all three readers' waits", () => {
    const sets = run.events('eventSet', { prim: 'ready' });
    assert.equal(sets.length, 1);
    assert.equal(sets[0].th, run.thread('loader').id);
    for (const r of READERS) {
      const [wait] = run.events('eventWait', { thread: r });
      const [wake] = run.events('eventWake', { thread: r });
      assert.ok(wait.t < sets[0].t, `${r} was waiting before the set`);
      assert.equal(wake.a, 1);
      assert.equal(wake.l, sets[0].q, `${r} was woken by that set`);
    }
    const arrows = run.model.links.filter((l) => l.kind === 'set-wake');
    assert.deepEqual(arrows.map((l) => run.threadById(l.toThread).name).sort(), READERS);
  });

  it('the timed wait returns false before the set, with no arrow', () => {
    const [wake] = run.events('eventWake', { thread: 'impatient' });
    assert.equal(wake.a, 0);
    assert.ok(wake.t < run.events('eventSet', { prim: 'ready' })[0].t);
    const [span] = run.spansIn('impatient', 'waiting', 'ready');
    assert.match(span.reason, /timed out/);
  });
});
