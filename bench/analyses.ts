// How fast the trace analyses are: `npm run bench:analyses [events]` (default 1 M). A synthetic
// run of 8 threads taking 4 locks, often two nested (in lock order, plus one inverted pair), reading
// and writing shared fields under them (and one field without), with queue hand-offs. Times
// lockOrderCycles and dataRaces over an EventSource of it, each beside a baseline pass that only
// reads every event's kind column (the floor of any column consumer), and reports heap growth.
import { performance } from 'node:perf_hooks';
import { lockOrderCycles } from '../src/core/analysis/lock-order';
import { dataRaces } from '../src/core/analysis/races';
import type { Trace, TraceEvent } from '../src/core/trace/format';
import { splitTrace, type EventSource } from '../src/core/trace/source';

const target = Number(process.argv[2] ?? 1_000_000);
const THREADS = 8;
const LOCKS = 4;

function synthetic(n: number): Trace {
  const events: TraceEvent[] = [{ t: 0, th: 1, k: 'threadStart', p: 0 }];
  const now = new Float64Array(THREADS + 2);
  const free = new Float64Array(LOCKS + 1);
  const seq = new Int32Array(LOCKS + 1);
  let rand = 7;
  const next = () => (rand = (rand * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let th = 2; th <= THREADS + 1; th++) {
    now[th] = th * 1000;
    events.push({ t: now[th] - 500, th: 1, k: 'threadSpawn', p: th }, { t: now[th], th, k: 'threadStart', p: 1 });
  }
  const SHARED = LOCKS + 1;
  const QUEUE = LOCKS + 2;
  let item = 0;
  while (events.length < n) {
    let th = 2;
    for (let i = 3; i <= THREADS + 1; i++) if (now[i] < now[th]) th = i;
    let t = now[th];
    const take = (lock: number) => {
      events.push({ t, th, k: 'acquireRequest', p: lock, a: -1, at: 0 });
      t = Math.max(t, free[lock]) + 50;
      events.push({ t, th, k: 'acquired', p: lock, a: 1, q: ++seq[lock], l: -1, at: 0 });
    };
    const drop = (lock: number) => {
      t += 50;
      events.push({ t, th, k: 'release', p: lock, a: 0, q: ++seq[lock], at: 0 });
      free[lock] = t;
    };
    const r = next();
    if (r < 0.1) {
      events.push({ t, th, k: 'queuePutDone', p: QUEUE, a: 1, q: ++item }, { t: t + 100, th, k: 'sharedWrite', p: SHARED, a: 1, q: 3, at: 0 });
    } else {
      const a = 1 + Math.floor(next() * LOCKS);
      // Nested in lock order, except thread 2's 3 → 4 / thread 3's 4 → 3 inversion.
      const b = th === 3 && a === 4 ? 3 : a < LOCKS && next() < 0.5 ? a + 1 : 0;
      take(a);
      if (b) take(b);
      events.push(
        { t: (t += 20), th, k: 'sharedRead', p: SHARED, a: 0, q: a - 1, at: 0 },
        { t: (t += 20), th, k: 'sharedWrite', p: SHARED, a: 1, q: a - 1, at: 0 },
      );
      if (b) drop(b);
      drop(a);
      if (r > 0.98) events.push({ t: (t += 20), th, k: 'sharedWrite', p: SHARED, a: 2, q: 4, at: 0 }); // unlocked: races
    }
    now[th] = t + 100 + next() * 3000;
  }
  events.sort((x, y) => x.t - y.t);
  return {
    version: 1,
    meta: {
      tool: 'interleave',
      toolVersion: 'bench',
      file: '/bench.ts',
      root: '/',
      scenario: 'default',
      title: 'analyses bench',
      mode: 'realtime',
      startedAt: '',
      clock: 'ns-since-start',
      timeLimitS: 60,
      sleepScale: 1,
      platform: process.platform,
    },
    threads: Array.from({ length: THREADS + 1 }, (_, i) => ({ id: i + 1, name: i ? `w${i}` : 'MainThread', daemon: false, parent: i ? 1 : 0, ident: i + 1 })),
    primitives: [
      ...Array.from({ length: LOCKS }, (_, i) => ({ id: i + 1, kind: 'Lock' as const, name: `lock${i + 1}`, site: 0, creator: 1 })),
      { id: SHARED, kind: 'Shared', name: 'd', site: 0, creator: 1, init: { fields: ['a', 'b', 'c', 'd', 'loose'] } },
      { id: QUEUE, kind: 'Queue', name: 'q', site: 0, creator: 1 },
    ],
    sites: ['bench.ts:1:1'],
    strings: [],
    events,
    outcome: { kind: 'completed', summary: '', explanation: '', durationNs: events[events.length - 1].t },
  };
}

function time(fn: () => unknown): { ms: number; heapMB: number; result: unknown } {
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const result = fn();
  const ms = performance.now() - t0;
  return { ms, heapMB: (process.memoryUsage().heapUsed - before) / 1e6, result };
}

function floor(source: EventSource): number {
  let s = 0;
  source.forEachChunk((c) => {
    for (let i = 0; i < c.k.length; i++) s += c.k[i];
  });
  return s;
}

const trace = synthetic(target);
const { header, events } = splitTrace(trace);
// Chunks materialised once, as a store would hand them out: the bench times the analyses, not eventsToBatch.
const chunks: [Parameters<Parameters<EventSource['forEachChunk']>[0]>[0], number][] = [];
events.forEachChunk((c, off) => chunks.push([c, off]));
const source: EventSource = { count: events.count, forEachChunk: (fn) => chunks.forEach(([c, off]) => fn(c, off)) };
const n = source.count;
console.log(`${n.toLocaleString('en')} events, ${THREADS} threads, ${LOCKS} locks (median of 5 runs)`);
const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const [name, fn] of [
  ['kind-column pass (baseline)', () => floor(source)],
  ['lockOrderCycles', () => lockOrderCycles(header, source)],
  ['dataRaces', () => dataRaces(header, source)],
] as const) {
  const runs = Array.from({ length: 5 }, () => time(fn));
  const ms = median(runs.map((r) => r.ms));
  const heap = Math.max(...runs.map((r) => r.heapMB));
  const found = Array.isArray(runs[0].result) ? `, ${runs[0].result.length} found` : '';
  console.log(
    `  ${name.padEnd(28)} ${ms.toFixed(1).padStart(8)} ms  ${(((n / ms) * 1e3) / 1e6).toFixed(2).padStart(6)} M events/s  heap +${heap.toFixed(0)} MB${found}`,
  );
}
