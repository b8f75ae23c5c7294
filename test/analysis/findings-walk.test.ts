// RunOptions.analyze (what the CLI asks): the runner walks each chunk for the analyses as it writes
// it (the lock-order graph, which shared fields may race), and the host only finishes the walk. The
// findings must be analyzeRun's over the same file, for every analysis fixture and the examples
// with findings; a walk that does not cover the file, or took a primitive for another kind than
// the final header says, is not finished.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { analyzeRun, FindingsWalk, finishFindings } from '../../src/core/analysis/findings';
import { listScenarios, runScenario, type StoredRun } from '../../src/runtime/host/run';
import { examples, fixture } from './run';

const dir = mkdtempSync(join(tmpdir(), 'interleave-findings-walk-'));
let n = 0;

async function storedRun(file: string, scenario?: string, env?: Record<string, string>): Promise<StoredRun> {
  const path = join(dir, `run-${n++}.ilt`);
  const handle = runScenario(
    { file, scenario, timeLimitS: 30, captureSites: true, sleepScale: 1, store: { path }, liveEvents: false, analyze: true },
    undefined,
    { env },
  );
  return handle.stored!();
}

const runs: { file: string; scenarios?: string[]; env?: Record<string, string> }[] = [
  // 4 threads, a guarded and an unguarded shared field, over several chunks drained thread by thread.
  { file: resolve(__dirname, '..', 'fixtures', 'runtime', 'long-race.ts'), scenarios: ['default'], env: { RACE_OPS: '20000' } },
  { file: fixture('hb.ts') },
  { file: fixture('lock-orders.ts') },
  { file: fixture('philosophers-lucky.ts') },
  ...['dining-philosophers.ts', 'lost-update.ts', 'lost-update-lock.ts', 'lock-deadlock.ts', 'rlock.ts', 'condition.ts'].map((f) => ({
    file: join(examples, f),
    scenarios: ['default'],
  })),
];

test("the runner's walk finishes to analyzeRun's findings over the file", { timeout: 300_000 }, async () => {
  let cycles = 0;
  let races = 0;
  for (const r of runs) {
    for (const scenario of r.scenarios ?? (await listScenarios(r.file)).map((s) => s.name)) {
      const stored = await storedRun(r.file, scenario, r.env);
      try {
        const what = `${r.file} ${scenario}`;
        assert.ok(stored.analyses, `${what}: the runner sent its walk`);
        if (r.env) {
          assert.ok(stored.events.chunks.length > 1, `${what}: ${stored.events.chunks.length} chunks`);
          // Its chunks are not in time order: the race check goes straight to its merge (races.ts).
          assert.ok(Number.isNaN(stored.analyses.lastT), `${what}: out of time order`);
        }
        const walked = finishFindings(stored.analyses, stored.header, stored.events);
        assert.ok(walked, `${what}: the walk finishes`);
        const oneShot = analyzeRun(stored.header, stored.events);
        assert.deepEqual(walked, oneShot, what);
        cycles += walked.cycles.length;
        races += walked.races.length;
      } finally {
        stored.events.close();
      }
    }
  }
  // The fixtures have both kinds of findings: the comparison is not between empty lists only.
  assert.ok(cycles >= 3, `${cycles} cycles`);
  assert.ok(races >= 2, `${races} races`);
});

test('a walk of other events, or that took a lock for something else, is not finished', { timeout: 120_000 }, async () => {
  const stored = await storedRun(fixture('lock-orders.ts'), 'bare');
  try {
    const { header, events } = stored;
    assert.ok(stored.analyses);
    assert.ok(finishFindings(stored.analyses, header, events)!.cycles.length > 0);
    assert.equal(finishFindings({ ...stored.analyses, events: stored.analyses.events - 1 }, header, events), undefined);
    // A walk that never heard of the run's locks took them for primitives without an owner.
    const deaf = new FindingsWalk();
    events.forEachChunk((c, offset) => deaf.feed(c, offset));
    assert.equal(finishFindings(deaf.data, header, events), undefined);
    // Told them, it finishes to the same findings.
    const told = new FindingsWalk();
    for (const p of header.primitives) told.declare(p);
    events.forEachChunk((c, offset) => told.feed(c, offset));
    assert.deepEqual(finishFindings(told.data, header, events), analyzeRun(header, events));
  } finally {
    stored.events.close();
  }
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
