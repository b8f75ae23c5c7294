// Exploration finds the bugs the issue names within 1,000 PCT runs, finds none in the fixes, and
// every row's schedule replays its outcome.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { ExploreOptions, ExploreResult } from '../../src/core/protocol/runner';
import { exploreScenario } from '../../src/runtime/host/explore';
import { detFixtures, example, runDet } from './det-run';

function explore(file: string, runs: number, extra: Partial<ExploreOptions> = {}): Promise<ExploreResult> {
  return exploreScenario({ file, runs, strategy: 'pct', seed: 1, sleepScale: 1, ...extra }).done;
}

test('the lost update: both final values, and each row replays its value', async () => {
  const file = join(detFixtures, 'lost-update.ts');
  const r = await explore(file, 1000);
  assert.equal(r.error, undefined);
  assert.equal(r.done, 1000);
  assert.deepEqual(r.rows.map((x) => x.label).sort(), ['x = 1', 'x = 2']);
  assert.equal(
    r.rows.reduce((s, x) => s + x.count, 0),
    1000,
  );
  for (const row of r.rows) {
    const trace = await runDet(file, { seed: row.seed, strategy: 'replay', schedule: row.schedule });
    assert.equal(`x = ${trace.outcome.shared!.d.x}`, row.label);
  }
});

test('the same exploration twice gives the same table (parallel pools do not matter)', async () => {
  const file = join(detFixtures, 'lost-update.ts');
  const [a, b] = [await explore(file, 200, { parallel: 1 }), await explore(file, 200, { parallel: 2 })];
  const table = (r: ExploreResult) => r.rows.map(({ label, count, seed, schedule }) => ({ label, count, seed, schedule }));
  assert.deepEqual(table(a), table(b));
});

test('naive dining philosophers deadlock; the replayed schedule shows the cycle', async () => {
  const r = await explore(example('dining-philosophers'), 1000);
  const dead = r.rows.find((x) => x.kind === 'deadlock');
  assert.ok(dead, JSON.stringify(r.rows));
  assert.match(dead.label, /wait for each other in a cycle/);
  const trace = await runDet(example('dining-philosophers'), { seed: dead.seed, strategy: 'replay', schedule: dead.schedule });
  assert.equal(trace.outcome.kind, 'deadlock');
  assert.equal(trace.outcome.cycle!.length, 5);
});

test("the seed's Lock example deadlocks on itself", async () => {
  const r = await explore(example('lock-deadlock'), 1000);
  const dead = r.rows.find((x) => x.kind === 'deadlock');
  assert.ok(dead);
  assert.match(dead.label, /which it already holds/);
});

test('no deadlock in the fixes (ordered forks, RLock)', async () => {
  for (const name of ['dining-philosophers-ordered', 'rlock']) {
    const r = await explore(example(name), name === 'rlock' ? 1000 : 300);
    assert.equal(r.error, undefined);
    assert.deepEqual(
      r.rows.map((x) => x.kind),
      ['completed'],
      `${name}: ${JSON.stringify(r.rows.map((x) => x.label))}`,
    );
  }
});

test('cancel keeps the outcomes found so far', async () => {
  let cancel = () => {};
  const handle = exploreScenario(
    { file: join(detFixtures, 'lost-update.ts'), runs: 1_000_000, strategy: 'random', seed: 1, sleepScale: 1 },
    (p) => p.done > 0 && cancel(),
  );
  cancel = handle.cancel;
  const r = await handle.done;
  assert.equal(r.cancelled, true);
  assert.ok(r.done > 0 && r.done < 1_000_000);
  assert.equal(
    r.rows.reduce((s, x) => s + x.count, 0),
    r.done,
  );
});

test('a file that does not load is an error, not a hang', async () => {
  const r = await explore(join(__dirname, '..', 'fixtures', 'runtime', 'broken-syntax.ts'), 10);
  assert.equal(r.done, 0);
  assert.equal(r.error?.kind, 'syntax');
});
