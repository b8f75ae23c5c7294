import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { runExample, type Run } from './run-example';

describe('examples/queue-lifo-priority', () => {
  let run: Run;
  before(async () => {
    run = await runExample('queue-lifo-priority');
  });

  it('completes; the LifoQueue gives the newest item first', () => {
    assert.equal(run.outcome.kind, 'completed', run.describe());
    assert.deepEqual(run.logs('lifo reader'), ['third', 'second', 'first']);
    // Item ids follow put order: the gets take them back to front.
    const puts = run.events('queuePutDone', { prim: 'lifo' }).map((e) => e.q);
    assert.deepEqual(
      run.events('queueGetDone', { prim: 'lifo' }).map((e) => e.q),
      puts.reverse(),
    );
  });

  it('the PriorityQueue gives the smallest priority first, whatever the put order', () => {
    assert.deepEqual(run.logs('priority reader'), ['urgent (priority 1)', 'normal (priority 2)', 'low (priority 3)']);
  });

  it("each reader's fourth, non-blocking get raises Empty without waiting", () => {
    for (const [thread, prim] of [
      ['lifo reader', 'lifo'],
      ['priority reader', 'tasks'],
    ]) {
      const gets = run.events('queueGet', { thread, prim });
      assert.equal(gets.length, 4);
      for (const g of gets) assert.equal(g.a, 0, 'getNowait() is a get with block=false');
      assert.equal(run.events('queueEmpty', { thread, prim }).length, 1);
      assert.equal(run.spansIn(thread, 'waiting').length, 0, `${thread} never waits`);
      assert.equal(run.thread(thread).exit, 'normal');
    }
  });
});
