// The rings block their writers rather than drop: under 16 threads × 100,000 lock operations
// every event arrives, and the lock's sequence numbers prove mutual exclusion and no gap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runFixture } from './run-fixture';

test('16 threads × 100,000 lock operations: exact event counts, no gap in the lock order', async () => {
  const trace = await runFixture('hammer.ts', undefined, { captureSites: false, prewarm: 17, timeLimitS: 240 });
  assert.equal(trace.outcome.kind, 'completed');
  assert.deepEqual(trace.outcome.shared, { counter: { n: 1_600_000 } });
  const counts = new Map<string, number>();
  const perThread = new Map<number, number>();
  const lock = trace.primitives.find((p) => p.kind === 'Lock')!.id;
  const seqs = new Uint8Array(3_200_001);
  for (const e of trace.events) {
    counts.set(e.k, (counts.get(e.k) ?? 0) + 1);
    if (e.k === 'acquired') perThread.set(e.th, (perThread.get(e.th) ?? 0) + 1);
    if ((e.k === 'acquired' || e.k === 'release') && e.p === lock) seqs[e.q!]++;
  }
  for (const k of ['acquireRequest', 'acquired', 'release', 'sharedRead', 'sharedWrite']) assert.equal(counts.get(k), 1_600_000, k);
  assert.equal(perThread.size, 16);
  for (const n of perThread.values()) assert.equal(n, 100_000);
  // Each seq 1..3.2M used exactly once: acquire and release strictly alternate on the lock.
  assert.equal(
    seqs.subarray(1).every((x) => x === 1),
    true,
  );
});
