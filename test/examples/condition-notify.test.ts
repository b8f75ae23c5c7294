import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { runExample, type Run } from './run-example';

const WORKERS = ['worker-1', 'worker-2', 'worker-3'];

describe('examples/condition-notify', () => {
  let run: Run;
  before(async () => {
    run = await runExample('condition-notify');
  });

  it('completes; every worker got a job and no job is left', () => {
    assert.equal(run.outcome.kind, 'completed', run.describe());
    for (const w of WORKERS) assert.deepEqual(run.logs(w), ['got a job'], w);
    assert.deepEqual(run.shared('board'), { seated: 3, jobs: 0 });
  });

  it('notify() woke exactly one worker, notifyAll() the two others', () => {
    const notifies = run.events('condNotify', { thread: 'MainThread', prim: 'hasJob' });
    assert.deepEqual(
      notifies.map((n) => n.a),
      [1, 2],
      'waiters woken by each call',
    );
    const wakes = run.events('condWake', { prim: 'hasJob' });
    assert.equal(wakes.length, 3, 'each worker waited once and was woken once');
    const byNotify = (n: (typeof notifies)[number]) => wakes.filter((w) => w.l === n.q).map((w) => run.threadById(w.th).name);
    const first = byNotify(notifies[0]);
    const second = byNotify(notifies[1]);
    assert.equal(first.length, 1);
    assert.equal(second.length, 2);
    assert.deepEqual([...first, ...second].sort(), WORKERS);
  });

  it('all three were waiting on hasJob before the first notify; two were still waiting until notifyAll', () => {
    const [notify, notifyAll] = run.events('condNotify', { thread: 'MainThread', prim: 'hasJob' });
    for (const w of WORKERS) assert.ok(run.events('condWait', { thread: w, prim: 'hasJob' })[0].t < notify.t, w);
    // One wait per worker: the two woken by notifyAll had been waiting since before the notify.
    for (const w of WORKERS) assert.equal(run.events('condWait', { thread: w, prim: 'hasJob' }).length, 1, w);
    const late = run.events('condWake', { prim: 'hasJob' }).filter((w) => w.l === notifyAll.q);
    for (const w of late) assert.ok(w.t > notifyAll.t);
  });
});
