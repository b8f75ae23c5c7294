// Deadlock and stall across processes: a wait in the coordinator (mp.Lock acquire, mp.Queue get,
// Process join) is a wait for the watchdog, so a run stuck across processes ends as `deadlock` or
// `stall` (not at its time limit), explained with process-qualified thread names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { laneOf, runMp } from './helpers';

const file = 'stuck.ts';

test('two processes in an mp.Lock ABBA cycle: deadlock, named with their processes', async () => {
  const trace = await runMp(file, 'Deadlock_abba');
  const { outcome } = trace;
  assert.equal(outcome.kind, 'deadlock', `${outcome.summary}\n${outcome.explanation}`);
  const left = laneOf(trace, 'left').id;
  const right = laneOf(trace, 'right').id;
  assert.deepEqual([...outcome.cycle!].sort(), [left, right].sort());
  assert.match(outcome.summary, /^Deadlock: (left\/MainThread, right\/MainThread|right\/MainThread, left\/MainThread) wait for each other in a cycle$/);
  assert.match(outcome.explanation, /left\/MainThread holds Lock `lockA` and waits for Lock `lockB` \(held by right\/MainThread\) at .*stuck\.ts:8/);
  assert.match(outcome.explanation, /right\/MainThread holds Lock `lockB` and waits for Lock `lockA` \(held by left\/MainThread\) at .*stuck\.ts:8/);
  assert.match(outcome.explanation, /Behind it: MainThread waits for left\/MainThread to finish \(join at .*stuck\.ts:20/);
  const stuckMain = outcome.stuck!.find((s) => s.thread === 1)!;
  assert.equal(stuckMain.op, 'join');
});

test('a consumer process on an empty mp.Queue with the producer gone: stall', async () => {
  const trace = await runMp(file, 'Stall_emptyQueue');
  const { outcome } = trace;
  assert.equal(outcome.kind, 'stall', `${outcome.summary}\n${outcome.explanation}`);
  assert.equal(outcome.summary, 'Stall: every live thread waits and nothing can wake them (MainThread, consumer/MainThread)');
  assert.match(outcome.explanation, /consumer\/MainThread waits for an item from Queue `q` at .*stuck\.ts:25.*, with no timeout\./);
  assert.match(outcome.explanation, /MainThread waits for consumer\/MainThread to finish \(join at .*stuck\.ts:37/);
  assert.deepEqual(outcome.stuck!.map((s) => s.op).sort(), ['join', 'queue.get']);
});

test('a get with a timeout across processes is not stuck: the run completes', async () => {
  const trace = await runMp(file, 'Timed_notStuck');
  assert.equal(trace.outcome.kind, 'completed', `${trace.outcome.summary}\n${trace.outcome.explanation}`);
});

test('a daemon process still waiting on an mp.Queue when the run exits is terminated: completed', async () => {
  const trace = await runMp(file, 'Daemon_waitsForever');
  assert.equal(trace.outcome.kind, 'completed', `${trace.outcome.summary}\n${trace.outcome.explanation}`);
  assert.equal(laneOf(trace, 'waiter').exit, 'cutoff');
});
