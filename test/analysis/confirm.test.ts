// Findings confirmed by replay: an exploration of deterministic schedules, and the schedule replays.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { confirmFindings } from '../../src/runtime/host/confirm';
import { examples, findingsOf, fixture, named, run } from './run';

test('the naive philosophers that completed: the 5-cycle is confirmed, and its schedule replays the deadlock', async () => {
  // Real time, as `interleave run` does: each diner is usually done before the next starts; a run that deadlocked is run again.
  let trace = await run(fixture('philosophers-lucky.ts'));
  for (let i = 0; i < 5 && trace.outcome.kind !== 'completed'; i++) trace = await run(fixture('philosophers-lucky.ts'));
  assert.equal(trace.outcome.kind, 'completed', trace.outcome.summary);
  const f = findingsOf(trace);
  assert.deepEqual(
    f.cycles.map((x) => [x.kind, x.locks.length]),
    [['potentialDeadlock', 5]],
  );
  const summary = await confirmFindings(trace, f, { runs: 60, budgetS: 300 }); // bounded by runs, not by a loaded machine's clock
  const c = f.cycles[0].confirmation!;
  assert.equal(c.status, 'confirmed', JSON.stringify(c));
  // The search stops once the deadlock is shown, and says so.
  assert.equal(summary.ended, 'allShown');
  assert.equal(c.runs, summary.runs);
  assert.ok(summary.runs <= 60);
  const replay = await run(fixture('philosophers-lucky.ts'), undefined, { seed: c.seed!, strategy: 'replay', schedule: c.schedule });
  assert.equal(replay.outcome.kind, 'deadlock');
  assert.equal(replay.outcome.cycle!.length, 5);
});

test('the smallest lost update: confirmed with both final values, each with a schedule that gives it', async () => {
  const file = join(__dirname, '..', 'deterministic', 'fixtures', 'lost-update.ts');
  const trace = await run(file);
  const f = findingsOf(trace);
  assert.equal(f.races.length, 1);
  await confirmFindings(trace, f, { runs: 100, budgetS: 300 });
  const c = f.races[0].confirmation!;
  assert.equal(c.status, 'confirmed', JSON.stringify(c));
  assert.deepEqual(c.values!.map((v) => v.value).sort(), ['1', '2']);
  assert.equal(
    c.values!.reduce((s, v) => s + v.count, 0),
    c.runs,
  );
  for (const v of c.values!) {
    const replay = await run(file, undefined, { seed: v.seed, strategy: 'replay', schedule: v.schedule });
    assert.equal(String(replay.outcome.shared!.d.x), v.value);
  }
});

test('examples/lost-update, whose adders sleep between read and write: confirmed with the distinct final counts, each replayed', async () => {
  // On virtual time the two adders' sleeps run in lockstep: without delays at the racing accesses
  // every schedule read the same values and ended at count = 5, and the race stayed "not reproduced".
  const file = join(examples, 'lost-update.ts');
  const trace = await run(file);
  const f = findingsOf(trace);
  assert.deepEqual(
    f.races.map((r) => named(trace).prim(r.record)),
    ['counter'],
  );
  await confirmFindings(trace, f, { runs: 40, budgetS: 300 });
  const c = f.races[0].confirmation!;
  assert.equal(c.status, 'confirmed', JSON.stringify(c));
  const counts = c.values!.map((v) => Number(v.value));
  assert.ok(counts.length >= 2 && counts.every((n) => Number.isInteger(n) && n >= 5 && n <= 10), JSON.stringify(c.values));
  assert.ok(
    counts.some((n) => n < 10),
    'some schedule loses an update',
  );
  assert.equal(
    c.values!.reduce((s, v) => s + v.count, 0),
    c.runs,
  );
  // Some confirming schedule lets virtual time pass at a racing access (a delay, -n): replays make it at the same decision.
  assert.ok(
    c.values!.some((v) => v.schedule.some((x) => x < 0)),
    JSON.stringify(c.values),
  );
  for (const v of c.values!) {
    const replay = await run(file, undefined, { seed: v.seed, strategy: 'replay', schedule: v.schedule });
    assert.equal(String(replay.outcome.shared!.counter.count), v.value);
    assert.deepEqual(replay.meta.schedule, v.schedule);
  }
});

test('examples/lost-update-lock: no race, so nothing to confirm', async () => {
  const trace = await run(join(examples, 'lost-update-lock.ts'));
  const f = findingsOf(trace);
  const summary = await confirmFindings(trace, f, { runs: 10 });
  assert.deepEqual([f.races, summary.runs], [[], 0]);
});

test('ordered philosophers: nothing to confirm, nothing run', async () => {
  const trace = await run(join(__dirname, '..', '..', 'examples', 'dining-philosophers-ordered.ts'));
  const f = findingsOf(trace);
  await confirmFindings(trace, f, { runs: 10 });
  assert.deepEqual(f, { cycles: [], races: [] });
});

test('the bounds hold: a search cancelled before its first schedule confirms nothing; a search of N schedules reports N', async () => {
  const file = join(__dirname, '..', 'deterministic', 'fixtures', 'lost-update.ts');
  const trace = await run(file);
  const f = findingsOf(trace);
  const abort = new AbortController();
  abort.abort();
  const none = await confirmFindings(trace, f, { runs: 50, budgetS: 300, signal: abort.signal });
  assert.equal(none.ended, 'cancelled');
  assert.deepEqual(
    f.races.map((r) => r.confirmation),
    [undefined],
  );
  // One schedule gives one final value: not enough to confirm, and it says in how many it looked.
  const one = await confirmFindings(trace, f, { runs: 1, budgetS: 300 });
  assert.deepEqual([one.ended, one.runs], ['allRuns', 1]);
  assert.deepEqual([f.races[0].confirmation?.status, f.races[0].confirmation?.runs], ['notReproduced', 1]);
});
