import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { runExample, type Run } from './run-example';

describe('examples/rlock', () => {
  let run: Run;
  before(async () => {
    run = await runExample('rlock');
  });

  it('completes with both increments: d.x is 2', () => {
    assert.equal(run.outcome.kind, 'completed', run.describe());
    assert.deepEqual(run.shared('d'), { x: 2 });
    assert.deepEqual(run.logs('MainThread'), ['d.x = 2']);
  });

  it('worker1 re-acquires without waiting: depth 2, then back down to 0', () => {
    const w1 = 'Thread-1 (worker1)';
    assert.deepEqual(
      run.events('acquired', { thread: w1, prim: 'lock' }).map((e) => e.a),
      [1, 2],
    );
    assert.deepEqual(
      run.events('release', { thread: w1, prim: 'lock' }).map((e) => e.a),
      [1, 0],
    );
    // It may wait for worker2 the first time; never the second (the owner re-enters at once).
    const [first, second] = run.events('acquired', { thread: w1, prim: 'lock' });
    assert.equal(second.l, -1);
    for (const s of run.spansIn(w1, 'blocked')) assert.ok(s.end <= first.t, 'blocked only before the first acquire');
    const hold = run.model.holds.find((h) => h.thread === run.thread(w1).id)!;
    assert.equal(hold.maxDepth, 2);
  });

  it('one hold at a time: the two workers hold the lock one after the other', () => {
    const holds = run.model.holds.filter((h) => h.prim === run.prim('lock').id).sort((a, b) => a.start - b.start);
    assert.equal(holds.length, 2);
    assert.notEqual(holds[0].thread, holds[1].thread);
    assert.ok(holds[0].end <= holds[1].start);
  });
});
