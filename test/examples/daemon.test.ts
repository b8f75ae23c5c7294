import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { runExample, type Run } from './run-example';

describe('examples/daemon', () => {
  let run: Run;
  before(async () => {
    run = await runExample('daemon');
  });

  it('completes; the daemon worker1 is cut off mid-sleep, worker2 ends normally', () => {
    assert.equal(run.outcome.kind, 'completed', run.describe());
    const w1 = run.thread('Thread-1 (worker1)');
    assert.equal(w1.daemon, true);
    assert.equal(w1.exit, 'cutoff');
    assert.deepEqual(run.logs(w1.name), ['start'], "worker1 never logs 'end'");
    assert.equal(run.events('sleepEnd', { thread: w1.name }).length, 0, 'its sleep never ends');
    assert.equal(run.spans(w1.name).at(-1)!.state, 'cutoff');
    assert.equal(run.thread('Thread-2 (worker2)').exit, 'normal');
    assert.deepEqual(run.logs('Thread-2 (worker2)'), ['start', 'end']);
  });

  it("MainThread's only join is the interpreter's exit wait for the non-daemon worker2", () => {
    const joins = run.events('joinBegin', { thread: 'MainThread' });
    assert.deepEqual(
      joins.map((e) => [run.threadById(e.p!).name, e.q]),
      [['Thread-2 (worker2)', 1]],
    );
    const [join] = run.spansIn('MainThread', 'joining');
    assert.match(join.reason, /interpreter waits for non-daemon thread Thread-2 \(worker2\)/);
    // The cut-off happens once worker2 is done, not before.
    assert.ok(run.thread('Thread-1 (worker1)').end! >= run.thread('Thread-2 (worker2)').end!);
  });
});
