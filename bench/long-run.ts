// A synthetic long run for the timeline's long-run benchmark: `workers` threads hammering two
// Locks (request → acquired, after a wait when the other holds it → release), now and then a
// sleep, written straight into EventBatch chunks in time order — what the runner records for the
// Lock hammer of issue 17, at any length, without an object per event. A waiter is granted at a
// release, 22 µs later (the wake-up latency in docs/measurements.md), with `l` = the release's seq.
import { allocBatch } from '../src/core/trace/batch';
import type { EventBatch, Outcome, PrimitiveInfo, ThreadInfo, TraceMeta } from '../src/core/trace/format';
import { EventKind, PrimKind } from '../src/core/trace/kinds';
import type { RunnerToHost } from '../src/core/protocol/runner';
import { rng } from '../test/helpers/synthetic';

const HANDOFF_NS = 22_000;
const main = 1;
const LOCKS = 2;

export interface LongRun {
  /** meta, threads, primitives, sites, strings: what the runner sends before the events. */
  opening: RunnerToHost[];
  /** The threads as they ended and the outcome: what it sends after them. */
  closing: RunnerToHost[];
  events: number;
  durationNs: number;
}

export interface LongRunSink {
  /** The messages that come before the events. */
  opening(messages: RunnerToHost[]): void;
  /** A batch of events; reused after the call. */
  chunk(b: EventBatch): void;
}

/**
 * Gives `out` the opening messages, then batches of `chunkEvents` events (the last one shorter),
 * `events` in all (a few more to end the threads), in time order.
 */
export function longRun(events: number, out: LongRunSink, workers = 8, chunkEvents = 65536, seed = 1): LongRun {
  const meta: TraceMeta = {
    tool: 'interleave',
    toolVersion: 'bench',
    file: '/bench/lock-hammer.ts',
    root: '/bench',
    scenario: 'default',
    title: `Lock hammer, ${workers} threads`,
    mode: 'realtime',
    startedAt: '2026-12-07T00:00:00.000Z',
    clock: 'ns-since-start',
    timeLimitS: 0,
    sleepScale: 1,
    platform: 'linux',
  };
  const threads: ThreadInfo[] = [{ id: main, name: 'MainThread', daemon: false, parent: 0, ident: 1, start: 0 }];
  for (let th = 2; th < workers + 2; th++)
    threads.push({ id: th, name: `worker${th - 1}`, daemon: false, parent: main, ident: th, target: 'hammer', start: 1000 * th + 500 });
  const prims: PrimitiveInfo[] = [
    { id: 1, kind: 'Lock', name: 'left', site: 0, creator: main },
    { id: 2, kind: 'Lock', name: 'right', site: 0, creator: main },
  ];
  const opening: RunnerToHost[] = [
    { type: 'meta', meta },
    ...threads.map((thread) => ({ type: 'thread' as const, thread })),
    ...prims.map((primitive) => ({ type: 'primitive' as const, primitive })),
    { type: 'sites', base: 0, sites: ['/bench/lock-hammer.ts:3:5', '/bench/lock-hammer.ts:9:7', '/bench/lock-hammer.ts:14:7'] },
    { type: 'strings', base: 0, strings: ['left', 'right'] },
  ];
  out.opening(opening);
  const rand = rng(seed);
  const b = allocBatch(chunkEvents);
  b.at.fill(-1);
  let fill = 0;
  let total = 0;
  const emit = (t: number, th: number, k: number, p = -1, a = Number.NaN, q = Number.NaN, l = Number.NaN) => {
    b.t[fill] = t;
    b.th[fill] = th;
    b.k[fill] = k;
    b.p[fill] = p;
    b.a[fill] = a;
    b.q[fill] = q;
    b.l[fill] = l;
    b.at[fill] = k === EventKind.acquireRequest ? 1 + ((p - 1) % 2) : -1;
    fill++;
    total++;
    if (fill === chunkEvents) {
      out.chunk(b);
      fill = 0;
    }
  };

  for (let p = 1; p <= LOCKS; p++) emit(0, main, EventKind.primCreate, p, PrimKind.Lock, p - 1);
  emit(0, main, EventKind.threadStart, 0);
  const n = workers;
  const next = new Float64Array(n + 2); // per worker thread id (2..n+1): when it acts next
  const phase = new Uint8Array(n + 2); // 0 request, 1 waiting, 2 holding, 3 asleep
  const want = new Int32Array(n + 2);
  for (let th = 2; th < n + 2; th++) {
    emit(1000 * th, main, EventKind.threadSpawn, th);
    emit(1000 * th + 500, th, EventKind.threadStart, main);
    next[th] = 1000 * th + 1000;
  }
  const owner = new Int32Array(LOCKS + 1);
  const seq = new Float64Array(LOCKS + 1);
  const queue: number[][] = Array.from({ length: LOCKS + 1 }, () => []);
  const joinAt = 1000 * (n + 2);
  emit(joinAt, main, EventKind.joinBegin, 2, -1);
  let now = 0;
  while (total < events) {
    let th = 2;
    for (let x = 3; x < n + 2; x++) if (next[x] < next[th]) th = x;
    now = next[th];
    switch (phase[th]) {
      case 0: {
        const p = rand() < 0.5 ? 1 : 2;
        want[th] = p;
        emit(now, th, EventKind.acquireRequest, p, -1);
        if (owner[p] === 0) {
          owner[p] = th;
          emit(now + 60, th, EventKind.acquired, p, 1, ++seq[p], -1);
          phase[th] = 2;
          next[th] = now + 200 + rand() * 3000;
        } else {
          queue[p].push(th);
          phase[th] = 1;
          next[th] = Infinity;
        }
        break;
      }
      case 1: {
        // Granted by the release (below) that set next[th].
        const p = want[th];
        emit(now, th, EventKind.acquired, p, 1, ++seq[p], seq[p] - 1);
        phase[th] = 2;
        next[th] = now + 200 + rand() * 3000;
        break;
      }
      case 2: {
        const p = want[th];
        emit(now, th, EventKind.release, p, 0, ++seq[p]);
        const waiter = queue[p].shift();
        owner[p] = waiter ?? 0;
        if (waiter !== undefined) next[waiter] = now + HANDOFF_NS;
        if (rand() < 0.02) {
          emit(now + 300, th, EventKind.sleepBegin, -1, 0.00002);
          phase[th] = 3;
          next[th] = now + 300 + 20_000 + rand() * 20_000;
        } else {
          phase[th] = 0;
          next[th] = now + 500 + rand() * 5000;
        }
        break;
      }
      default:
        emit(now, th, EventKind.sleepEnd);
        phase[th] = 0;
        next[th] = now + 200;
    }
  }
  // Each worker lets go of what it holds and ends; MainThread joins them.
  const end = now + 100_000;
  for (let th = 2; th < n + 2; th++) {
    if (phase[th] === 2) emit(end - 1000, th, EventKind.release, want[th], 0, ++seq[want[th]]);
    emit(end, th, EventKind.threadEnd, -1, 0);
  }
  emit(end + 500, main, EventKind.joinEnd, 2, 1);
  emit(end + 1000, main, EventKind.threadEnd, -1, 0);
  if (fill) {
    const last = allocBatch(fill);
    for (const col of ['t', 'th', 'k', 'p', 'a', 'q', 'l', 'at'] as const) (last[col] as Float64Array).set((b[col] as Float64Array).subarray(0, fill));
    out.chunk(last);
  }

  const outcome: Outcome = {
    kind: 'completed',
    summary: `Completed: ${n} threads took and released two Locks ${total.toLocaleString('en')} times in all`,
    explanation: '',
    durationNs: end + 1000,
  };
  return {
    opening,
    closing: [
      ...threads.map((t) => ({ type: 'thread' as const, thread: { ...t, end: t.id === main ? end + 1000 : end, exit: 'normal' as const } })),
      { type: 'outcome', outcome },
    ],
    events: total,
    durationNs: end + 1000,
  };
}
