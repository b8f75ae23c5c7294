// What the terminal shows of a run, computed in one pass over its event chunks (an EventSource)
// with memory for a few numbers per thread and primitive: how a run of tens of millions of events
// is printed without building its model (build.ts holds every span, hold and event index).
// Each thread's events are walked in its time order (the EventSource promise) by the same rules as
// thread-pass.ts; the one rule that needs other threads' events, whether a queue put or get had to
// wait, falls back to "time passed" (thread-pass.ts does the same when it has no size track).
import { LaneCells } from '../render/lane-cells';
import type { TerminalView } from '../render/terminal';
import type { ExitReasonName } from '../trace/kinds';
import { EventKind, exitReasonName } from '../trace/kinds';
import { A, FIELDS, L, P } from '../trace/batch';
import type { EventSource, IndexedEventSource, TraceHeader } from '../trace/source';
import { familyOf } from './prim-pass';
import { addWait, contentionRows } from './stats';
import { BEGIN_OF, IS_BEGIN, markerOf, stateOf } from './thread-pass';
import type { ContentionRow, ThreadSplit, ThreadState } from './types';

interface Op {
  code: number;
  /** Primitive (or thread) id; NaN none. */
  p: number;
  t: number;
  a: number;
  committed: boolean;
}

interface Lane {
  id: number;
  started: boolean;
  curStart: number;
  /** The operation whose state the thread is in; null: running. */
  cur: Op | null;
  stack: Op[];
  lastT: number;
  endT: number;
  exitCode: number;
  split: ThreadSplit;
  cells: LaneCells;
}

export interface RunSummary extends TerminalView {
  events: number;
}

/** The terminal's view of a run from its header and events, at a bar `width` cells wide. */
export function summarizeRun(header: TraceHeader, source: EventSource, width: number): RunSummary {
  let durationNs = header.outcome.durationNs;
  for (const th of header.threads) if (th.end !== undefined && th.end > durationNs) durationNs = th.end;
  const chunks = (source as Partial<IndexedEventSource>).chunks;
  if (chunks) for (const c of chunks) if (c.tMax > durationNs) durationNs = c.tMax;

  const lanes: Lane[] = header.threads.map((info) => ({
    id: info.id,
    started: false,
    curStart: 0,
    cur: null,
    stack: [],
    lastT: -Infinity,
    endT: Number.NaN,
    exitCode: Number.NaN,
    split: { thread: info.id, runningNs: 0, blockedNs: 0, waitingNs: 0, sleepingNs: 0, joiningNs: 0 },
    cells: new LaneCells(durationNs, width),
  }));
  const laneOf = new Map(header.threads.map((t, i) => [t.id, i]));
  const kindOf = new Map(header.primitives.map((p) => [p.id, p]));
  const acquisitions = new Map<number, number>();
  const waited = new Map<number, ContentionRow>();
  const counted = new Map<number, boolean>(); // per primitive: are its acquisitions counted (mutex and semaphore families)

  const emit = (lane: Lane, s: number, e: number, op: Op | null) => {
    if (!(e > s)) return;
    const state: ThreadState = op ? stateOf(op.code) : 'running';
    lane.cells.add(state, s, e);
    const ns = e - s;
    const sp = lane.split;
    if (state === 'running') sp.runningNs += ns;
    else if (state === 'blocked') sp.blockedNs += ns;
    else if (state === 'waiting') sp.waitingNs += ns;
    else if (state === 'sleeping') sp.sleepingNs += ns;
    else if (state === 'joining') sp.joiningNs += ns;
  };
  const recordWait = (op: Op, end: number, granted: boolean) => {
    if (op.code === EventKind.acquireRequest) addWait(waited, op.p === op.p ? op.p : -1, end - op.t, granted);
  };
  const commit = (lane: Lane, op: Op) => {
    emit(lane, lane.curStart, op.t, lane.cur);
    lane.curStart = op.t;
    lane.cur = op;
    op.committed = true;
  };
  const parties = (p: number) => {
    const v = kindOf.get(p)?.init?.parties;
    return typeof v === 'number' ? v : Number.NaN;
  };
  /** Did `op`, ended by an event of kind c at t with fields a, l, wait? (thread-pass.ts's rules) */
  const waitedFor = (op: Op, c: number, t: number, a: number, l: number, p: number): boolean => {
    switch (c) {
      case EventKind.acquired:
        return l !== l ? t > op.t : l >= 0;
      case EventKind.acquireFailed:
      case EventKind.queueFull:
      case EventKind.queueEmpty:
        return op.a !== 0;
      case EventKind.eventWake:
        return !(a === 1 && l === -1);
      case EventKind.barrierPass:
        return a !== parties(p) - 1; // the last to arrive trips it and does not wait
      default:
        return t > op.t;
    }
  };

  let lastTh = Number.NaN;
  let lane: Lane | undefined;
  source.forEachChunk((b) => {
    const n = b.t.length;
    for (let i = 0; i < n; i++) {
      if (b.th[i] !== lastTh) {
        lastTh = b.th[i];
        const li = laneOf.get(lastTh);
        lane = li === undefined ? undefined : lanes[li];
      }
      if (!lane) continue;
      const c = b.k[i];
      const t = b.t[i];
      // As the model reads fields (batch.ts): NaN where the kind defines none or the batch has none.
      const mask = FIELDS[c];
      const p = mask & P && b.p[i] !== -1 ? b.p[i] : Number.NaN;
      const a = mask & A ? b.a[i] : Number.NaN;
      const l = mask & L ? b.l[i] : Number.NaN;
      if (!lane.started) {
        const info = header.threads[laneOf.get(lane.id)!];
        lane.started = true;
        lane.curStart = c !== EventKind.threadStart && info.start !== undefined && info.start < t ? info.start : t;
      }
      if (t > lane.lastT) lane.lastT = t;
      if (c === EventKind.acquired) {
        const fam = counted.get(p) ?? counted.set(p, isCounted(familyOf(kindOf.get(p)?.kind))).get(p)!;
        if (fam) acquisitions.set(p, (acquisitions.get(p) ?? 0) + 1);
      }
      if (c === EventKind.threadEnd) {
        lane.endT = t;
        lane.exitCode = a;
      }
      const stack = lane.stack;
      if (IS_BEGIN[c]) {
        const top = stack[stack.length - 1];
        if (top && !top.committed) commit(lane, top);
        stack.push({ code: c, p, t, a, committed: false });
      } else if (BEGIN_OF[c]) {
        let k = stack.length - 1;
        while (k >= 0 && !(stack[k].code === BEGIN_OF[c] && (stack[k].p === p || (p !== p && stack[k].p !== stack[k].p)))) k--;
        if (k < 0) continue;
        const op = stack[k];
        stack.length = k; // ops opened above it and never ended are abandoned
        if (op.committed) {
          emit(lane, lane.curStart, t, op);
          recordWait(op, t, c === EventKind.acquired);
          lane.curStart = t;
          lane.cur = stack.length ? stack[stack.length - 1] : null;
        } else if (waitedFor(op, c, t, a, l, p)) {
          emit(lane, lane.curStart, op.t, lane.cur);
          emit(lane, op.t, t, op);
          recordWait(op, t, c === EventKind.acquired);
          lane.curStart = t;
        }
      }
    }
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
    const top = l.stack[l.stack.length - 1];
    if (top && !top.committed) commit(l, top);
    emit(l, l.curStart, end, l.cur);
    if (l.cur) recordWait(l.cur, end, false);
    const why = (l.exitCode === l.exitCode ? exitReasonName[l.exitCode] : undefined) as ExitReasonName | undefined;
    const exit = why ?? info.exit;
    if (exit && (l.endT === l.endT || info.end !== undefined)) l.cells.add(markerOf(exit), end, end);
  });

  return {
    trace: header,
    durationNs,
    events: source.count,
    lanes: (w) => {
      if (w !== width) throw new Error(`this summary was made for ${width} cells, not ${w}`);
      return lanes.map((l) => l.cells.cells());
    },
    contention: contentionRows(header.primitives, acquisitions, waited),
    splits: lanes.map((l) => l.split),
  };
}

function isCounted(family: string): boolean {
  return family === 'mutex' || family === 'semaphore';
}
