// The level-of-detail pyramid of a long run: per lane (thread), per time bucket, how long the thread
// spent in each state, how long it held a lock (and how much of that while another thread waited),
// how many events it recorded and how many waits began. Built in one pass over the events as they
// are written (EventBatch chunks in recording order, source.ts), in memory bounded by the bucket
// count whatever the run's length, so a viewer paints a 100 M-event run from a few thousand buckets
// and reads events only for the window it zooms into (pyramid-detail.ts).
//
// Level 0 has `capacity` buckets of `bucketNs`; when the run outgrows them, pairs merge and the
// width doubles (a growing histogram). Level ℓ is level 0 summed over 2^ℓ buckets (pyramid-slice.ts).
//
// The states follow the model's thread pass (model/thread-pass.ts) in streaming form: an operation
// becomes a blocked/waiting/… span only if it really waited, nested operations commit the outer one
// when the inner one begins; holds follow model/prim-pass.ts (Lock/RLock owner and depth, Semaphore
// holds per acquire). "Contended": another thread waits for a primitive the lane holds; a request
// waits when it finds a Lock/RLock held by another thread or a Semaphore without permits. Along the way it keeps, at each chunk boundary, the events that open what is still
// open then (the checkpoint a window's detail starts from).
import type { EventBatch, PrimitiveInfo } from '../trace/format';
import { EventKind, PrimKind } from '../trace/kinds';
import { STATE_CODE } from '../model/columns';
import { BEGIN_OF, IS_BEGIN, stateOf } from '../model/thread-pass';
import { FIELDS, F_CONTENDED, F_EVENTS, F_HELD, F_WAITS } from '../protocol/buckets';

export const DEFAULT_CAPACITY = 1 << 16;
/** The finest bucket: the clock's cross-thread trust (docs/measurements.md) is ~10 µs; 1 µs keeps short runs sharp. */
export const MIN_BUCKET_NS = 1024;

const RUNNING = STATE_CODE.running;

/** State code of the span an operation that began with each begin kind makes (the thread pass's stateOf). */
const STATE_OF_BEGIN = new Uint8Array(256);
for (let c = 0; c < 256; c++) if (IS_BEGIN[c]) STATE_OF_BEGIN[c] = STATE_CODE[stateOf(c)];

/** One event kept whole (an open operation's begin, an open hold's acquire): what a checkpoint holds. */
export interface Kept {
  t: number;
  th: number;
  k: number;
  p: number;
  a: number;
  q: number;
  l: number;
  at: number;
}

/** Event i of b into `into` (a lane's reused slot: an object per event would cost more than the rest of the pass). */
function keep(b: EventBatch, i: number, into: Kept): void {
  into.t = b.t[i];
  into.th = b.th[i];
  into.k = b.k[i];
  into.p = b.p[i];
  into.a = b.a[i];
  into.q = b.q[i];
  into.l = b.l[i];
  into.at = b.at[i];
}

const emptyKept = (): Kept => ({ t: 0, th: 0, k: 0, p: 0, a: 0, q: 0, l: 0, at: 0 });

interface Op {
  ev: Kept;
  committed: boolean;
  /** A Lock/RLock request made while another thread held it: it waits, and the holder's hold is contended. */
  queued: boolean;
  /** Queue put/get: the queue's size when it asked (whether it had to wait follows from it). */
  size: number;
}

interface Lane {
  thread: number;
  /** Level 0: capacity × FIELDS. */
  buckets: Float32Array;
  start: number;
  end: number;
  ended: boolean;
  curStart: number;
  curCode: number;
  /** Operations under way: the first `depth` of `stack` (slots are reused). */
  stack: Op[];
  depth: number;
  /** Open holds (their acquire events, the first `nHolds` of `holds`) and how many of their primitives have a waiter. */
  holds: Kept[];
  nHolds: number;
  contended: number;
  holdSince: number;
  /** Contended time is accounted up to here (apart: other threads' waits move it, maybe past the lane's own events). */
  contendedSince: number;
  /** Most holds open at once: the hold rows the lane needs. */
  maxHolds: number;
}

interface Prim {
  kind: number;
  /** Lock/RLock: the owner (0 none) and its depth; the `q` of the owner's acquire (NaN unknown). */
  owner: number;
  ownerSeq: number;
  /** Semaphore: permits left (NaN unknown). */
  permits: number;
  /** Threads holding it (a Semaphore's once per permit), and requests waiting for it. */
  holders: number[];
  waiters: number;
  depth: number;
  /** Queue: size after the last put/get; maxsize (0 unbounded) from the primitive's info. */
  size: number;
  maxsize: number;
}

/** Chunk `chunk` of the run as the pyramid saw it, with what a window's detail starts from. */
export interface Checkpoint {
  chunk: number;
  /** Index of its first event in the run, how many it has, its earliest and latest time. */
  offset: number;
  count: number;
  tMin: number;
  tMax: number;
  /** The events that opened what was still open before it (operations under way, holds), by time. */
  events: Kept[];
}

export class PyramidBuilder {
  bucketNs = MIN_BUCKET_NS;
  readonly capacity: number;
  private readonly lanes: Lane[] = [];
  private readonly laneOf = new Map<number, number>();
  /** By primitive id (ids are small integers: an array is looked up several times an event). */
  private readonly prims: (Prim | undefined)[] = [];
  private readonly maxsize = new Map<number, number>();
  private readonly initPermits = new Map<number, number>();
  private readonly checkpoints: Checkpoint[] = [];
  private events = 0;
  private endNs = 0;

  constructor(capacity = DEFAULT_CAPACITY) {
    if (!(capacity >= 2 && (capacity & (capacity - 1)) === 0)) throw new Error(`pyramid capacity ${capacity}: a power of two ≥ 2 is needed`);
    this.capacity = capacity;
  }

  /** Queue bounds come from the primitives' info (events do not carry them). */
  primitive(info: PrimitiveInfo): void {
    const m = info.init?.maxsize;
    if (typeof m === 'number') this.maxsize.set(info.id, m);
    const v = info.init?.value;
    if (typeof v === 'number') this.initPermits.set(info.id, v);
  }

  /** Number of events fed so far. */
  get count(): number {
    return this.events;
  }

  /** The next chunk of the run, in recording order. */
  push(b: EventBatch): void {
    const n = b.t.length;
    const cp: Checkpoint = { chunk: this.checkpoints.length, offset: this.events, count: n, tMin: Infinity, tMax: -Infinity, events: this.openEvents() };
    this.checkpoints.push(cp);
    let lane: Lane | undefined;
    for (let i = 0; i < n; i++) {
      const t = b.t[i];
      if (t > this.endNs) this.endNs = t;
      if (t < cp.tMin) cp.tMin = t;
      if (t > cp.tMax) cp.tMax = t;
      while (t >= this.bucketNs * this.capacity) this.grow();
      // A drained batch holds runs of one thread's events: look its lane up once per run.
      if (lane === undefined || lane.thread !== b.th[i]) lane = this.lane(b.th[i], t);
      lane.buckets[Math.floor(t / this.bucketNs) * FIELDS + F_EVENTS]++;
      this.event(lane, b, i);
    }
    this.events += n;
  }

  /** Ends a lane at t (its threadEnd, or the thread's end from its info). */
  private finishLane(lane: Lane, t: number): void {
    const top = lane.depth ? lane.stack[lane.depth - 1] : undefined;
    if (top && !top.committed) this.commit(lane, top);
    this.span(lane, lane.curStart, t, lane.curCode);
    lane.curStart = t;
    lane.curCode = RUNNING;
    lane.depth = 0;
    this.holdTo(lane, t);
    lane.nHolds = 0;
    lane.contended = 0;
    lane.end = t;
    lane.ended = true;
  }

  private event(lane: Lane, b: EventBatch, i: number): void {
    const c = b.k[i];
    const t = b.t[i];
    if (c === EventKind.threadStart) {
      if (t < lane.start) lane.start = lane.curStart = lane.holdSince = lane.contendedSince = t;
      return;
    }
    if (c === EventKind.threadEnd) return this.finishLane(lane, t);
    if (c === EventKind.primCreate) {
      const id = b.p[i];
      if (id >= 0)
        this.prims[id] = {
          kind: b.a[i],
          owner: 0,
          ownerSeq: NaN,
          depth: 0,
          permits: this.initPermits.get(id) ?? Number.NaN,
          holders: [],
          waiters: 0,
          size: 0,
          maxsize: this.maxsize.get(id) ?? 0,
        };
      return;
    }
    if (c === EventKind.acquired) this.acquired(lane, b, i);
    else if (c === EventKind.release) this.released(lane, b, i);
    if (IS_BEGIN[c]) {
      const top = lane.depth ? lane.stack[lane.depth - 1] : undefined;
      if (top && !top.committed) this.commit(lane, top);
      if (lane.depth === lane.stack.length) lane.stack.push({ ev: emptyKept(), committed: false, queued: false, size: 0 });
      const op = lane.stack[lane.depth++];
      keep(b, i, op.ev);
      op.committed = false;
      op.queued = false;
      op.size = this.prims[b.p[i]]?.size ?? 0;
      if (c === EventKind.acquireRequest) {
        const prim = this.prims[b.p[i]];
        // A request waits when it finds a Lock held by another thread, a Semaphore without permits, or
        // others already waiting (a released lock is handed to its waiter ~22 µs later, docs/measurements.md).
        const busy = prim && (isMutex(prim.kind) ? prim.owner !== 0 && prim.owner !== lane.thread : isSemaphore(prim.kind) && prim.permits <= 0);
        if (prim && (busy || ((isMutex(prim.kind) || isSemaphore(prim.kind)) && prim.waiters > 0))) {
          op.queued = true;
          this.setWaiters(prim, prim.waiters + 1, t);
        }
      }
    } else if (BEGIN_OF[c]) {
      const on = b.p[i];
      let k = lane.depth - 1;
      while (k >= 0 && !(lane.stack[k].ev.k === BEGIN_OF[c] && lane.stack[k].ev.p === on)) k--;
      if (k >= 0) {
        // Its slot is free from here on: read before the next begin reuses it.
        const op = lane.stack[k];
        lane.depth = k; // ops opened above it and never ended are abandoned
        if (op.queued) {
          const prim = this.prims[op.ev.p];
          if (prim) this.setWaiters(prim, prim.waiters - 1, t);
        }
        if (op.committed) {
          this.span(lane, lane.curStart, t, lane.curCode);
          lane.curStart = t;
          lane.curCode = k > 0 ? STATE_OF_BEGIN[lane.stack[k - 1].ev.k] : RUNNING;
        } else if (this.waited(op, b, i)) {
          this.span(lane, lane.curStart, op.ev.t, lane.curCode);
          this.span(lane, op.ev.t, t, STATE_OF_BEGIN[op.ev.k]);
          lane.curStart = t;
        }
      }
    }
    if (c === EventKind.queuePutDone || c === EventKind.queueGetDone) {
      const prim = this.prims[b.p[i]];
      if (prim && b.a[i] === b.a[i]) prim.size = b.a[i];
    }
  }

  /** Did the operation `op` that ends at event i of `b` wait? As the thread pass decides, from what a stream knows. */
  private waited(op: Op, b: EventBatch, i: number): boolean {
    const c = b.k[i];
    const dt = b.t[i] > op.ev.t;
    switch (c) {
      case EventKind.acquired:
        return b.l[i] !== b.l[i] ? dt : b.l[i] >= 0;
      case EventKind.acquireFailed:
      case EventKind.queueFull:
      case EventKind.queueEmpty:
        return op.ev.a !== 0;
      case EventKind.eventWake:
        return !(b.a[i] === 1 && b.l[i] === -1);
      case EventKind.queueGetDone:
      case EventKind.queuePutDone: {
        const prim = this.prims[op.ev.p];
        if (!prim) return dt;
        if (c === EventKind.queueGetDone) return op.size <= 0;
        return prim.maxsize > 0 && op.size >= prim.maxsize;
      }
      default:
        return dt;
    }
  }

  private acquired(lane: Lane, b: EventBatch, i: number): void {
    const t = b.t[i];
    const prim = this.prims[b.p[i]];
    const kind = prim?.kind ?? PrimKind.Lock;
    if (!prim) return this.openHold(lane, b, i, undefined); // a primitive missing from the stream: a Lock, as the model assumes
    if (isSemaphore(kind)) {
      prim.permits = b.a[i] === b.a[i] ? b.a[i] : prim.permits - 1;
      return this.openHold(lane, b, i, prim);
    }
    if (!isMutex(kind)) return;
    if (prim.owner !== lane.thread && b.q[i] < prim.ownerSeq) {
      // Drained late: this hold began and (its release follows) ended before the owner's acquire.
      if (!(kind === PrimKind.RLock && b.a[i] > 1)) this.openHold(lane, b, i, prim);
      return;
    }
    if (prim.owner !== lane.thread) {
      // The owner's release is not in: with sequence numbers it was drained later (it comes with a q below this
      // acquire's and ends that hold at its own time); without, it is missing and the hold ends here, as in the model.
      if (prim.owner !== 0 && !(b.q[i] === b.q[i] && prim.ownerSeq === prim.ownerSeq))
        this.closeHold(this.lanes[this.laneOf.get(prim.owner)!], prim, b.p[i], t);
      prim.owner = lane.thread;
      prim.ownerSeq = b.q[i];
      this.openHold(lane, b, i, prim);
      prim.depth = 0;
    }
    prim.depth = kind === PrimKind.RLock && b.a[i] >= 1 ? b.a[i] : prim.depth + 1;
  }

  private released(lane: Lane, b: EventBatch, i: number): void {
    const t = b.t[i];
    const p = b.p[i];
    const prim = this.prims[p];
    const kind = prim?.kind ?? PrimKind.Lock;
    if (!prim || isSemaphore(kind)) {
      // release(n) is one event: n is the rise in permits.
      let n = 1;
      if (prim) {
        const after = b.a[i];
        n = after === after && prim.permits === prim.permits ? Math.max(1, after - prim.permits) : 1;
        prim.permits = after === after ? after : prim.permits + 1;
      }
      for (let j = 0; j < n; j++) this.closeHold(lane, prim, p, t);
      return;
    }
    if (!isMutex(kind)) return;
    // Chunks come in recording order: a thread drained late brings its release after the next
    // owner's acquire (and maybe its release). Ordered before that acquire, it ends the releasing
    // thread's own hold.
    if (prim.owner !== lane.thread && b.q[i] < prim.ownerSeq) {
      if (!(kind === PrimKind.RLock && b.a[i] > 0)) this.closeHold(lane, prim, p, t);
      return;
    }
    if (prim.owner === 0 || (kind === PrimKind.RLock && prim.owner !== lane.thread)) return;
    prim.depth = kind === PrimKind.RLock && b.a[i] >= 0 ? b.a[i] : prim.depth - 1;
    if (prim.depth <= 0) {
      this.closeHold(this.lanes[this.laneOf.get(prim.owner)!], prim, p, t);
      prim.owner = 0;
    }
  }

  private openHold(lane: Lane, b: EventBatch, i: number, prim: Prim | undefined): void {
    const t = b.t[i];
    this.holdTo(lane, t);
    if (lane.nHolds === lane.holds.length) lane.holds.push(emptyKept());
    keep(b, i, lane.holds[lane.nHolds++]);
    if (lane.nHolds > lane.maxHolds) lane.maxHolds = lane.nHolds;
    if (!prim) return;
    prim.holders.push(lane.thread);
    if (prim.waiters > 0) this.contend(lane.thread, 1, t);
  }

  /** Ends the lane's oldest hold of primitive p. */
  private closeHold(lane: Lane, prim: Prim | undefined, p: number, t: number): void {
    const holds = lane.holds;
    let k = 0;
    while (k < lane.nHolds && holds[k].p !== p) k++;
    if (k === lane.nHolds) return;
    this.holdTo(lane, t);
    // The slot moves to the end (free), the later holds down one: their order is kept.
    const slot = holds[k];
    for (; k < lane.nHolds - 1; k++) holds[k] = holds[k + 1];
    holds[k] = slot;
    lane.nHolds--;
    if (!prim) return;
    const j = prim.holders.indexOf(lane.thread);
    if (j >= 0) {
      // Order does not matter: the last takes its place (splice would allocate an array each release).
      prim.holders[j] = prim.holders[prim.holders.length - 1];
      prim.holders.pop();
    }
    if (prim.waiters > 0) this.contend(lane.thread, -1, t);
  }

  /** Waiters come and go: while there is one, every holder's hold is contended. */
  private setWaiters(prim: Prim, n: number, t: number): void {
    const was = prim.waiters > 0;
    prim.waiters = Math.max(0, n);
    if (was !== prim.waiters > 0) for (const th of prim.holders) this.contend(th, was ? -1 : 1, t);
  }

  private contend(thread: number, d: number, t: number): void {
    if (thread === 0) return;
    const lane = this.lanes[this.laneOf.get(thread) ?? -1];
    if (!lane) return;
    this.contendedTo(lane, t);
    lane.contended += d;
  }

  /**
   * Accounts the lane's holds up to t, as they were since holdSince. Only the lane's own hold changes call it: a
   * waiter drained ahead of the holder must not count the hold past the holder's release that is still to come.
   */
  private holdTo(lane: Lane, t: number): void {
    this.contendedTo(lane, t);
    if (t <= lane.holdSince) return;
    if (lane.nHolds) this.add(lane, F_HELD, lane.holdSince, t);
    lane.holdSince = t;
  }

  private contendedTo(lane: Lane, t: number): void {
    if (t <= lane.contendedSince) return;
    if (lane.nHolds && lane.contended > 0) this.add(lane, F_CONTENDED, lane.contendedSince, t);
    lane.contendedSince = t;
  }

  private commit(lane: Lane, op: Op): void {
    this.span(lane, lane.curStart, op.ev.t, lane.curCode);
    lane.curStart = op.ev.t;
    lane.curCode = STATE_OF_BEGIN[op.ev.k];
    op.committed = true;
  }

  private span(lane: Lane, s: number, e: number, code: number): void {
    if (!(e > s)) return;
    this.add(lane, code, s, e);
    if (code !== RUNNING) lane.buckets[this.bucketOf(s) * FIELDS + F_WAITS]++;
  }

  /** Adds the time [s, e) to field f of the buckets it covers. */
  private add(lane: Lane, f: number, s: number, e: number): void {
    while (e > this.bucketNs * this.capacity) this.grow();
    const w = this.bucketNs;
    const buckets = lane.buckets;
    let k = Math.floor(s / w);
    const last = Math.min(Math.floor(e / w), this.capacity - 1);
    if (k === last) {
      buckets[k * FIELDS + f] += e - s;
      return;
    }
    buckets[k * FIELDS + f] += (k + 1) * w - s;
    for (k++; k < last; k++) buckets[k * FIELDS + f] += w;
    buckets[last * FIELDS + f] += e - last * w;
  }

  private bucketOf(t: number): number {
    return Math.min(Math.floor(t / this.bucketNs), this.capacity - 1);
  }

  /** The run outgrew level 0: merge pairs of buckets, doubling their width. */
  private grow(): void {
    const half = this.capacity / 2;
    for (const lane of this.lanes) {
      const b = lane.buckets;
      for (let k = 0; k < half; k++) for (let f = 0; f < FIELDS; f++) b[k * FIELDS + f] = b[2 * k * FIELDS + f] + b[(2 * k + 1) * FIELDS + f];
      b.fill(0, half * FIELDS);
    }
    this.bucketNs *= 2;
  }

  private lane(thread: number, t: number): Lane {
    let i = this.laneOf.get(thread);
    if (i === undefined) {
      i = this.lanes.length;
      this.laneOf.set(thread, i);
      this.lanes.push({
        thread,
        buckets: new Float32Array(this.capacity * FIELDS),
        start: t,
        end: t,
        ended: false,
        curStart: t,
        curCode: RUNNING,
        stack: [],
        depth: 0,
        holds: [],
        nHolds: 0,
        contended: 0,
        holdSince: t,
        contendedSince: t,
        maxHolds: 0,
      });
    }
    return this.lanes[i];
  }

  /** The events that open what is open now, in time order (a checkpoint). */
  openEvents(): Kept[] {
    const out: Kept[] = [];
    for (const lane of this.lanes) {
      if (lane.ended) continue;
      // Copies: the lanes' slots are reused.
      for (let k = 0; k < lane.nHolds; k++) out.push({ ...lane.holds[k] });
      for (let k = 0; k < lane.depth; k++) out.push({ ...lane.stack[k].ev });
    }
    return out.sort((x, y) => x.t - y.t);
  }

  /**
   * Everything so far as a Pyramid: level 0 copied, with what is still open (a live run's current
   * spans and holds) counted up to `nowNs` (default: the latest event) without closing it.
   */
  snapshot(nowNs = this.endNs): Pyramid {
    const now = Math.max(nowNs, this.endNs);
    while (now > this.bucketNs * this.capacity) this.grow();
    const lanes: PyramidLane[] = this.lanes.map((l) => ({
      thread: l.thread,
      start: l.start,
      end: l.ended ? l.end : now,
      maxHolds: l.maxHolds,
      buckets: l.buckets.slice(),
    }));
    // Count the open spans and holds into the copies: swap each copy in, account, swap back.
    this.lanes.forEach((l, i) => {
      if (l.ended) return;
      const saved = { buckets: l.buckets, curStart: l.curStart, holdSince: l.holdSince, contendedSince: l.contendedSince };
      l.buckets = lanes[i].buckets;
      const top = l.depth ? l.stack[l.depth - 1] : undefined;
      // An operation still open now has waited until now (as the thread pass ends a lane).
      if (top && !top.committed && top.ev.t < now) {
        if (top.ev.t > l.curStart) this.add(l, l.curCode, l.curStart, top.ev.t);
        this.add(l, STATE_OF_BEGIN[top.ev.k], top.ev.t, now);
      } else if (now > l.curStart) this.add(l, l.curCode, l.curStart, now);
      this.holdTo(l, now);
      Object.assign(l, saved);
    });
    return { bucketNs: this.bucketNs, capacity: this.capacity, endNs: now, events: this.events, lanes, checkpoints: this.checkpoints.slice() };
  }
}

function isMutex(kind: number): boolean {
  return kind === PrimKind.Lock || kind === PrimKind.RLock;
}

function isSemaphore(kind: number): boolean {
  return kind === PrimKind.Semaphore || kind === PrimKind.BoundedSemaphore;
}

export interface PyramidLane {
  thread: number;
  start: number;
  end: number;
  /** Hold rows the lane needs (most holds open at once). */
  maxHolds: number;
  /** Level 0: capacity × FIELDS. */
  buckets: Float32Array;
}

export interface Pyramid {
  /** Width of a level-0 bucket. */
  bucketNs: number;
  capacity: number;
  endNs: number;
  events: number;
  lanes: PyramidLane[];
  /** One per chunk fed, in order. */
  checkpoints: Checkpoint[];
}

/** A pyramid of a whole source, in one pass (a trace file without one saved, tests). */
export function buildPyramid(forEachChunk: (fn: (chunk: EventBatch) => void) => void, primitives: readonly PrimitiveInfo[] = [], capacity?: number): Pyramid {
  const b = new PyramidBuilder(capacity);
  for (const p of primitives) b.primitive(p);
  forEachChunk((c) => b.push(c));
  return b.snapshot();
}
