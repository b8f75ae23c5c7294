// What the terminal shows of a run, computed in one pass over its event chunks (an EventSource)
// with memory for a few numbers per thread and primitive: how a run of tens of millions of events
// is printed without building its model (build.ts holds every span, hold and event index).
// Each thread's events are walked in its time order (the EventSource promise) by the same rules as
// thread-pass.ts. The two rules that need other threads' events are kept on the side: whether a
// queue put or get had to wait, from the queue's size when it began (queue-sizes.ts: a thread whose
// operation waits for other threads' samples holds its later events meanwhile), and which Barrier
// pass tripped its barrier (barrier-trips.ts). Where the walk rules as the model does
// (RunSummary.sameAsModel), it prints what the model prints, so a caller that only prints takes it
// for a run of any length (cli/stored-run.ts).
// The loop allocates nothing per event: open operations live in per-lane typed stacks.
//
// The walk (SummaryWalk) needs nothing of the run's end, so the runner feeds it each chunk as it
// writes it (runtime/runner/store.ts) and the host only finishes it (finishSummary): the end of a
// long run then costs its last chunk, not a pass over the whole file. Until the run's duration is
// known the bar cells cannot be filled (a cell's bounds depend on it), so a live walk logs each
// state span and the finish replays them in order: the same additions as the one-shot pass, so
// the same bars to the last bit. What the walk read of the header while the run went (a thread's
// start, a barrier's parties, a queue's kind and bound) is checked against the final header; a mismatch, or a walk that
// logged more spans than MAX_LOGGED_SPANS, is not finished and the caller makes the one-shot pass.
import { countPass, tripsAgree, type BarrierTrips } from './barrier-trips';
import { CELL_STATES, LaneCells } from './lane-cells';
import { CHUNK_END, copyQueueSizes, emptyQueueSizes, IN_CHUNK, NOT_YET, NOW, QueueSizes, type QueueInfo, type QueueSizesData } from './queue-sizes';
import type { TerminalView } from './terminal';
import { A, FIELDS, L, P, Q } from '../trace/batch';
import type { EventBatch } from '../trace/format';
import type { ExitReasonName } from '../trace/kinds';
import { EventKind, exitReasonName } from '../trace/kinds';
import type { PrimitiveInfo } from '../trace/format';
import type { EventSource, IndexedEventSource, TraceHeader } from '../trace/source';
import { familyOf } from '../model/prim-pass';
import { hasProcessPass } from '../model/process-pass';
import { addWait, contentionRows } from '../model/stats';
import { BEGIN_OF, IS_BEGIN, markerOf, stateOf } from '../model/thread-pass';
import type { ContentionRow, ThreadSplit } from '../model/types';

const RUNNING = 0;
/** Index into CELL_STATES of the state each begin kind puts a thread in. */
const STATE_OF_BEGIN = new Uint8Array(256);
for (let c = 0; c < 256; c++) if (IS_BEGIN[c]) STATE_OF_BEGIN[c] = CELL_STATES.indexOf(stateOf(c));
const MAX_DEPTH = 64;
/** Spans a live walk logs before it gives up (17 bytes each: ~70 MB); the lock hammer logs one per contended acquire. */
export const MAX_LOGGED_SPANS = 1 << 22;
/** Primitive ids counted in a typed array; others (none in practice) in a map. */
const DENSE_PRIMS = 1 << 16;
/** Barrier trips under way a walk holds per barrier (a few in a sound run: one per trip not yet passed by all). */
const MAX_TRIPS = 1 << 16;
/** Kinds that give a queue's size (queue-sizes.ts). */
const IS_SAMPLE = new Uint8Array(256);
for (const k of [EventKind.queuePutDone, EventKind.queueGetDone, EventKind.primCreate]) IS_SAMPLE[k] = 1;
/** Kinds the walk does nothing with but take their time (a lock's release: a third of a lock hammer's events), once a lane has started and holds nothing. */
const ONLY_TIMED = new Uint8Array(256);
for (let c = 0; c < 256; c++)
  ONLY_TIMED[c] = Number(!IS_BEGIN[c] && !BEGIN_OF[c] && !IS_SAMPLE[c] && c !== EventKind.threadEnd && c !== EventKind.acquired && c !== EventKind.barrierPass);

/** One thread's walk: the open operations as a stack of columns (NaN p: none). Plain data, so a walk crosses processes. */
class Lane {
  started = false;
  curStart = 0;
  /** Stack index of the operation whose state the thread is in; -1: running. */
  cur = -1;
  depth = 0;
  readonly code = new Uint8Array(MAX_DEPTH);
  readonly p = new Float64Array(MAX_DEPTH);
  readonly t = new Float64Array(MAX_DEPTH);
  readonly a = new Float64Array(MAX_DEPTH);
  readonly committed = new Uint8Array(MAX_DEPTH);
  lastT = -Infinity;
  endT = Number.NaN;
  exitCode = Number.NaN;
  /** ns per CELL_STATES index. */
  readonly ns = new Float64Array(CELL_STATES.length);
  /** The bar, once the duration is known; until then spans go to the log. */
  cells?: LaneCells;
  spans = 0;
  /** Start and end of each logged span, and its state. */
  spanTimes = new Float64Array(0);
  spanStates = new Uint8Array(0);
  /** Events held while a queue operation waits for its ruling (queue-sizes.ts): HELD_FIELDS each, from heldFrom to heldTo. */
  held = new Float64Array(0);
  heldFrom = 0;
  heldTo = 0;
  constructor(readonly id: number) {}
}

/** A held event's columns: kind, t, p, a, l, q. */
const HELD_FIELDS = 6;
/** Events a lane holds before its queue operation is ruled with what has come (and not vouched for if a sample comes later). */
const MAX_HELD = 1 << 16;

/** What a walk reads of the header as it goes: the final header's (one pass), or what the run has said so far (live). */
export interface WalkHeader {
  /** The thread's start, for a thread whose first event is not its threadStart. */
  threadStart(th: number): number | undefined;
  /** A barrier's parties (NaN when unknown). */
  parties(p: number): number;
  /** A queue's kind and bound, as its waits are ruled (undefined: not a queue). */
  queue(p: number): QueueInfo | undefined;
  /** Whether events of thread `th` count (absent: all do, and the finish checks they are in the header). */
  known?(th: number): boolean;
}

/** The header as a walk reads it, from a final header. */
export function headerLookups(header: TraceHeader): WalkHeader {
  const threads = new Map(header.threads.map((t) => [t.id, t]));
  const prims = new Map(header.primitives.map((p) => [p.id, p]));
  return {
    threadStart: (th) => threads.get(th)?.start,
    parties: (p) => partiesOf(prims.get(p)),
    queue: (p) => queueInfo(prims.get(p)),
    known: (th) => threads.has(th),
  };
}

/** A barrier's parties (NaN when unknown). */
export function partiesOf(p: PrimitiveInfo | undefined): number {
  const v = p?.init?.parties;
  return typeof v === 'number' ? v : Number.NaN;
}

/** A primitive as the model rules its puts and gets: by the size track when it is of the queue family (prim-pass.ts), with init.maxsize as thread-pass.ts reads it. */
export function queueInfo(p: PrimitiveInfo | undefined): QueueInfo | undefined {
  if (familyOf(p?.kind) !== 'queue') return undefined;
  const maxsize = p!.init?.maxsize;
  return { fifo: p!.kind === 'Queue' || p!.kind === 'SimpleQueue', maxsize: typeof maxsize === 'number' ? maxsize : Number.NaN };
}

/** A walk's state as plain data (what the runner sends the host: core/protocol/runner.ts). */
export interface SummaryWalkData {
  events: number;
  /** Latest t of any event (the chunks' tMax). */
  maxT: number;
  lanes: Lane[];
  /** Acquisitions by primitive id (every family: the finish keeps the ones the header's kinds count), and the ids in first-seen order. */
  acquired: Float64Array;
  acquiredOther: Map<number, number>;
  acquiredOrder: number[];
  waited: Map<number, ContentionRow>;
  /** What the walk read of the header (checked by finishSummary). */
  startsRead: Map<number, number>;
  partiesRead: Map<number, number>;
  /** More spans than MAX_LOGGED_SPANS: the walk stopped and cannot be finished. */
  overflow: boolean;
  /** Each queue's size as the walk rules its puts and gets (queue-sizes.ts). */
  queues: QueueSizesData;
  /** Barrier trips still under way (barrier-trips.ts). */
  trips: BarrierTrips;
  /**
   * The walk may have decided something the whole model decides otherwise: a thread's events out of
   * time order (the model sorts them), a queue operation ruled before all it needed had come, or
   * more barrier trips under way than it holds.
   */
  unlikeModel: boolean;
}

export interface RunSummary extends TerminalView {
  events: number;
  /** The whole model (model/build.ts) prints the same: the walk ruled as it does, and the run has nothing for its process pass (pool tasks). */
  sameAsModel: boolean;
}

/** The one-pass walk over a run's chunks (see the file comment). */
export class SummaryWalk {
  readonly data: SummaryWalkData;
  private readonly laneOf = new Map<number, Lane>();
  private loggedSpans = 0;
  private queues: QueueSizes;

  constructor(
    private readonly header: WalkHeader,
    /** Per lane id, its bar when the duration is known before the walk (one pass); absent: spans are logged. */
    private readonly cellsOf?: (th: number) => LaneCells,
    private readonly maxSpans = MAX_LOGGED_SPANS,
  ) {
    this.data = {
      events: 0,
      maxT: -Infinity,
      lanes: [],
      acquired: new Float64Array(64),
      acquiredOther: new Map(),
      acquiredOrder: [],
      waited: new Map(),
      startsRead: new Map(),
      partiesRead: new Map(),
      overflow: false,
      queues: emptyQueueSizes(),
      trips: new Map(),
      unlikeModel: false,
    };
    this.queues = new QueueSizes(this.data.queues, (p) => header.queue(p));
  }

  feed(b: EventBatch): void {
    const d = this.data;
    const n = b.t.length;
    const base = d.events;
    d.events += n;
    if (d.overflow) return;
    const { k: bk, t: bt, th: bth, p: bp, a: ba, l: bl, q: bq } = b;
    let lastTh = n > 0 ? bth[0] : 0;
    let lane = n > 0 ? this.lane(lastTh) : undefined;
    let maxT = d.maxT;
    let acquired = d.acquired;
    for (let i = 0; i < n; i++) {
      const t = bt[i];
      if (t > maxT) maxT = t;
      if (bth[i] !== lastTh) {
        lastTh = bth[i];
        lane = this.lane(lastTh);
      }
      if (!lane) continue;
      if (t > lane.lastT) lane.lastT = t;
      else if (t < lane.lastT) d.unlikeModel = true;
      const c = bk[i];
      if (ONLY_TIMED[c] && lane.started && lane.heldTo === lane.heldFrom) continue;
      const taken = c === EventKind.acquireRequest ? takenAtOnce(b, i) : 0;
      if (taken && lane.started && lane.heldTo === lane.heldFrom && lane.depth < MAX_DEPTH) {
        // By step()'s rules a lock taken at once only commits what the thread was in before; the event after it is only timed.
        const top = lane.depth - 1;
        if (top >= 0 && !lane.committed[top]) this.commit(lane, top);
        if (d.overflow) {
          d.maxT = maxT;
          return this.drop();
        }
        for (let j = i + 1; j < i + taken; j++) {
          const tj = bt[j];
          if (tj > maxT) maxT = tj;
          if (tj > lane.lastT) lane.lastT = tj;
          else if (tj < lane.lastT) d.unlikeModel = true;
        }
        const prim = bp[i];
        if (prim < acquired.length) {
          if (acquired[prim]++ === 0) d.acquiredOrder.push(prim);
        } else acquired = this.countAcquired(prim);
        i += taken - 1;
        continue;
      }
      // As the model reads fields (batch.ts): NaN where the kind defines none or the batch has none.
      const mask = FIELDS[c];
      const p = mask & P && bp[i] !== -1 ? bp[i] : Number.NaN;
      const a = mask & A ? ba[i] : Number.NaN;
      const l = mask & L ? bl[i] : Number.NaN;
      const q = mask & Q ? bq[i] : Number.NaN;
      if (c === EventKind.acquired && p === p) {
        if (p >= 0 && p < acquired.length) {
          if (acquired[p]++ === 0) d.acquiredOrder.push(p);
        } else acquired = this.countAcquired(p);
      } else if (IS_SAMPLE[c] && p === p && this.queues.queue(p)) this.queues.add(p, c, t, a, q, base + i, lane.id);
      else if (c === EventKind.barrierPass && p === p && l === l) this.countPass(p, l, a);
      if (lane.heldTo > lane.heldFrom || !this.step(lane, c, t, p, a, l, q, IN_CHUNK)) this.hold(lane, c, t, p, a, l, q);
      if (d.overflow) {
        d.maxT = maxT;
        return this.drop();
      }
    }
    d.maxT = maxT;
    this.release(CHUNK_END);
    if (d.overflow) this.drop();
  }

  /**
   * One event of a lane, by thread-pass.ts's rules; false when it ends a queue operation that cannot
   * be ruled at `moment` (queue-sizes.ts): nothing is changed then, and the lane holds it and its later events.
   */
  private step(lane: Lane, c: number, t: number, p: number, a: number, l: number, q: number, moment: number): boolean {
    if (!lane.started) {
      lane.started = true;
      let start: number | undefined;
      if (c !== EventKind.threadStart) {
        start = this.header.threadStart(lane.id);
        this.data.startsRead.set(lane.id, start ?? Number.NaN);
      }
      lane.curStart = start !== undefined && start < t ? start : t;
    }
    if (IS_BEGIN[c]) {
      const top = lane.depth - 1;
      if (top >= 0 && !lane.committed[top]) this.commit(lane, top);
      const k = lane.depth < MAX_DEPTH ? lane.depth++ : MAX_DEPTH - 1;
      lane.code[k] = c;
      lane.p[k] = p;
      lane.t[k] = t;
      lane.a[k] = a;
      lane.committed[k] = 0;
    } else if (BEGIN_OF[c]) {
      let k = lane.depth - 1;
      const want = BEGIN_OF[c];
      while (k >= 0 && !(lane.code[k] === want && (lane.p[k] === p || (p !== p && lane.p[k] !== lane.p[k])))) k--;
      if (k < 0) return true;
      if (lane.committed[k]) {
        lane.depth = k; // ops opened above it and never ended are abandoned
        this.emit(lane, lane.curStart, t, stateAt(lane, k));
        this.recordWait(lane, k, t, c === EventKind.acquired);
        lane.curStart = t;
        lane.cur = lane.depth - 1;
        return true;
      }
      const waited = this.waitedFor(lane, k, c, t, a, l, p, q, moment);
      if (waited === NOT_YET) return false;
      lane.depth = k;
      if (waited) {
        this.emit(lane, lane.curStart, lane.t[k], stateAt(lane, lane.cur));
        this.emit(lane, lane.t[k], t, stateAt(lane, k));
        this.recordWait(lane, k, t, c === EventKind.acquired);
        lane.curStart = t;
      }
    } else if (c === EventKind.threadEnd) {
      lane.endT = t;
      lane.exitCode = a;
    }
    return true;
  }

  /** Holds a lane's event until its queue operation is ruled; past MAX_HELD, rules with what has come. */
  private hold(lane: Lane, c: number, t: number, p: number, a: number, l: number, q: number): void {
    if (lane.heldTo * HELD_FIELDS === lane.held.length) {
      if (lane.heldFrom > 0) {
        lane.held.copyWithin(0, lane.heldFrom * HELD_FIELDS, lane.heldTo * HELD_FIELDS);
        lane.heldTo -= lane.heldFrom;
        lane.heldFrom = 0;
      } else {
        const bigger = new Float64Array(Math.max(64 * HELD_FIELDS, 2 * lane.held.length));
        bigger.set(lane.held);
        lane.held = bigger;
      }
    }
    const o = lane.heldTo++ * HELD_FIELDS;
    const h = lane.held;
    h[o] = c;
    h[o + 1] = t;
    h[o + 2] = p;
    h[o + 3] = a;
    h[o + 4] = l;
    h[o + 5] = q;
    if (lane.heldTo - lane.heldFrom >= MAX_HELD) this.replay(lane, NOW);
  }

  /** Every lane's held events that can go on at `moment`. */
  private release(moment: number): void {
    for (const lane of this.data.lanes) if (lane.heldTo > lane.heldFrom) this.replay(lane, moment);
  }

  private replay(lane: Lane, moment: number): void {
    const h = lane.held;
    while (lane.heldFrom < lane.heldTo && !this.data.overflow) {
      const o = lane.heldFrom * HELD_FIELDS;
      if (!this.step(lane, h[o], h[o + 1], h[o + 2], h[o + 3], h[o + 4], h[o + 5], moment)) return;
      lane.heldFrom++;
    }
    lane.heldFrom = lane.heldTo = 0;
  }

  /** Counts a Barrier pass for barrier-trips.ts; past MAX_TRIPS trips under way, the walk no longer vouches for its passes. */
  private countPass(p: number, l: number, a: number): void {
    const d = this.data;
    if (d.unlikeModel) return;
    countPass(d.trips, p, l, a, this.parties(p));
    if (d.trips.get(p)!.size > MAX_TRIPS) {
      d.unlikeModel = true;
      d.trips.clear();
    }
  }

  private parties(p: number): number {
    const parties = this.header.parties(p);
    this.data.partiesRead.set(p, parties);
    return parties;
  }

  private lane(th: number): Lane | undefined {
    let lane = this.laneOf.get(th);
    if (!lane && (!this.header.known || this.header.known(th))) {
      lane = new Lane(th);
      lane.cells = this.cellsOf?.(th);
      this.laneOf.set(th, lane);
      this.data.lanes.push(lane);
    }
    return lane;
  }

  /** An acquisition of a primitive id outside the counts' array so far; returns the counts (grown if they had to be). */
  private countAcquired(p: number): Float64Array {
    const d = this.data;
    if (p >= 0 && p < DENSE_PRIMS) {
      if (p >= d.acquired.length) {
        const grown = new Float64Array(Math.min(DENSE_PRIMS, Math.max(p + 1, d.acquired.length * 2)));
        grown.set(d.acquired);
        d.acquired = grown;
      }
      if (d.acquired[p]++ === 0) d.acquiredOrder.push(p);
    } else {
      const n = d.acquiredOther.get(p) ?? 0;
      if (n === 0) d.acquiredOrder.push(p);
      d.acquiredOther.set(p, n + 1);
    }
    return d.acquired;
  }

  private commit(lane: Lane, k: number): void {
    this.emit(lane, lane.curStart, lane.t[k], stateAt(lane, lane.cur));
    lane.curStart = lane.t[k];
    lane.cur = k;
    lane.committed[k] = 1;
  }

  private emit(lane: Lane, s: number, e: number, state: number): void {
    if (!(e > s)) return;
    lane.ns[state] += e - s;
    if (lane.cells) return lane.cells.addIndex(state, s, e);
    if (++this.loggedSpans > this.maxSpans) {
      this.data.overflow = true;
      return;
    }
    logSpan(lane, state, s, e);
  }

  private recordWait(lane: Lane, k: number, end: number, granted: boolean): void {
    if (lane.code[k] === EventKind.acquireRequest) addWait(this.data.waited, lane.p[k] === lane.p[k] ? lane.p[k] : -1, end - lane.t[k], granted);
  }

  /** Did the operation at stack index k, ended by an event of kind c at t with fields a, l, q, wait? 1 or 0 (thread-pass.ts's rules), or NOT_YET. */
  private waitedFor(lane: Lane, k: number, c: number, t: number, a: number, l: number, p: number, q: number, moment: number): number {
    switch (c) {
      case EventKind.acquired:
        return (l !== l ? t > lane.t[k] : l >= 0) ? 1 : 0;
      case EventKind.acquireFailed:
      case EventKind.queueFull:
      case EventKind.queueEmpty:
        return lane.a[k] !== 0 ? 1 : 0;
      case EventKind.eventWake:
        return !(a === 1 && l === -1) ? 1 : 0;
      case EventKind.queuePutDone:
      case EventKind.queueGetDone:
        // By the queue's size when it began (queue-sizes.ts); a Pipe's or a Pool's by time passed.
        if (!this.queues.queue(p)) return t > lane.t[k] ? 1 : 0;
        return this.queues.rule(p, lane.t[k], c, a, q, t, moment);
      case EventKind.barrierPass:
        // The last to arrive trips it and does not wait (barrier-trips.ts checks that this is the model's tripper).
        if (p !== p || l !== l) return 1;
        return a !== this.parties(p) - 1 ? 1 : 0;
      default:
        return t > lane.t[k] ? 1 : 0;
    }
  }

  /** An overflowed walk keeps only its count of events. */
  private drop(): void {
    for (const lane of this.data.lanes) {
      lane.spanTimes = new Float64Array(0);
      lane.spanStates = new Uint8Array(0);
      lane.spans = 0;
    }
  }

  /**
   * The summary at the run's end, from the final header, its duration (summaryDuration) and the bar
   * width; undefined when the walk read something of the header that the final one says otherwise,
   * or overflowed (make the one-shot pass then).
   */
  finish(header: TraceHeader, durationNs: number, width: number): RunSummary | undefined {
    const d = this.data;
    // What queue operations still wait for their ruling have all they can have.
    this.release(NOW);
    if (d.overflow) return undefined;
    const threads = new Map(header.threads.map((t) => [t.id, t]));
    const lookups = headerLookups(header);
    for (const lane of d.lanes) if (!threads.has(lane.id)) return undefined;
    for (const [th, start] of d.startsRead) if (!Object.is(threads.get(th)?.start ?? Number.NaN, start)) return undefined;
    for (const [p, parties] of d.partiesRead) if (!Object.is(lookups.parties(p), parties)) return undefined;
    for (const [p, info] of d.queues.read) if (!sameQueue(lookups.queue(p), info)) return undefined;

    const byId = new Map(d.lanes.map((l) => [l.id, l]));
    const lanes = header.threads.map((info) => {
      const lane = byId.get(info.id) ?? new Lane(info.id);
      if (!lane.cells) {
        // Replay the logged spans: the same additions, in the same order, as a pass that knew the duration.
        lane.cells = new LaneCells(durationNs, width);
        for (let s = 0; s < lane.spans; s++) lane.cells.addIndex(lane.spanStates[s], lane.spanTimes[2 * s], lane.spanTimes[2 * s + 1]);
      }
      return lane;
    });

    header.threads.forEach((info, li) => {
      const l = lanes[li];
      if (!l.started) {
        if (info.start === undefined) return;
        l.started = true;
        l.curStart = info.start;
      }
      let end = l.endT === l.endT ? l.endT : (info.end ?? durationNs);
      if (l.lastT > end) end = l.lastT;
      const top = l.depth - 1;
      if (top >= 0 && !l.committed[top]) this.commit(l, top);
      this.emit(l, l.curStart, end, stateAt(l, l.cur));
      if (l.cur >= 0) this.recordWait(l, l.cur, end, false);
      const why = (l.exitCode === l.exitCode ? exitReasonName[l.exitCode] : undefined) as ExitReasonName | undefined;
      const exit = why ?? info.exit;
      if (exit && (l.endT === l.endT || info.end !== undefined)) l.cells!.add(markerOf(exit), end, end);
    });

    // As the header's kinds count them (prim-pass.ts): the mutex and semaphore families, and ids not in the table as a Lock's.
    const maxPrim = header.primitives.reduce((m, p) => Math.max(m, p.id), 0);
    const primKind = new Map(header.primitives.map((p) => [p.id, p.kind]));
    const count = (id: number) => (id >= 0 && id < DENSE_PRIMS ? (d.acquired[id] ?? 0) : (d.acquiredOther.get(id) ?? 0));
    const acquisitions = new Map<number, number>();
    for (let id = 0; id <= maxPrim; id++) {
      const fam = familyOf(primKind.get(id));
      if (count(id) && (fam === 'mutex' || fam === 'semaphore')) acquisitions.set(id, count(id));
    }
    for (const id of d.acquiredOrder) if (!(id >= 0 && id <= maxPrim)) acquisitions.set(id, count(id));
    return {
      trace: header,
      durationNs,
      events: d.events,
      sameAsModel: !d.unlikeModel && !d.queues.late && tripsAgree(d.trips, lookups.parties) && !hasProcessPass(header),
      lanes: (w) => {
        if (w !== width) throw new Error(`this summary was made for ${width} cells, not ${w}`);
        return lanes.map((l) => l.cells!.cells());
      },
      contention: contentionRows(header.primitives, acquisitions, d.waited),
      splits: lanes.map((l): ThreadSplit => ({
        thread: l.id,
        runningNs: l.ns[0],
        blockedNs: l.ns[1],
        waitingNs: l.ns[2],
        sleepingNs: l.ns[4],
        joiningNs: l.ns[3],
      })),
    };
  }

  /** A walk from its data (as the runner sent it), as a copy: finishing it leaves `data` as it was. */
  static from(data: SummaryWalkData, header: WalkHeader): SummaryWalk {
    const walk = new SummaryWalk(header);
    const lanes = data.lanes.map(copyLane);
    const waited = new Map([...data.waited].map(([p, row]) => [p, { ...row }]));
    Object.assign(walk.data, data, { lanes, waited, queues: copyQueueSizes(data.queues), partiesRead: new Map(data.partiesRead) });
    walk.queues = new QueueSizes(walk.data.queues, (p) => header.queue(p));
    for (const lane of lanes) walk.laneOf.set(lane.id, lane);
    return walk;
  }

  /**
   * After the last chunk, before the data crosses to the host: rules what is still held (as finish would) and keeps
   * only what finishing reads. A Queue run's samples (up to 2 × 65,536 per thread and queue, queue-sizes.ts) and the
   * logs' spare room were most of its message (12 MB for 0.48 M events).
   */
  settle(): void {
    this.release(NOW);
    for (const track of this.data.queues.queues.values()) track.runs.clear();
    for (const lane of this.data.lanes) {
      lane.spanTimes = lane.spanTimes.slice(0, 2 * lane.spans);
      lane.spanStates = lane.spanStates.slice(0, lane.spans);
      if (lane.heldTo === 0) lane.held = new Float64Array(0);
    }
  }
}

function sameQueue(x: QueueInfo | undefined, y: QueueInfo | undefined): boolean {
  return x === y || (!!x && !!y && x.fifo === y.fifo && Object.is(x.maxsize, y.maxsize));
}

/**
 * Whether event i of `b`, a request, begins a lock taken at once: its acquisition by the same thread
 * without a wait (l = -1) next. The number of events the walk can take at once: 2, or 3 when the
 * thread's next is one it only times (its release); 0 when it is not that.
 */
function takenAtOnce(b: EventBatch, i: number): number {
  const { k, th, p } = b;
  if (!(i + 1 < k.length && k[i + 1] === EventKind.acquired && th[i + 1] === th[i] && p[i + 1] === p[i] && p[i] >= 0 && b.l[i + 1] === -1)) return 0;
  return i + 2 < k.length && ONLY_TIMED[k[i + 2]] && th[i + 2] === th[i] ? 3 : 2;
}

function stateAt(lane: Lane, k: number): number {
  return k < 0 ? RUNNING : STATE_OF_BEGIN[lane.code[k]];
}

/** A lane's copy that shares only its span log (which finishing reads, never changes). */
function copyLane(lane: Lane): Lane {
  const copy = Object.assign(new Lane(lane.id), lane);
  for (const key of ['code', 'p', 't', 'a', 'committed', 'ns'] as const) Object.assign(copy, { [key]: lane[key].slice() });
  return copy;
}

function logSpan(lane: Lane, state: number, s: number, e: number): void {
  const i = lane.spans++;
  if (i === lane.spanStates.length) {
    const size = Math.max(256, 2 * i);
    const times = new Float64Array(2 * size);
    times.set(lane.spanTimes);
    const states = new Uint8Array(size);
    states.set(lane.spanStates);
    lane.spanTimes = times;
    lane.spanStates = states;
  }
  lane.spanTimes[2 * i] = s;
  lane.spanTimes[2 * i + 1] = e;
  lane.spanStates[i] = state;
}

/** The summary's duration: the outcome's, or later when a thread or an event ends later (`maxT`: the latest event's t, -Infinity if unknown). */
export function summaryDuration(header: TraceHeader, maxT: number): number {
  let durationNs = header.outcome.durationNs;
  for (const th of header.threads) if (th.end !== undefined && th.end > durationNs) durationNs = th.end;
  return maxT > durationNs ? maxT : durationNs;
}

/** The terminal's view of a run from its header and events, at a bar `width` cells wide, in one pass. */
export function summarizeRun(header: TraceHeader, source: EventSource, width: number): RunSummary {
  const chunks = (source as Partial<IndexedEventSource>).chunks;
  const durationNs = summaryDuration(header, chunks ? chunks.reduce((m, c) => (c.tMax > m ? c.tMax : m), -Infinity) : -Infinity);
  const walk = new SummaryWalk(headerLookups(header), () => new LaneCells(durationNs, width));
  source.forEachChunk((b) => walk.feed(b));
  return walk.finish(header, durationNs, width)!;
}

/**
 * The summary of a run from the walk the runner made while it went (SummaryWalkData), or undefined
 * when that walk does not cover `source` (other events) or cannot be finished.
 */
export function finishSummary(data: SummaryWalkData, header: TraceHeader, source: EventSource, width: number): RunSummary | undefined {
  if (data.events !== source.count) return undefined;
  return SummaryWalk.from(data, headerLookups(header)).finish(header, summaryDuration(header, data.maxT), width);
}
