// The per-thread pass: walks each thread's events in time order and cuts its lifetime into
// state spans. A blocking operation (acquire, wait, get, join, sleep, ...) becomes a span only if it
// really waited: an uncontended acquire is part of running. Operations may nest (a Barrier action
// that takes a lock); the outer one is then committed as a span when the inner one begins.
import { EventKind, exitReasonName, type ExitReasonName } from '../trace/kinds';
import { exitReason, spanReason, type ReasonContext } from './reasons';
import { instantOf } from './instants';
import type { Instant, StateSpan, ThreadState } from './types';

/** Blocked acquires, for contention: one entry per attempt that had to wait. */
export interface Waits {
  prim: number[];
  thread: number[];
  start: number[];
  end: number[];
  /** Whether the wait ended in the acquisition (not a timeout, failure or the end of the run). */
  granted: boolean[];
}

export interface ThreadPass {
  spans: StateSpan[][];
  instants: Instant[];
  waits: Waits;
  /** Per end event: its begin event; -1 none. */
  beginOf: Int32Array;
  /** Per thread id: when its lane starts and ends. */
  laneStart: Map<number, number>;
  laneEnd: Map<number, number>;
}

/** Begin kind of each end kind. */
export const BEGIN_OF = new Uint8Array(256);
const pairs: [number, number][] = [
  [EventKind.acquired, EventKind.acquireRequest],
  [EventKind.acquireFailed, EventKind.acquireRequest],
  [EventKind.condWake, EventKind.condWait],
  [EventKind.eventWake, EventKind.eventWait],
  [EventKind.barrierPass, EventKind.barrierWait],
  [EventKind.barrierBroken, EventKind.barrierWait],
  [EventKind.queuePutDone, EventKind.queuePut],
  [EventKind.queueFull, EventKind.queuePut],
  [EventKind.queueGetDone, EventKind.queueGet],
  [EventKind.queueEmpty, EventKind.queueGet],
  [EventKind.queueJoined, EventKind.queueJoin],
  [EventKind.joinEnd, EventKind.joinBegin],
  [EventKind.sleepEnd, EventKind.sleepBegin],
];
export const IS_BEGIN = new Uint8Array(256);
for (const [end, begin] of pairs) {
  BEGIN_OF[end] = begin;
  IS_BEGIN[begin] = 1;
}

export function stateOf(beginCode: number): ThreadState {
  switch (beginCode) {
    case EventKind.acquireRequest:
      return 'blocked';
    case EventKind.joinBegin:
      return 'joining';
    case EventKind.sleepBegin:
      return 'sleeping';
    default:
      return 'waiting';
  }
}

export function markerOf(exit: ExitReasonName): ThreadState {
  if (exit === 'normal') return 'done';
  if (exit === 'exception' || exit === 'killed') return 'exception';
  return 'cutoff';
}

interface Open {
  begin: number;
  committed: boolean;
  /** Spans emitted for it so far (when nested ops split it); their reason is redone at its end. */
  pieces: OpSpan[] | null;
}

/**
 * A span of the thread pass. Its reason is worded on first read (a tooltip, an export), not up
 * front: a million-event trace has hundreds of thousands of spans and few are ever hovered.
 * What the wording needs lives in private fields, so the span still spreads, compares and
 * serialises as the plain StateSpan it stands for (toJSON).
 */
class OpSpan implements StateSpan {
  #text: string | undefined;
  readonly #cx: ReasonContext | null;
  readonly #begin: number;
  #end: number;
  readonly #condWait: number;
  constructor(
    readonly thread: number,
    readonly state: ThreadState,
    readonly start: number,
    readonly end: number,
    readonly on: number,
    readonly at: number,
    cx: ReasonContext | null,
    begin: number,
    endEvent: number,
    condWait: number,
  ) {
    this.#cx = cx;
    this.#begin = begin;
    this.#end = endEvent;
    this.#condWait = condWait;
  }
  /** The operation it is a piece of ended at event `end` (a split wait is worded from its end). */
  endedAt(end: number): void {
    this.#end = end;
    this.#text = undefined;
  }
  get reason(): string {
    if (this.#text === undefined) this.#text = this.#cx ? spanReason(this.#cx, this.#begin, this.#end, this.#condWait) : '';
    return this.#text;
  }
  set reason(text: string) {
    this.#text = text;
  }
  toJSON(): StateSpan {
    return { thread: this.thread, state: this.state, start: this.start, end: this.end, on: this.on, at: this.at, reason: this.reason };
  }
}

export function threadPass(cx: ReasonContext): ThreadPass {
  const { trace, ix } = cx;
  const { t, code, p, a, l } = ix; // field columns: NaN where an event has no such field
  const out: ThreadPass = {
    spans: [],
    instants: [],
    waits: { prim: [], thread: [], start: [], end: [], granted: [] },
    beginOf: new Int32Array(t.length).fill(-1),
    laneStart: new Map(),
    laneEnd: new Map(),
  };

  /** Did the operation begun at `b` and ended at `e` wait? */
  const waited = (b: number, e: number): boolean => {
    switch (code[e]) {
      case EventKind.acquired:
        return l[e] !== l[e] ? t[e] > t[b] : l[e] >= 0;
      case EventKind.acquireFailed:
      case EventKind.queueFull:
      case EventKind.queueEmpty:
        return a[b] !== 0; // a non-blocking attempt fails at once
      case EventKind.eventWake:
        return !(a[e] === 1 && l[e] === -1);
      case EventKind.barrierPass:
        return !cx.prims.tripper[e];
      case EventKind.queuePutDone:
      case EventKind.queueGetDone: {
        // Whether it blocked follows from the queue's size when it asked.
        const track = cx.prims.counterByPrim.get(p[b] === p[b] ? p[b] : -1);
        if (!track || !track.t.length) return t[e] > t[b];
        const size = valueAt(track.t, track.v, t[b]) ?? 0; // a queue starts empty
        if (code[e] === EventKind.queueGetDone) return size <= 0;
        const maxsize = cx.d.primInfo(p[b] === p[b] ? p[b] : -1)?.init?.maxsize;
        return typeof maxsize === 'number' && maxsize > 0 && size >= maxsize;
      }
      default:
        return t[e] > t[b];
    }
  };

  trace.threads.forEach((info, laneNo) => {
    const list = ix.lanes[laneNo];
    const spans: StateSpan[] = [];
    out.spans.push(spans);
    let start = info.start;
    if (list.length && code[list[0]] === EventKind.threadStart) start = t[list[0]];
    if (list.length && (start === undefined || t[list[0]] < start)) start = t[list[0]];
    if (start === undefined) return; // never started (a cancelled Timer)
    out.laneStart.set(info.id, start);

    let curStart = start;
    let curOp = -1; // begin event of the current state; -1 running
    const reacquires = new Map<number, number>(); // acquireRequest → the condWait it ends
    const stack: Open[] = [];
    let endEvent = -1;

    const emit = (s: number, e: number, begin: number, end: number) => {
      if (!(e > s)) return;
      const span =
        begin >= 0
          ? new OpSpan(info.id, stateOf(code[begin]), s, e, orNone(p[begin]), orNone(ix.at[begin]), cx, begin, end, reacquires.get(begin) ?? -1)
          : new OpSpan(info.id, 'running', s, e, -1, -1, null, -1, -1, -1);
      spans.push(span);
      if (begin >= 0 && end < 0) {
        const op = stack.find((o) => o.begin === begin);
        if (op) (op.pieces ??= []).push(span);
      }
    };
    const recordWait = (begin: number, end: number, granted: boolean) => {
      if (code[begin] !== EventKind.acquireRequest) return;
      out.waits.granted.push(granted);
      out.waits.prim.push(orNone(p[begin]));
      out.waits.thread.push(info.id);
      out.waits.start.push(t[begin]);
      out.waits.end.push(end);
    };
    const commit = (op: Open) => {
      emit(curStart, t[op.begin], curOp, -1);
      curStart = t[op.begin];
      curOp = op.begin;
      op.committed = true;
    };

    for (let j = 0; j < list.length; j++) {
      const i = list[j];
      const c = code[i];
      if (c === EventKind.threadEnd) endEvent = i;
      if (IS_BEGIN[c]) {
        const top = stack[stack.length - 1];
        if (top && !top.committed) commit(top);
        // Condition.wait() reacquires its lock inside the wait, after the notify.
        if (c === EventKind.acquireRequest && top && code[top.begin] === EventKind.condWait) reacquires.set(i, top.begin);
        stack.push({ begin: i, committed: false, pieces: null });
      } else if (BEGIN_OF[c]) {
        let k = stack.length - 1;
        const on = p[i];
        // Same primitive, or both without one (sleep): NaN is never equal to itself.
        while (k >= 0 && !(code[stack[k].begin] === BEGIN_OF[c] && (p[stack[k].begin] === on || (on !== on && p[stack[k].begin] !== p[stack[k].begin])))) k--;
        if (k >= 0) {
          const op = stack[k];
          while (stack.length > k) stack.pop(); // ops opened above it and never ended are abandoned
          out.beginOf[i] = op.begin;
          if (op.committed) {
            for (const piece of op.pieces ?? []) piece.endedAt(i);
            emit(curStart, t[i], op.begin, i);
            recordWait(op.begin, t[i], c === EventKind.acquired);
            curStart = t[i];
            curOp = stack.length ? stack[stack.length - 1].begin : -1;
          } else if (waited(op.begin, i)) {
            emit(curStart, t[op.begin], curOp, -1);
            emit(t[op.begin], t[i], op.begin, i);
            recordWait(op.begin, t[i], c === EventKind.acquired);
            curStart = t[i];
          }
        }
      }
      const instant = instantOf(cx, i);
      if (instant) out.instants.push(instant);
    }

    let end = endEvent >= 0 ? t[endEvent] : (info.end ?? ix.endNs);
    if (list.length && t[list[list.length - 1]] > end) end = t[list[list.length - 1]];
    out.laneEnd.set(info.id, end);
    // Whatever is still open at the end waited until the end (a deadlock's acquire).
    const top = stack[stack.length - 1];
    if (top && !top.committed) commit(top);
    emit(curStart, end, curOp, -1);
    if (curOp >= 0) recordWait(curOp, end, false);

    const code0 = endEvent >= 0 && a[endEvent] === a[endEvent] ? a[endEvent] : undefined;
    const exit = (code0 !== undefined ? exitReasonName[code0] : undefined) as ExitReasonName | undefined;
    const why = exit ?? info.exit;
    if (why && (endEvent >= 0 || info.end !== undefined)) {
      const state = markerOf(why);
      spans.push({
        thread: info.id,
        state,
        start: end,
        end,
        on: -1,
        at: -1,
        reason: exitReason(why, info.daemon, info.error?.message ?? ''),
      });
    }
  });
  return out;
}

/** A field column's value, -1 where absent (NaN). */
function orNone(x: number): number {
  return x === x ? x : -1;
}

/** Value of a step function (t ascending) at time x; undefined before its first sample. */
export function valueAt(ts: readonly number[], vs: readonly number[], x: number): number | undefined {
  let lo = 0;
  let hi = ts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ts[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? vs[lo - 1] : undefined;
}
