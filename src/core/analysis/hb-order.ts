// The synchronisation events of a run (and the shared accesses the race analysis asks for), in
// one order consistent with how they happened. An EventSource promises each thread's order only;
// timestamps of two threads agree to ~10 µs, not enough for "this acquire came after that
// release". So the events are merged by time, but an event that must come after another (the
// next operation on a lock by its sequence number `q`; a wake after the notify or set `l` names;
// a get after the put of its item; a barrier pass after the trip's arrivals; a thread's start
// after its spawn; a join after the thread's end) waits until that one has been visited. A trace
// whose order cannot be met (a partial or hand-made file) still gets every event visited: when
// every thread waits, the earliest waiting event goes first.
import { EventKind } from '../trace/kinds';
import type { EventSource, TraceHeader } from '../trace/source';

/** The events kept, one row each, grouped by thread (rows of a thread are contiguous, in its order). */
export interface HbEvents {
  /** Event index in the run (the EventSource offset), kind code, thread and fields as in EventBatch. */
  idx: Int32Array;
  t: Float64Array;
  k: Uint8Array;
  th: Int32Array;
  p: Int32Array;
  a: Float64Array;
  q: Float64Array;
  l: Float64Array;
  at: Int32Array;
  /** Largest thread id + 1 and largest primitive id + 1. */
  threads: number;
  prims: number;
}

const K = EventKind;
/** Synchronisation kinds that order threads (docs/trace-format.md; happens-before edges in fast-track.ts): 1 by kind code. */
export const SYNC = new Uint8Array(256);
for (const k of [
  K.threadStart,
  K.threadEnd,
  K.threadSpawn,
  K.joinEnd,
  K.processStart,
  K.acquired,
  K.release,
  K.condNotify,
  K.condWake,
  K.eventSet,
  K.eventWake,
  K.barrierWait,
  K.barrierPass,
  K.barrierReset,
  K.queuePutDone,
  K.queueGetDone,
  K.queueTaskDone,
  K.queueJoined,
])
  SYNC[k] = 1;

/** Primitive kinds whose acquired/release events carry a sequence number `q` per primitive. */
export const LOCK_LIKE = new Set(['Lock', 'RLock', 'Semaphore', 'BoundedSemaphore']);

/**
 * Copies the synchronisation events of `source` and the shared accesses `keep(record, field)`
 * wants into rows grouped by thread (two passes: count, then fill).
 */
export function collectHbEvents(header: TraceHeader, source: EventSource, keep: (record: number, field: number) => boolean): HbEvents {
  let threads = 1;
  for (const x of header.threads) threads = Math.max(threads, x.id + 1);
  let prims = 1;
  for (const x of header.primitives) prims = Math.max(prims, x.id + 1);
  // One pass counts the rows per thread, and the threads the header does not name.
  let count = new Int32Array(threads);
  const { sharedRead, sharedWrite } = K;
  const kept = (code: number, p: number, q: number) => SYNC[code] === 1 || ((code === sharedRead || code === sharedWrite) && keep(p, q));
  source.forEachChunk((c) => {
    for (let i = 0; i < c.k.length; i++) {
      const x = c.th[i];
      if (x >= threads) {
        threads = x + 1;
        const more = new Int32Array(threads);
        more.set(count);
        count = more;
      }
      if (x >= 0 && kept(c.k[i], c.p[i], c.q[i])) count[x]++;
    }
  });
  const base = new Int32Array(threads + 1);
  for (let t = 0; t < threads; t++) base[t + 1] = base[t] + count[t];
  const n = base[threads];
  const out: HbEvents = {
    idx: new Int32Array(n),
    t: new Float64Array(n),
    k: new Uint8Array(n),
    th: new Int32Array(n),
    p: new Int32Array(n),
    a: new Float64Array(n),
    q: new Float64Array(n),
    l: new Float64Array(n),
    at: new Int32Array(n),
    threads,
    prims,
  };
  const fill = base.slice(0, threads);
  const { idx, t: ot, k: ok, th: oth, p: op, a: oa, q: oq, l: ol, at: oat } = out;
  source.forEachChunk((c, offset) => {
    const { t, k, th, p, a, q, l, at } = c;
    for (let i = 0; i < k.length; i++) {
      const x = th[i];
      if (x < 0 || !kept(k[i], p[i], q[i])) continue;
      const r = fill[x]++;
      idx[r] = offset + i;
      ot[r] = t[i];
      ok[r] = k[i];
      oth[r] = x;
      op[r] = p[i];
      oa[r] = a[i];
      oq[r] = q[i];
      ol[r] = l[i];
      oat[r] = at[i];
    }
  });
  return out;
}

/** Calls `visit(row)` for every row of `ev`, in an order consistent with the run's synchronisation. */
export function visitInSyncOrder(header: TraceHeader, ev: HbEvents, visit: (row: number) => void): void {
  const { k, th, p, q, l, a, t } = ev;
  const n = k.length;
  const threads = ev.threads;
  // Rows of thread x are [start[x], end[x]).
  const start = new Int32Array(threads).fill(-1);
  const end = new Int32Array(threads);
  for (let r = 0; r < n; r++) {
    if (start[th[r]] < 0) start[th[r]] = r;
    end[th[r]] = r + 1;
  }
  const cur = start.slice();

  // What the ordering rules need, first from the rows, then updated as rows are visited.
  const lockLike = new Uint8Array(ev.prims);
  const parties = new Float64Array(ev.prims);
  for (const x of header.primitives) {
    if (x.id >= ev.prims) continue;
    if (LOCK_LIKE.has(x.kind)) lockLike[x.id] = 1;
    if (x.kind === 'Barrier') parties[x.id] = Number(x.init?.parties ?? 0);
  }
  const seqs = new LockSeqs(ev, lockLike);
  const spawnSeen = new Uint8Array(threads); // 1: a spawn exists, 2: visited
  const endSeen = new Uint8Array(threads);
  const lastSeq = new Float64Array(ev.prims).fill(-1); // the last notify / set visited
  const maxSeq = new Float64Array(ev.prims).fill(-1); // the last one there is
  const sets = new Int32Array(ev.prims);
  const arrived = new Int32Array(ev.prims);
  const trips = new Map<number, Set<number>>();
  const puts = new Map<number, Map<number, number>>(); // queue → item → 1 exists, 2 visited
  for (let r = 0; r < n; r++) {
    const code = k[r];
    if (code === K.threadSpawn || code === K.processStart) {
      if (p[r] >= 0 && p[r] < threads) spawnSeen[p[r]] = 1;
    } else if (code === K.threadEnd) endSeen[th[r]] = 1;
    else if (code === K.condNotify || code === K.eventSet) maxSeq[p[r]] = Math.max(maxSeq[p[r]], q[r]);
    else if (code === K.queuePutDone) (puts.get(p[r]) ?? puts.set(p[r], new Map()).get(p[r])!).set(q[r], 1);
  }

  const ready = (r: number): boolean => {
    const code = k[r];
    const x = p[r];
    switch (code) {
      case K.acquired:
      case K.release:
        return seqs.isNext(x, q[r], r);
      case K.threadStart:
        return spawnSeen[th[r]] !== 1;
      case K.joinEnd:
        return a[r] !== 1 || x < 0 || x >= threads || endSeen[x] !== 1;
      case K.condWake:
      case K.eventWake:
        if (a[r] !== 1) return true;
        if (l[r] >= 0) return l[r] > maxSeq[x] || lastSeq[x] >= l[r];
        return code === K.condWake || maxSeq[x] < 0 || sets[x] > 0;
      case K.barrierPass:
        return trips.get(x)?.has(l[r]) === true || arrived[x] >= parties[x];
      case K.queueGetDone:
        return puts.get(x)?.get(q[r]) !== 1;
      default:
        return true;
    }
  };
  const visited = (r: number): void => {
    const code = k[r];
    const x = p[r];
    switch (code) {
      case K.acquired:
      case K.release:
        seqs.advance(x, r);
        break;
      case K.threadSpawn:
      case K.processStart:
        if (x >= 0 && x < threads) spawnSeen[x] = 2;
        break;
      case K.threadEnd:
        endSeen[th[r]] = 2;
        break;
      case K.condNotify:
      case K.eventSet:
        lastSeq[x] = Math.max(lastSeq[x], q[r]);
        if (code === K.eventSet) sets[x]++;
        break;
      case K.barrierWait:
        arrived[x]++;
        break;
      case K.barrierPass: {
        const seen = trips.get(x) ?? trips.set(x, new Set()).get(x)!;
        if (!seen.has(l[r])) {
          seen.add(l[r]);
          arrived[x] = Math.max(0, arrived[x] - parties[x]);
        }
        break;
      }
      case K.barrierReset:
        arrived[x] = 0;
        break;
      case K.queuePutDone:
        puts.get(x)?.set(q[r], 2);
        break;
      case K.queueGetDone:
        puts.get(x)?.delete(q[r]);
        break;
    }
    visit(r);
  };

  // Merge by time: a binary heap of threads keyed by the time of their next row. A thread whose
  // next row must wait is parked until some other row is visited.
  const heap = new ThreadHeap(t, cur);
  for (let x = 0; x < threads; x++) if (start[x] >= 0) heap.push(x);
  const parked: number[] = [];
  const unpark = () => {
    let kept = 0;
    for (const y of parked)
      if (ready(cur[y])) heap.push(y);
      else parked[kept++] = y;
    parked.length = kept;
  };
  for (;;) {
    if (heap.size === 0) {
      if (parked.length === 0) break;
      // Every thread waits for a row the trace does not hold (none was visited since they parked): take the earliest.
      parked.sort((x, y) => t[cur[x]] - t[cur[y]] || x - y);
      const x = parked[0];
      visited(cur[x]++);
      if (cur[x] >= end[x]) parked.shift();
      for (const y of parked) heap.push(y);
      parked.length = 0;
      continue;
    }
    const x = heap.pop();
    // Run this thread while it stays earliest and ready: no heap work per row in the usual case. A
    // parked thread that a row makes ready goes back in the heap at once, so this thread stops at
    // its time (else a notify would let this thread run past the wake it allowed, and the next notify
    // would be joined into that wake too).
    while (cur[x] < end[x] && ready(cur[x])) {
      visited(cur[x]++);
      if (parked.length > 0) unpark();
      if (heap.size > 0 && cur[x] < end[x] && t[cur[x]] > heap.peekTime()) break;
    }
    if (cur[x] >= end[x]) continue;
    if (ready(cur[x])) heap.push(x);
    else parked.push(x);
  }
}

/**
 * Per lock-like primitive, its acquired/release rows by sequence number, so the next one to
 * visit is known exactly (sequence numbers are dense per primitive; gaps are skipped).
 */
class LockSeqs {
  private readonly slots: (Int32Array | undefined)[] = [];
  private readonly first: number[] = [];
  private readonly cursor: number[] = [];

  constructor(ev: HbEvents, lockLike: Uint8Array) {
    const lo = new Float64Array(lockLike.length).fill(Infinity);
    const hi = new Float64Array(lockLike.length).fill(-Infinity);
    const count = new Float64Array(lockLike.length);
    const { k, p, q } = ev;
    const seqOp = (r: number) => {
      const code = k[r];
      const prim = p[r];
      return (code === K.acquired || code === K.release) && prim >= 0 && prim < lockLike.length && lockLike[prim] === 1 && Number.isInteger(q[r]);
    };
    for (let r = 0; r < k.length; r++) {
      if (!seqOp(r)) continue;
      const prim = p[r];
      if (q[r] < lo[prim]) lo[prim] = q[r];
      if (q[r] > hi[prim]) hi[prim] = q[r];
      count[prim]++;
    }
    for (let prim = 0; prim < count.length; prim++) {
      const span = hi[prim] - lo[prim] + 1;
      // Sequence numbers far sparser than the operations: not the runtime's; time order only.
      if (count[prim] === 0 || span > 4 * count[prim] + 1024) continue;
      this.slots[prim] = new Int32Array(span).fill(-1);
      this.first[prim] = lo[prim];
      this.cursor[prim] = 0;
    }
    for (let r = 0; r < k.length; r++) {
      const s = seqOp(r) ? this.slots[p[r]] : undefined;
      if (s) s[q[r] - this.first[p[r]]] = r;
    }
  }

  /** Whether row `r` (sequence number `q` on `prim`) is the next operation on it to visit. */
  isNext(prim: number, q: number, r: number): boolean {
    const s = this.slots[prim];
    if (!s || !Number.isInteger(q)) return true;
    let c = this.cursor[prim];
    while (c < s.length && s[c] < 0) c++;
    this.cursor[prim] = c;
    return c >= s.length || s[c] === r;
  }

  advance(prim: number, r: number): void {
    const s = this.slots[prim];
    if (!s) return;
    const c = this.cursor[prim];
    if (c < s.length && s[c] === r) this.cursor[prim] = c + 1;
  }
}

/** Threads ordered by the time of their next row (ties: lower thread id). */
class ThreadHeap {
  private readonly items: number[] = [];

  constructor(
    private readonly t: Float64Array,
    private readonly cur: Int32Array,
  ) {}

  get size(): number {
    return this.items.length;
  }

  peekTime(): number {
    return this.t[this.cur[this.items[0]]];
  }

  private less(x: number, y: number): boolean {
    const tx = this.t[this.cur[x]];
    const ty = this.t[this.cur[y]];
    return tx < ty || (tx === ty && x < y);
  }

  push(x: number): void {
    const h = this.items;
    h.push(x);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(h[i], h[parent])) break;
      const x = h[i];
      h[i] = h[parent];
      h[parent] = x;
      i = parent;
    }
  }

  pop(): number {
    const h = this.items;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l], h[m])) m = l;
        if (r < h.length && this.less(h[r], h[m])) m = r;
        if (m === i) break;
        const x = h[i];
        h[i] = h[m];
        h[m] = x;
        i = m;
      }
    }
    return top;
  }
}
