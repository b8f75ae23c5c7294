// Threads, timers, exceptions, daemons and the scenario-loading rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventsOf, expectClean, runFixture, threadNamed } from './run-fixture';

for (const name of ['Thread_args', 'Thread_lifecycle', 'Thread_notExported', 'Timer_runsAndCancels']) {
  test(name, () => expectClean('threads.ts', name).then(() => undefined));
}

test('an exception is recorded on its lane and the others go on', async () => {
  const trace = await runFixture('threads.ts', 'Thread_exception');
  assert.equal(trace.outcome.kind, 'completed');
  const failing = threadNamed(trace, 'failing');
  assert.equal(failing.exit, 'exception');
  assert.match(failing.error!.message, /boom in a thread/);
  assert.match(failing.error!.stack!, /threads\.ts:\d+/);
  assert.equal(threadNamed(trace, 'survivor').exit, 'normal');
  assert.deepEqual(
    trace.outcome.exceptions?.map((e) => e.thread),
    [failing.id],
  );
  const log = eventsOf(trace, 'log', failing.id)[0];
  assert.equal(trace.strings[log.a!], 'about to fail');
});

test('daemon threads are cut off at exit after non-daemon threads are joined', async () => {
  const trace = await runFixture('threads.ts', 'Thread_daemonCutOff');
  assert.equal(trace.outcome.kind, 'completed');
  const daemon = threadNamed(trace, 'daemon');
  const worker = threadNamed(trace, 'worker');
  assert.equal(daemon.exit, 'cutoff');
  assert.equal(worker.exit, 'normal');
  const exitJoin = eventsOf(trace, 'joinBegin', 1).find((e) => e.q === 1);
  assert.equal(exitJoin?.p, worker.id, 'MainThread waited for the worker at exit');
  assert.ok(!eventsOf(trace, 'joinBegin', 1).some((e) => e.p === daemon.id), 'never for the daemon');
});

test('timer cancel links the canceller to the timer thread', async () => {
  const trace = await runFixture('threads.ts', 'Timer_runsAndCancels');
  const cancel = eventsOf(trace, 'timerCancel')[0];
  assert.ok(cancel);
  const timer = trace.threads.find((t) => t.id === cancel.p)!;
  assert.equal(timer.timerInterval, 0.2);
  assert.equal(eventsOf(trace, 'sharedWrite', timer.id).length, 0, 'the cancelled timer never ran its function');
});

test('logging a shared record shows its fields', async () => {
  const trace = await runFixture('threads.ts', 'Shared_logsFields');
  assert.equal(trace.strings[eventsOf(trace, 'log', 1)[0].a!], '{ x: 1, done: true }');
});
