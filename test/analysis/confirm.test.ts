// Findings confirmed by replay: an exploration of deterministic schedules, and the schedule replays.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { confirmFindings } from '../../src/runtime/host/confirm';
import { findingsOf, fixture, run } from './run';

test('the naive philosophers that completed: the 5-cycle is confirmed, and its schedule replays the deadlock', async () => {
  const trace = await run(fixture('philosophers-lucky.ts'));
  const f = findingsOf(trace);
  await confirmFindings(trace, f, { runs: 60, budgetS: 300 }); // bounded by runs, not by a loaded machine's clock
  const c = f.cycles[0].confirmation!;
  assert.equal(c.status, 'confirmed', JSON.stringify(c));
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

test('ordered philosophers: nothing to confirm, nothing run', async () => {
  const trace = await run(join(__dirname, '..', '..', 'examples', 'dining-philosophers-ordered.ts'));
  const f = findingsOf(trace);
  await confirmFindings(trace, f, { runs: 10 });
  assert.deepEqual(f, { cycles: [], races: [] });
});
