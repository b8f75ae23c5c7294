// The same seed (or the same recorded schedule) gives the same trace, byte for byte (minus the
// wall-clock start), for every built-in scenario. INTERLEAVE_DET_REPEATS=100 runs the full check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { builtinExamples } from '../../src/runtime/host/run';
import { comparable, detFixtures, runDet } from './det-run';

const repeats = Number(process.env.INTERLEAVE_DET_REPEATS ?? 3);

for (const e of builtinExamples().filter((x) => x.language === 'typescript')) {
  test(`${e.name}: seed 7 gives identical traces over ${repeats} runs`, async () => {
    const first = await runDet(e.file, { seed: 7, strategy: 'random' });
    assert.equal(first.meta.mode, 'deterministic');
    assert.equal(first.meta.seed, 7);
    assert.notEqual(first.outcome.kind, 'timeout', first.outcome.summary);
    for (let i = 1; i < repeats; i++) assert.equal(comparable(await runDet(e.file, { seed: 7, strategy: 'random' })), comparable(first));
  });
}

test('a recorded schedule replays the same events under another seed', async () => {
  const file = join(detFixtures, 'lost-update.ts');
  const original = await runDet(file, { seed: 11, strategy: 'pct' });
  assert.ok(original.meta.schedule!.length > 0);
  const replay = await runDet(file, { seed: 999, strategy: 'replay', schedule: original.meta.schedule });
  assert.deepEqual(replay.events, original.events);
  assert.deepEqual(replay.outcome.shared, original.outcome.shared);
  assert.deepEqual(replay.meta.schedule, original.meta.schedule);
});

test('different seeds choose differently: both results of the race appear', async () => {
  const file = join(detFixtures, 'lost-update.ts');
  const seen = new Set<number>();
  for (let seed = 1; seed <= 12 && seen.size < 2; seed++) seen.add((await runDet(file, { seed, strategy: 'random' })).outcome.shared!.d.x as number);
  assert.deepEqual([...seen].sort(), [1, 2]);
});

test('virtual time: sleeps take their time on the trace, not on the clock', { timeout: 120_000 }, async () => {
  const trace = await runDet(join(detFixtures, 'virtual-time.ts'), { seed: 3, strategy: 'random' }, { scenario: 'timerAndSleeps' });
  assert.equal(trace.outcome.kind, 'completed', trace.outcome.explanation);
  // An hour of sleeping ends at once: the test would time out if the sleeps took the clock's time.
  const hour = await runDet(join(detFixtures, 'virtual-time.ts'), { seed: 3, strategy: 'random' }, { scenario: 'hourOfSleeps' });
  assert.equal(hour.outcome.kind, 'completed', hour.outcome.explanation);
  assert.ok(hour.outcome.durationNs >= 3600e9 && hour.outcome.durationNs < 3600e9 + 1e6);
  const fired = trace.events.find((e) => e.k === 'log')!;
  assert.ok(fired.t >= 2e9 && fired.t < 2e9 + 1e6, `timer fired at ${fired.t} ns`);
  assert.ok(trace.outcome.durationNs >= 3e9 && trace.outcome.durationNs < 3e9 + 1e6);
});
