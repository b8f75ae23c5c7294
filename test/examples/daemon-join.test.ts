import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { runExample, type Run } from './run-example';

describe('examples/daemon-join (the notes, as written)', () => {
  let run: Run;
  before(async () => {
    run = await runExample('daemon-join');
  });

  it('completes; the daemon worker1 finishes because MainThread joins it', () => {
    assert.equal(run.outcome.kind, 'completed', run.describe());
    const w1 = run.thread('Thread-1 (worker1)');
    assert.equal(w1.daemon, true);
    assert.equal(w1.exit, 'normal');
    assert.deepEqual(run.logs(w1.name), ['start', 'end']);
    assert.equal(run.thread('Thread-2 (worker2)').exit, 'normal');
  });

  it("MainThread's join on worker1 ends when worker1 ends, after worker2 ended", () => {
    const w1 = run.thread('Thread-1 (worker1)');
    const [begin] = run.events('joinBegin', { thread: 'MainThread' });
    assert.equal(begin.p, w1.id);
    assert.notEqual(begin.q, 1, 'a join written in main, not the exit wait');
    const [end] = run.events('joinEnd', { thread: 'MainThread' }).filter((e) => e.p === w1.id);
    assert.equal(end.a, 1);
    assert.ok(end.t >= run.logTime(w1.name, 'end'));
    assert.ok(run.thread('Thread-2 (worker2)').end! < w1.end!);
  });
});
