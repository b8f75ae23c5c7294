// Process: exit codes, terminate/kill, join timeout, separate memory, names, and what the trace shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectMp, laneOf, processNamed } from './helpers';

const file = 'process.ts';

test('exit codes as Python: 0, 1, N, -15, -9; killed lanes end with the reason', async () => {
  const trace = await expectMp(file, 'Process_exitCodes');
  assert.deepEqual(
    ['Process-1', 'raiser', 'Process-3', 'terminated', 'killed'].map((n) => processNamed(trace, n).exitCode),
    [0, 1, 3, -15, -9],
  );
  assert.match(processNamed(trace, 'raiser').reason!, /raised/);
  assert.equal(laneOf(trace, 'raiser').exit, 'exception');
  assert.match(laneOf(trace, 'raiser').error!.message, /boom in a child/);
  assert.equal(laneOf(trace, 'terminated').exit, 'killed');
  assert.match(laneOf(trace, 'terminated').error!.message, /terminated by SIGTERM/);
  assert.match(laneOf(trace, 'killed').error!.message, /killed by SIGKILL/);
  assert.equal(trace.processes![0].name, 'MainProcess');
  const starts = trace.events.filter((e) => e.k === 'processStart');
  assert.equal(starts.length, 5);
  assert.deepEqual(
    starts.map((e) => e.p),
    trace.processes!.slice(1).map((p) => p.mainThread),
  );
});

test('join(timeout) gives up while the child runs', () => expectMp(file, 'Process_joinTimeout').then(() => undefined));

test('memory is separate: the parent keeps its values', async () => {
  const trace = await expectMp(file, 'Process_separateMemory');
  assert.deepEqual(trace.outcome.shared?.d, { x: 1 });
  const child = trace.threads.find((t) => t.process === 1)!;
  const copy = trace.primitives.find((p) => p.kind === 'Shared' && p.creator === child.id);
  assert.ok(copy, "the copy is a record of the child's own");
  const writes = trace.events.filter((e) => e.k === 'sharedWrite' && e.th === child.id);
  assert.deepEqual(
    writes.map((e) => e.a),
    [101],
  );
});

test('names, nesting, daemon rules', () => expectMp(file, 'Process_identity').then(() => undefined));

test('at exit: daemonic child terminated (cut off), non-daemonic joined', async () => {
  const trace = await expectMp(file, 'Process_daemonAtExit');
  const daemon = processNamed(trace, 'daemon');
  const worker = processNamed(trace, 'worker');
  assert.equal(worker.exitCode, 0);
  assert.equal(daemon.exitCode, -15);
  assert.equal(laneOf(trace, 'daemon').exit, 'cutoff');
  assert.ok(laneOf(trace, 'daemon').start! < daemon.end!, 'it was running when cut off');
  // What it recorded up to SIGTERM reaches the trace: it was asleep when terminated.
  const kinds = trace.events.filter((e) => e.th === daemon.mainThread).map((e) => e.k);
  assert.deepEqual(kinds, ['threadStart', 'eventSet', 'sleepBegin']);
  assert.ok(trace.processes![0].end! >= worker.end!, 'MainProcess ended after joining the worker');
});
