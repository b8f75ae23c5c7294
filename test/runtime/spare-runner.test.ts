// A runner forked ahead (the extension keeps one) has booted its workers while idle: a run taken
// from it must behave exactly as a run in a fresh runner, whatever it does.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { prepareSpareRunner, runScenario, type HostEnv } from '../../src/runtime/host/run';
import { disposeSpares } from '../../src/runtime/host/spares';
import type { RunOptions } from '../../src/core/protocol/runner';
import { fixtures, threadNamed } from './run-fixture';

const env: HostEnv = { spares: true };
after(() => disposeSpares());

/** Prepares a spare, lets it boot its workers, then runs from it. */
async function fromSpare(file: string, scenario?: string, options: Partial<RunOptions> = {}) {
  prepareSpareRunner(env);
  await new Promise((r) => setTimeout(r, 500));
  return runScenario({ file: join(fixtures, file), scenario, timeLimitS: 20, captureSites: true, sleepScale: 1, ...options }, undefined, env).done;
}

test('the seed Lock deadlock from a spare runner: found and explained', async () => {
  const trace = await fromSpare('outcomes.ts', 'seedDeadlock');
  assert.equal(trace.outcome.kind, 'deadlock');
  assert.match(trace.outcome.summary, /worker1/);
  assert.equal(threadNamed(trace, 'worker1').exit, 'stopped');
});

test('more threads than the spare booted ahead: all run, none lost', async () => {
  const trace = await fromSpare('many-threads.ts', 'twelveThreads');
  assert.equal(trace.outcome.kind, 'completed', trace.outcome.explanation);
  const adders = trace.threads.filter((t) => t.name.startsWith('adder'));
  assert.equal(adders.length, 12);
  assert.ok(adders.every((t) => t.exit === 'normal'));
  assert.equal(trace.events.filter((e) => e.k === 'acquired').length, 1200);
});

test('a syntax error from a spare runner names file, line and column', async () => {
  const trace = await fromSpare('broken-syntax.ts');
  assert.equal(trace.outcome.kind, 'error');
  assert.deepEqual([trace.outcome.error!.line, trace.outcome.error!.col], [4, 13]);
});

test('deterministic mode from a spare runner replays byte for byte', async () => {
  const det: Partial<RunOptions> = { deterministic: { seed: 7, strategy: 'random' } };
  const a = await fromSpare('outcomes.ts', 'abbaDeadlock', det);
  const b = await fromSpare('outcomes.ts', 'abbaDeadlock', det);
  assert.equal(a.outcome.kind, 'deadlock');
  assert.deepEqual(a.events, b.events);
});

test('a spare not taken within its idle time exits, and the next run forks its own runner', async () => {
  // Its own env, so no spare of the tests above answers for it.
  const idleEnv: HostEnv = { spares: true, spareIdleMs: 300, env: { INTERLEAVE_SPARE_TEST: 'idle' } };
  const spare = prepareSpareRunner(idleEnv);
  const exited = await Promise.race([
    new Promise<boolean>((r) => spare.once('exit', () => r(true))),
    new Promise<boolean>((r) => setTimeout(() => r(false), 10_000)),
  ]);
  assert.ok(exited, 'the idle spare exited');
  const trace = await runScenario(
    { file: join(fixtures, 'outcomes.ts'), scenario: 'seedDeadlock', timeLimitS: 20, captureSites: true, sleepScale: 1 },
    undefined,
    idleEnv,
  ).done;
  assert.equal(trace.outcome.kind, 'deadlock');
});
