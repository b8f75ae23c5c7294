import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { runExample, type Run } from './run-example';

describe('examples/timer', () => {
  let run: Run;
  before(async () => {
    run = await runExample('timer');
  });

  it('completes; the timer runs worker1(100, { y: 200 }) once its wait timed out', () => {
    assert.equal(run.outcome.kind, 'completed', run.describe());
    const timer = run.thread('Thread-1');
    assert.equal(timer.timerInterval, 0.3);
    assert.deepEqual(run.logs(timer.name), ['start { x: 100, y: 200 }', 'end']);
    const [wake] = run.events('eventWake', { thread: timer.name });
    assert.equal(wake.a, 0, 'the delay is a wait that times out');
    assert.ok(wake.t < run.logTime(timer.name, 'start'));
    const [wait] = run.spansIn(timer.name, 'waiting');
    assert.equal(wait.start, run.events('eventWait', { thread: timer.name })[0].t, 'the lane begins by waiting');
  });

  it('the cancelled timer never calls remind(): its wait is ended by the cancel, not by the timeout', () => {
    const reminder = run.thread('Thread-2');
    assert.deepEqual(run.logs(reminder.name), []);
    assert.equal(reminder.exit, 'normal');
    const [cancel] = run.events('timerCancel', { thread: 'MainThread' });
    assert.equal(cancel.p, reminder.id);
    const [set] = run.events('eventSet', { thread: 'MainThread', prim: 'Thread-2.finished' });
    const [wake] = run.events('eventWake', { thread: reminder.name });
    assert.equal(wake.a, 1, 'woken by the set, not timed out');
    assert.equal(wake.l, set.q, 'the set that cancel() did is what ended the wait');
    assert.ok(cancel.t < wake.t);
  });
});
