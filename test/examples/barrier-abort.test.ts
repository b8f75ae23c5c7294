import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { runExample, type Run } from './run-example';

describe('examples/barrier-abort', () => {
  let run: Run;
  before(async () => {
    run = await runExample('barrier-abort');
  });

  it('completes: no thread hangs and none dies', () => {
    assert.equal(run.outcome.kind, 'completed', run.describe());
    for (const t of run.trace.threads) assert.equal(t.exit, 'normal', t.name);
    assert.deepEqual(run.logs('MainThread'), ['barrier broken: true']);
  });

  it('the loader aborts; both waiting workers then get BrokenBarrierError and give up', () => {
    const [abort] = run.events('barrierReset', { prim: 'barrier' });
    assert.equal(abort.a, 1, 'abort(), not reset()');
    assert.equal(abort.th, run.thread('loader').id);
    for (const w of ['worker-1', 'worker-2']) {
      const [wait] = run.events('barrierWait', { thread: w });
      const [broken] = run.events('barrierBroken', { thread: w });
      assert.ok(wait.t < abort.t, `${w} was waiting before the abort`);
      assert.ok(broken.t > abort.t);
      assert.equal(run.events('barrierPass', { thread: w }).length, 0);
      assert.deepEqual(run.logs(w), ['the barrier is broken: giving up']);
      const [span] = run.spansIn(w, 'waiting', 'barrier');
      assert.ok(span.end >= abort.t);
    }
  });
});
