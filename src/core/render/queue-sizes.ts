// Whether a queue put or get had to wait, ruled as the model rules it, in a walk over a run's chunks
// (render/summary.ts). The model reads the queue's size when the operation began off the queue's
// size track: each put's and get's "size after" in time order over all threads (thread-pass.ts,
// prim-pass.ts). A walk sees each thread's events in order but other threads' only as they were
// drained (source.ts), so it keeps each queue's latest samples per thread (each thread's in time
// order: the latest at or before a time is one binary search per thread) and rules an operation
// once the samples that can precede its begin are in:
// - For a FIFO queue (Queue, SimpleQueue) they are known exactly. Item ids are handed out in put
//   order under the queue's mutex and taken in the same order, so with the size after each, the
//   k-th put is the (2k - size)-th operation on the queue and the get of item j the (2j + size)-th.
//   An operation is ruled once every operation before its end has come; the walk holds the
//   thread's later events meanwhile (a drain's lag: usually the same chunk).
// - For the other kinds, at the end of the chunk.
// Either way a sample that comes later and is at or before a begin already ruled on might have
// changed that ruling: the walk then no longer vouches for the model's output (`late`). Memory is
// bounded: past KEEP samples a thread's oldest are dropped, keeping the latest dropped, and a
// ruling that would need an older one is not vouched for either.
import { EventKind } from '../trace/kinds';

/** Samples a thread keeps per queue after a drop (it drops when it holds twice as many): at ~20 k queue operations a second a thread, seconds of one thread drained ahead of another (a loaded machine drains late). */
const KEEP = 1 << 16;
/** Positions come out of order by a drain or two: this many ahead, they are not trusted. */
const MAX_AHEAD = 1 << 16;

/** What a walk reads of a queue in the header: whether it is FIFO, and its bound (NaN: none that counts). */
export interface QueueInfo {
  fifo: boolean;
  maxsize: number;
}

/** One thread's samples of one queue, in its time order: time, event index in the run, size after. */
interface Run {
  t: Float64Array;
  idx: Float64Array;
  v: Float64Array;
  n: number;
  /** The latest sample dropped (t NaN: none). */
  droppedT: number;
  droppedIdx: number;
  droppedV: number;
}

/** One queue as a walk keeps it (plain data: a walk crosses processes). */
export interface QueueTrack {
  runs: Map<number, Run>;
  /** The latest begin ruled on. */
  ruledT: number;
  /** FIFO positions (see the file comment): every one up to `frontier` has come; those beyond it that came. */
  positioned: boolean;
  frontier: number;
  ahead: Set<number>;
}

export interface QueueSizesData {
  queues: Map<number, QueueTrack>;
  /** What was read of the header, by primitive id (checked when the walk is finished). */
  read: Map<number, QueueInfo | undefined>;
  /** A sample came after a ruling it might have changed, or a ruling needed a dropped sample. */
  late: boolean;
}

/** rule(): the operation cannot be ruled yet. */
export const NOT_YET = -1;
/** rule()'s moment: as the event comes, at the end of its chunk, or now (the run is over, or the thread cannot be held longer). */
export const IN_CHUNK = 0;
export const CHUNK_END = 1;
export const NOW = 2;

export function emptyQueueSizes(): QueueSizesData {
  return { queues: new Map(), read: new Map(), late: false };
}

export class QueueSizes {
  constructor(
    readonly data: QueueSizesData,
    private readonly info: (p: number) => QueueInfo | undefined,
  ) {}

  /** The queue primitive `p` as the header says (undefined: not a queue, whose waits go by time passed). */
  queue(p: number): QueueInfo | undefined {
    const d = this.data;
    if (d.read.has(p)) return d.read.get(p);
    const q = this.info(p);
    d.read.set(p, q);
    return q;
  }

  /** A sample: a put's or get's size after (`c`, `a`, item `q`), or a queue's creation (size 0), at t, event `idx`, by thread th. */
  add(p: number, c: number, t: number, a: number, q: number, idx: number, th: number): void {
    const v = c === EventKind.primCreate ? 0 : a;
    if (v !== v) return; // no size: not a sample (prim-pass.ts)
    const track = this.track(p);
    if (t <= track.ruledT) this.data.late = true;
    if (c !== EventKind.primCreate) place(track, position(c, v, q));
    let run = track.runs.get(th);
    if (!run) {
      const size = 16;
      run = { t: new Float64Array(size), idx: new Float64Array(size), v: new Float64Array(size), n: 0, droppedT: Number.NaN, droppedIdx: -1, droppedV: 0 };
      track.runs.set(th, run);
    }
    if (run.n === run.t.length) grow(run);
    run.t[run.n] = t;
    run.idx[run.n] = idx;
    run.v[run.n++] = v;
  }

  /**
   * Whether the put or get on queue `p` that began at `tb` and ended with an event of kind `c`
   * (size after `a`, item `q`) at `te` waited: 1 or 0, or NOT_YET while operations before its end
   * may still come (at `moment`).
   */
  rule(p: number, tb: number, c: number, a: number, q: number, te: number, moment: number): number {
    const info = this.queue(p)!;
    const track = this.data.queues.get(p);
    if (moment !== NOW) {
      const exact = info.fifo && track?.positioned;
      if (exact ? track!.frontier < position(c, a, q) - 1 : moment === IN_CHUNK) return NOT_YET;
    }
    if (!track || a !== a || te <= tb) {
      // No size track known to be there (the model goes by time passed without one), or a sample at the
      // begin's own time, which the ruling would need to order against the ones still to come.
      this.data.late = true;
      return te > tb ? 1 : 0;
    }
    if (tb > track.ruledT) track.ruledT = tb;
    const size = sizeAt(track, tb);
    if (size !== size) {
      this.data.late = true;
      return te > tb ? 1 : 0;
    }
    if (c === EventKind.queueGetDone) return size <= 0 ? 1 : 0;
    return info.maxsize > 0 && size >= info.maxsize ? 1 : 0;
  }

  private track(p: number): QueueTrack {
    let track = this.data.queues.get(p);
    if (!track) this.data.queues.set(p, (track = { runs: new Map(), ruledT: -Infinity, positioned: this.queue(p)!.fifo, frontier: 0, ahead: new Set() }));
    return track;
  }
}

/** A copy of the data that shares nothing a ruling changes. */
export function copyQueueSizes(d: QueueSizesData): QueueSizesData {
  const queues = new Map([...d.queues].map(([p, track]) => [p, { ...track, runs: new Map(track.runs), ahead: new Set(track.ahead) }]));
  return { queues, read: new Map(d.read), late: d.late };
}

/** The FIFO position of a put (k-th: 2k - size after) or a get (of item j: 2j + size after); NaN when the fields give none. */
function position(c: number, a: number, q: number): number {
  if (!(Number.isInteger(q) && q >= 1 && Number.isInteger(a) && a >= 0)) return Number.NaN;
  return c === EventKind.queuePutDone ? 2 * q - a : 2 * q + a;
}

/** Counts a sample's FIFO position (NaN: none, and the queue's positions are not trusted from here on). */
function place(track: QueueTrack, pos: number): void {
  if (!track.positioned) return;
  if (!(pos > track.frontier) || track.ahead.has(pos) || track.ahead.size >= MAX_AHEAD) {
    // No position, the same one twice, or too far ahead: not a FIFO queue as the runtimes keep one.
    track.positioned = false;
    track.ahead.clear();
    return;
  }
  if (pos !== track.frontier + 1) track.ahead.add(pos);
  else {
    track.frontier = pos;
    while (track.ahead.delete(track.frontier + 1)) track.frontier++;
  }
}

/** Room for the next sample: doubled up to 2 KEEP, past that the oldest KEEP dropped. */
function grow(run: Run): void {
  if (run.n >= 2 * KEEP) {
    const last = run.n - KEEP - 1;
    run.droppedT = run.t[last];
    run.droppedIdx = run.idx[last];
    run.droppedV = run.v[last];
    run.t.copyWithin(0, last + 1, run.n);
    run.idx.copyWithin(0, last + 1, run.n);
    run.v.copyWithin(0, last + 1, run.n);
    run.n = KEEP;
    return;
  }
  for (const key of ['t', 'idx', 'v'] as const) {
    const bigger = new Float64Array(2 * run.n);
    bigger.set(run[key]);
    run[key] = bigger;
  }
}

/** The queue's size at time x: the latest sample at or before it over all threads (0 before the first); NaN when that may be a dropped one. */
function sizeAt(track: QueueTrack, x: number): number {
  let bestT = -Infinity;
  let bestIdx = -1;
  let best = 0;
  for (const run of track.runs.values()) {
    let lo = 0;
    let hi = run.n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (run.t[mid] <= x) lo = mid + 1;
      else hi = mid;
    }
    let t: number;
    let idx: number;
    let v: number;
    if (lo > 0) {
      t = run.t[lo - 1];
      idx = run.idx[lo - 1];
      v = run.v[lo - 1];
    } else if (run.droppedT !== run.droppedT)
      continue; // nothing of this thread at or before x
    else if (run.droppedT <= x) {
      t = run.droppedT;
      idx = run.droppedIdx;
      v = run.droppedV;
    } else return Number.NaN; // an older one of this thread, dropped
    if (t > bestT || (t === bestT && idx > bestIdx)) {
      bestT = t;
      bestIdx = idx;
      best = v;
    }
  }
  return best;
}
