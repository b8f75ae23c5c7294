// Deadlock, stall, timeout, exit and load errors: the right outcome, explained, trace kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventsOf, fixtures, runFixture, threadNamed } from './run-fixture';
import { join } from 'node:path';
import { listScenarios, runScenario, ScenarioLoadError } from '../../src/runtime/host/run';
import type { Trace } from '../../src/core/trace/format';

test("the seed's Lock example deadlocks on itself, explained, within 200 ms", async () => {
  const trace = await runFixture('outcomes.ts', 'seedDeadlock');
  const o = trace.outcome;
  assert.equal(o.kind, 'deadlock');
  const w1 = threadNamed(trace, 'worker1');
  assert.deepEqual(o.cycle, [w1.id]);
  assert.match(o.summary, /worker1 waits for Lock `lock`, which it already holds/);
  assert.match(o.explanation, /outcomes\.ts:8:\d+/, 'names the line of the second acquire');
  assert.match(o.explanation, /worker2 waits to acquire Lock `lock` at outcomes\.ts:14:\d+, held by worker1/);
  const stuck = new Map(o.stuck!.map((s) => [s.thread, s]));
  assert.deepEqual(stuck.get(w1.id)!.holds, [stuck.get(w1.id)!.on], 'worker1 holds what it waits for');
  assert.deepEqual(stuck.get(w1.id)!.heldBy, [w1.id]);
  assert.equal(stuck.get(1)!.op, 'join');
  // The second request is the moment of the deadlock; detection must follow within 200 ms
  // (CPython's rule for timing checks: allow up to 10× on a loaded machine).
  const request = eventsOf(trace, 'acquireRequest', w1.id).at(-1)!;
  assert.ok(o.durationNs - request.t < 2e9, `detected ${(o.durationNs - request.t) / 1e6} ms after`);
  assert.equal(w1.exit, 'stopped');
  // The wait began at its request's stamp, and its time in the outcome is that event's, to the ns (the panel finds the
  // blocked span at it: an unrounded time half a ns before the event found the running span before it).
  assert.equal(stuck.get(w1.id)!.since, request.t);
});

test('opposite lock order: a two-thread cycle naming both locks', async () => {
  const trace = await runFixture('outcomes.ts', 'abbaDeadlock');
  assert.equal(trace.outcome.kind, 'deadlock');
  assert.equal(trace.outcome.cycle!.length, 2);
  assert.match(trace.outcome.summary, /left, right wait for each other|right, left wait for each other/);
  assert.match(trace.outcome.explanation, /left holds Lock `a` and waits for Lock `b` \(held by right\)/);
});

test('everyone waiting with nothing to wake them is a stall', async () => {
  const trace = await runFixture('outcomes.ts', 'stall');
  assert.equal(trace.outcome.kind, 'stall');
  assert.match(trace.outcome.explanation, /consumer waits for an item from Queue `q`/);
  assert.deepEqual(trace.outcome.stuck!.map((s) => s.op).sort(), ['join', 'queue.get']);
});

test('a timed wait is not a stall', async () => {
  const trace = await runFixture('outcomes.ts', 'timedWaitIsNotStall');
  assert.equal(trace.outcome.kind, 'completed');
});

test('a busy loop ends at the time limit with the partial trace', async () => {
  // The limit counts from the main thread's start, module load included: 1 s failed once at load 18.
  const trace = await runFixture('outcomes.ts', 'busyLoop', { timeLimitS: 3 });
  assert.equal(trace.outcome.kind, 'timeout');
  assert.match(trace.outcome.summary, /limit of 3 s/);
  assert.equal(trace.strings[eventsOf(trace, 'log', 1)[0].a!], 'before the loop');
  assert.equal(threadNamed(trace, 'MainThread').exit, 'stopped');
});

/** The lock events of thread `th`, as kind, seq and site line (an uncontended pair is one ring record until it is released). */
function lockEvents(trace: Trace, th: number) {
  return trace.events
    .filter((e) => e.th === th && ['acquireRequest', 'acquired', 'release'].includes(e.k))
    .map((e) => `${e.k} q=${e.q ?? '-'} line=${trace.sites[e.at!]?.split(':').at(-2)}`);
}

test('a thread killed while it holds a lock: its trace shows the acquisition, no release', async () => {
  const trace = await runFixture('outcomes.ts', 'holderDies', { timeLimitS: 60 });
  const hog = threadNamed(trace, 'hog');
  assert.equal(hog.exit, 'killed');
  assert.equal(trace.outcome.kind, 'completed');
  assert.equal(trace.strings[eventsOf(trace, 'log', 1)[0].a!], 'still locked: true');
  const pair = (q: number) => [`acquireRequest q=- line=93`, `acquired q=${q} line=93`, `release q=${q + 1} line=94`];
  assert.deepEqual(lockEvents(trace, hog.id), [...pair(1), ...pair(3), ...pair(5), 'acquireRequest q=- line=96', 'acquired q=7 line=96']);
});

test('a thread stopped at the time limit while it holds a lock: its trace shows the acquisition', async () => {
  const trace = await runFixture('outcomes.ts', 'holderSpins', { timeLimitS: 1 });
  assert.equal(trace.outcome.kind, 'timeout');
  assert.deepEqual(lockEvents(trace, 1), [
    'acquireRequest q=- line=110',
    'acquired q=1 line=110',
    'release q=2 line=111',
    'acquireRequest q=- line=112',
    'acquired q=3 line=112',
  ]);
});

test('process.exit in a thread ends the run, not the host', async () => {
  const trace = await runFixture('outcomes.ts', 'processExit');
  assert.equal(trace.outcome.kind, 'exited');
  assert.equal(trace.outcome.exitCode, 3);
  assert.equal(eventsOf(trace, 'log').length, 1);
});

test('main raising still waits for non-daemon threads', async () => {
  const trace = await runFixture('outcomes.ts', 'mainRaises');
  assert.equal(trace.outcome.kind, 'exception');
  assert.equal(threadNamed(trace, 'sleepy').exit, 'normal');
  assert.match(threadNamed(trace, 'MainThread').error!.message, /main failed/);
});

test('a syntax error names file, line and column', async () => {
  const trace = await runFixture('broken-syntax.ts');
  assert.equal(trace.outcome.kind, 'error');
  assert.deepEqual(
    { kind: trace.outcome.error!.kind, file: trace.outcome.error!.file, line: trace.outcome.error!.line, col: trace.outcome.error!.col },
    { kind: 'syntax', file: join(fixtures, 'broken-syntax.ts'), line: 4, col: 13 },
  );
});

test('a primitive made at module top level is refused with the fix', async () => {
  const trace = await runFixture('top-level-lock.ts');
  assert.equal(trace.outcome.kind, 'error');
  assert.match(trace.outcome.error!.message, /Lock created at the top level of the scenario module.*Create it inside the scenario's main function/s);
  assert.equal(trace.outcome.error!.line, 3);
});

test('a module that throws while loading is a load error with its line', async () => {
  const trace = await runFixture('top-level-throw.ts');
  assert.equal(trace.outcome.error!.kind, 'load');
  assert.match(trace.outcome.error!.message, /module failed to load/);
  assert.equal(trace.outcome.error!.line, 5);
});

test('no scenario / ambiguous / unknown scenario are usage errors', async () => {
  assert.match((await runFixture('no-scenario.ts')).outcome.error!.message, /exports no scenario/);
  assert.match((await runFixture('outcomes.ts')).outcome.error!.message, /several scenarios .*--scenario NAME/);
  assert.match((await runFixture('outcomes.ts', 'nope')).outcome.error!.message, /no scenario named 'nope'/);
});

test('listScenarios lists exports with titles, and reports syntax errors', async () => {
  const list = await listScenarios(join(fixtures, 'outcomes.ts'));
  assert.ok(list.some((s) => s.name === 'seedDeadlock' && s.title === 'seed Lock deadlock'));
  await assert.rejects(listScenarios(join(fixtures, 'broken-syntax.ts')), (e: unknown) => e instanceof ScenarioLoadError && e.error.line === 4);
});

test('a stop that arrives while the scenario loads ends cleanly, reported by the runner', async () => {
  const handle = runScenario({ file: join(fixtures, 'outcomes.ts'), scenario: 'busyLoop', timeLimitS: 20, captureSites: true, sleepScale: 1 });
  handle.stop();
  const trace = await handle.done;
  assert.equal(trace.outcome.kind, 'stopped');
  assert.match(trace.outcome.summary, /^Stopped before the scenario started|^Stopped before it finished/);
});

test('a stop while running keeps the partial trace', async () => {
  let handle: ReturnType<typeof runScenario> | undefined;
  handle = runScenario({ file: join(fixtures, 'outcomes.ts'), scenario: 'busyLoop', timeLimitS: 20, captureSites: true, sleepScale: 1 }, (m) => {
    if (m.type === 'events') handle!.stop();
  });
  const trace = await handle.done;
  assert.equal(trace.outcome.kind, 'stopped');
  assert.equal(trace.strings[eventsOf(trace, 'log', 1)[0].a!], 'before the loop');
});

test('a thread that eats memory is killed; the run goes on and says so', async () => {
  const trace = await runFixture('outcomes.ts', 'memoryHog', { timeLimitS: 60 });
  const hog = threadNamed(trace, 'hog');
  assert.equal(hog.exit, 'killed');
  assert.match(hog.error!.message, /out of memory/);
  assert.equal(trace.outcome.kind, 'completed');
  assert.match(trace.outcome.explanation, /Thread hog was killed: out of memory/);
  assert.equal(trace.strings[eventsOf(trace, 'log', 1)[0].a!], 'main goes on');
});
