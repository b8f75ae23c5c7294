import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { runExample, type Run } from './run-example';

describe('examples/threads', () => {
  let run: Run;
  before(async () => {
    run = await runExample('threads');
  });

  it('completes with three lanes: MainThread, the renamed worker1 and the default-named worker2', () => {
    assert.equal(run.outcome.kind, 'completed', run.describe());
    assert.deepEqual(
      run.trace.threads.map((t) => t.name),
      ['MainThread', 'rename worker1', 'Thread-1 (worker2)'],
    );
    for (const t of run.trace.threads) assert.equal(t.exit, 'normal', t.name);
  });

  it('worker2 receives args and kwargs', () => {
    assert.deepEqual(run.logs('Thread-1 (worker2)'), ['start { x: 100, y: 200 }', 'end']);
  });

  it('the workers sleep at the same time and the shorter sleep ends first', () => {
    const [s1] = run.spansIn('rename worker1', 'sleeping');
    const [s2] = run.spansIn('Thread-1 (worker2)', 'sleeping');
    assert.ok(s2.start < s1.end && s1.start < s2.end, 'the two sleeps overlap');
    assert.ok(run.thread('Thread-1 (worker2)').end! < run.thread('rename worker1').end!);
  });

  it("MainThread logs 'started' before either worker ends, then joins both", () => {
    const started = run.logTime('MainThread', 'started');
    assert.ok(started < run.logTime('Thread-1 (worker2)', 'end'));
    const joins = run.events('joinBegin', { thread: 'MainThread' }).filter((e) => e.q !== 1);
    assert.deepEqual(
      joins.map((e) => run.threadById(e.p!).name),
      ['rename worker1', 'Thread-1 (worker2)'],
    );
    assert.ok(joins[0].t > started);
  });
});
