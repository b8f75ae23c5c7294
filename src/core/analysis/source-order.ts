// The race analysis's fast path: the events visited in the order the EventSource holds them, in
// one pass, without copying them into per-thread rows and merging those (hb-order.ts). When the
// source is in time order (a JSON trace; a deterministic run, where every event has its own virtual
// time), the merge would give the source's own order up to events of the same instant, provided
// nothing in it comes before what it must follow. That is checked as the events go, against hb-order.ts's rules:
// the next operation on a lock by its sequence number; a wake after the notify or set it names; a
// get after the put of its item; a barrier pass after its trip's arrivals; a thread's start after its
// spawn; a join after the thread's end. What a rule needs to know of later events is settled when
// they come (a put visited after a get of its item breaks the rule then). A broken rule (clocks
// skewed between threads put an acquire before the release it follows), like an event out of time
// order, ends the visit with false:
// the caller starts again with the merge. The check may refuse an order the merge would accept,
// never the reverse.
import { EventKind } from '../trace/kinds';
import type { EventBatch } from '../trace/format';
import type { EventSource, TraceHeader } from '../trace/source';
import { LOCK_LIKE, SYNC } from './hb-order';

const K = EventKind;

/** What visits the events (fast-track.ts). */
export interface EventVisitor {
  visit(c: EventBatch, i: number, event: number): void;
}

/**
 * Calls `to.visit` with every synchronisation event and shared access of `source`, in source
 * order, as long as that order is time order and keeps hb-order.ts's rules; false once it does not
 * (the visit stops there), or once an event names a thread not below `threads`.
 */
export function visitInSourceOrder(header: TraceHeader, source: EventSource, threads: number, to: EventVisitor): boolean {
  const walk = new SourceWalk(new OrderRules(header, threads), threads, to);
  source.forEachChunk((c, offset) => walk.chunk(c, offset));
  return walk.ok;
}

/**
 * The walk over the chunks, as methods of an object rather than a closure made per call: optimised
 * code specialised to a closure's variables is thrown away with them, and each analysis would
 * start over in the interpreter.
 */
class SourceWalk {
  ok = true;
  private last = -Infinity;

  constructor(
    private readonly rules: OrderRules,
    private readonly threads: number,
    private readonly to: EventVisitor,
  ) {}

  chunk(c: EventBatch, offset: number): void {
    if (!this.ok) return;
    const { t, k, th } = c;
    this.last = latestInOrder(t, th, this.last);
    if (this.last !== this.last) this.ok = false; // NaN: out of time order
    for (let i = 0; i < k.length && this.ok; i++) {
      const code = k[i];
      const x = th[i];
      if (x < 0 || (SYNC[code] !== 1 && code !== K.sharedRead && code !== K.sharedWrite)) continue;
      if (x >= this.threads || (SYNC[code] === 1 && !this.rules.allow(c, i))) this.ok = false;
      else this.to.visit(c, i, offset + i);
    }
  }
}

/**
 * The latest time of a chunk whose events (those of a thread) come in time order after `since`;
 * NaN if they do not (or `since` is NaN: an earlier chunk did not).
 */
export function latestInOrder(t: Float64Array, th: Int32Array, since: number): number {
  if (since !== since) return since;
  let prev = since;
  for (let i = 0; i < t.length; i++) {
    if (th[i] < 0) continue;
    if (t[i] < prev) return NaN;
    prev = t[i];
  }
  return prev;
}

/** hb-order.ts's ordering rules, for events that come in one order and cannot wait. */
class OrderRules {
  private readonly prims: number;
  private readonly lockLike: Uint8Array;
  private readonly parties: Float64Array;
  /** Per lock-like primitive, the last sequence number visited. */
  private readonly lockSeq: Float64Array;
  /** Per thread: 1 once its start was visited, 2 once its spawn was (a spawn after its start breaks the rule). */
  private readonly started: Uint8Array;
  /** Per thread: 1 once a join that saw it end was visited before its end, 2 once its end was visited. */
  private readonly joined: Uint8Array;
  /** Per Condition or Event: the last notify / set visited, how many sets, the smallest `l` a wake named before its notify. */
  private readonly notified: Float64Array;
  private readonly sets: Int32Array;
  private readonly earlyWake: Float64Array;
  /** Per Event: a wake without `l` came while no set had been visited (any later set or notify breaks the rule). */
  private readonly earlyEventWake: Uint8Array;
  private readonly arrived: Int32Array;
  private readonly trips = new Map<number, Set<number>>();
  /** Per queue, the items whose put was visited, and those got before any put of theirs. */
  private readonly puts = new Map<number, Set<number>>();
  private readonly earlyGets = new Map<number, Set<number>>();

  constructor(header: TraceHeader, threads: number) {
    let prims = 1;
    for (const x of header.primitives) prims = Math.max(prims, x.id + 1);
    this.prims = prims;
    this.lockLike = new Uint8Array(prims);
    this.parties = new Float64Array(prims);
    for (const x of header.primitives) {
      if (LOCK_LIKE.has(x.kind)) this.lockLike[x.id] = 1;
      if (x.kind === 'Barrier') this.parties[x.id] = Number(x.init?.parties ?? 0);
    }
    this.lockSeq = new Float64Array(prims).fill(-Infinity);
    this.started = new Uint8Array(threads);
    this.joined = new Uint8Array(threads);
    this.notified = new Float64Array(prims).fill(-1);
    this.sets = new Int32Array(prims);
    this.earlyWake = new Float64Array(prims).fill(Infinity);
    this.earlyEventWake = new Uint8Array(prims);
    this.arrived = new Int32Array(prims);
  }

  /** Whether event `i` of chunk `c` may come now; if so, it counts as visited. */
  allow(c: EventBatch, i: number): boolean {
    const code = c.k[i];
    const x = c.p[i];
    const inPrims = x >= 0 && x < this.prims;
    switch (code) {
      case K.acquired:
      case K.release: {
        const q = c.q[i];
        if (!inPrims || this.lockLike[x] !== 1 || !Number.isInteger(q)) return true;
        if (q <= this.lockSeq[x]) return false;
        this.lockSeq[x] = q;
        return true;
      }
      case K.threadStart: {
        const t = c.th[i];
        if (this.started[t] === 0) this.started[t] = 1;
        return true;
      }
      case K.threadSpawn:
      case K.processStart:
        if (x < 0 || x >= this.started.length) return true;
        if (this.started[x] === 1) return false;
        this.started[x] = 2;
        return true;
      case K.joinEnd:
        if (c.a[i] === 1 && x >= 0 && x < this.joined.length && this.joined[x] !== 2) this.joined[x] = 1;
        return true;
      case K.threadEnd: {
        const t = c.th[i];
        if (this.joined[t] === 1) return false;
        this.joined[t] = 2;
        return true;
      }
      case K.condNotify:
      case K.eventSet: {
        if (!inPrims) return false;
        const q = c.q[i];
        if (q >= this.earlyWake[x] || this.earlyEventWake[x] === 1) return false;
        if (q > this.notified[x]) this.notified[x] = q;
        if (code === K.eventSet) this.sets[x]++;
        return true;
      }
      case K.condWake:
      case K.eventWake: {
        if (c.a[i] !== 1) return true;
        if (!inPrims) return false;
        const l = c.l[i];
        if (l >= 0) {
          if (this.notified[x] < l && l < this.earlyWake[x]) this.earlyWake[x] = l;
        } else if (code === K.eventWake && this.sets[x] === 0) {
          if (this.notified[x] >= 0) return false;
          this.earlyEventWake[x] = 1;
        }
        return true;
      }
      case K.barrierWait:
        if (!inPrims) return false;
        this.arrived[x]++;
        return true;
      case K.barrierPass: {
        if (!inPrims) return false;
        const l = c.l[i];
        const seen = this.trips.get(x) ?? this.trips.set(x, new Set()).get(x)!;
        if (seen.has(l)) return true;
        if (this.arrived[x] < this.parties[x]) return false;
        seen.add(l);
        this.arrived[x] = Math.max(0, this.arrived[x] - this.parties[x]);
        return true;
      }
      case K.barrierReset:
        if (inPrims) this.arrived[x] = 0;
        return true;
      case K.queuePutDone: {
        const item = c.q[i];
        if (this.earlyGets.get(x)?.has(item)) return false;
        (this.puts.get(x) ?? this.puts.set(x, new Set()).get(x)!).add(item);
        return true;
      }
      case K.queueGetDone: {
        const item = c.q[i];
        if (!this.puts.get(x)?.has(item)) (this.earlyGets.get(x) ?? this.earlyGets.set(x, new Set()).get(x)!).add(item);
        return true;
      }
      default:
        return true;
    }
  }
}
