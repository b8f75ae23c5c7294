import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { runExample, type Run } from './run-example';

describe('examples/lock-deadlock (the notes, as written)', () => {
  let run: Run;
  before(async () => {
    run = await runExample('lock-deadlock');
  });

  it('ends as a deadlock whose cycle is worker1 waiting for itself', () => {
    assert.equal(run.outcome.kind, 'deadlock', run.describe());
    const w1 = run.thread('Thread-1 (worker1)');
    assert.deepEqual(run.outcome.cycle, [w1.id]);
    assert.match(run.outcome.summary, /worker1.*Lock `lock`.*already holds/);
  });

  it('worker1 holds the lock and blocks on it at the `with lock` line, after its sleep', () => {
    const w1 = run.thread('Thread-1 (worker1)');
    const lock = run.prim('lock');
    const stuck = run.outcome.stuck!.find((s) => s.thread === w1.id)!;
    assert.equal(stuck.op, 'acquire');
    assert.equal(stuck.on, lock.id);
    assert.deepEqual(stuck.holds, [lock.id]);
    assert.deepEqual(stuck.heldBy, [w1.id]);
    // Two requests, one granted: the first acquire, then the one inside lock.with(...).
    const requests = run.events('acquireRequest', { thread: w1.name, prim: 'lock' });
    assert.equal(requests.length, 2);
    assert.equal(run.events('acquired', { thread: w1.name, prim: 'lock' }).length, 1);
    assert.ok(requests[1].t > run.events('sleepEnd', { thread: w1.name })[0].t);
    assert.match(run.trace.sites[requests[1].at!], /lock-deadlock\.ts:\d+/);
    // Its last span (before the run was stopped) is the endless wait for the lock it holds.
    const last = run
      .spans(w1.name)
      .filter((s) => s.state !== 'cutoff')
      .at(-1)!;
    assert.equal(last.state, 'blocked');
    assert.equal(last.on, lock.id);
    assert.equal(last.start, requests[1].t);
    assert.ok(!run.logs(w1.name).includes('end'), 'worker1 never gets past the second acquire');
  });

  it('worker2 either finished before worker1 took the lock or is stuck behind it', () => {
    const w1 = run.thread('Thread-1 (worker1)');
    const w2 = run.thread('Thread-2 (worker2)');
    const x = run.shared('d').x;
    const w2stuck = run.outcome.stuck!.find((s) => s.thread === w2.id);
    if (w2stuck) {
      assert.equal(x, 0);
      assert.equal(w2stuck.op, 'acquire');
      assert.deepEqual(w2stuck.heldBy, [w1.id]);
    } else {
      assert.equal(x, 1);
      assert.deepEqual(run.logs(w2.name), ['start', '{ x: 1 }', 'end']);
      assert.ok(run.events('release', { thread: w2.name })[0].t < run.events('acquired', { thread: w1.name })[0].t);
    }
  });
});
