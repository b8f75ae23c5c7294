// Canonical numbering of a deterministic run's trace tables (runner/deterministic-sink.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalize } from '../../src/runtime/runner/deterministic-sink';
import { eventsToBatch } from '../../src/core/trace/batch';
import type { PrimitiveInfo, TraceEvent } from '../../src/core/trace/format';

test('primitives, sites and strings are numbered by first use in time order, whatever the drain order', () => {
  // Drained in two batches, the second holding the earlier events (another ring read later).
  const late: TraceEvent[] = [
    { t: 3000, th: 2, k: 'acquireRequest', p: 1, a: -1, at: 0 },
    { t: 4000, th: 2, k: 'log', a: 0, at: 2 },
  ];
  const early: TraceEvent[] = [
    { t: 1000, th: 1, k: 'primCreate', p: 2, a: 3, at: 1 },
    { t: 2000, th: 1, k: 'primCreate', p: 1, a: 1, at: 0 },
    { t: 2500, th: 1, k: 'log', a: 1, at: 1 },
  ];
  const prims = new Map<number, PrimitiveInfo>([
    [1, { id: 1, kind: 'Lock', name: 'lock', site: 0, creator: 1 }],
    [2, { id: 2, kind: 'Condition', name: 'cond', site: 1, creator: 1, init: { lock: 1 } }],
  ]);
  const c = canonicalize([eventsToBatch(late), eventsToBatch(early)], ['a.ts:9:1', 'a.ts:3:1', 'a.ts:12:1'], ['late', 'early'], prims, {
    kind: 'deadlock',
    summary: '',
    explanation: '',
    durationNs: 5000,
    stuck: [{ thread: 2, op: 'acquire', on: 1, heldBy: [2], holds: [1], at: 0, since: 3000 }],
  });
  assert.deepEqual(Array.from(c.batch.t), [1000, 2000, 2500, 3000, 4000]);
  assert.deepEqual(
    c.primitives.map((p) => [p.id, p.name, p.site, p.init]),
    [
      [1, 'cond', 0, { lock: 2 }],
      [2, 'lock', 1, undefined],
    ],
  );
  assert.deepEqual(c.sites, ['a.ts:3:1', 'a.ts:9:1', 'a.ts:12:1']);
  assert.deepEqual(c.strings, ['early', 'late']);
  assert.deepEqual(Array.from(c.batch.p), [1, 2, -1, 2, -1]);
  assert.deepEqual(Array.from(c.batch.a).slice(2), [0, -1, 1]);
  assert.deepEqual(c.outcome.stuck, [{ thread: 2, op: 'acquire', on: 2, heldBy: [2], holds: [2], at: 1, since: 3000 }]);
});
