// What the terminal shows of a run, computed in one pass over its event chunks (an EventSource)
// with memory for a few numbers per thread and primitive: how a run of tens of millions of events
// is printed without building its model (build.ts holds every span, hold and event index).
// Each thread's events are walked in its time order (the EventSource promise) by the same rules as
// thread-pass.ts; the one rule that needs other threads' events, whether a queue put or get had to
// wait, falls back to "time passed" (thread-pass.ts does the same when it has no size track).
// The loop allocates nothing per event: open operations live in per-lane typed stacks.
import { CELL_STATES, LaneCells } from './lane-cells';
import type { TerminalView } from './terminal';
import { A, FIELDS, L, P } from '../trace/batch';
import type { ExitReasonName } from '../trace/kinds';
import { EventKind, exitReasonName } from '../trace/kinds';
import type { EventSource, IndexedEventSource, TraceHeader } from '../trace/source';
import { familyOf } from '../model/prim-pass';
import { addWait, contentionRows } from '../model/stats';
import { BEGIN_OF, IS_BEGIN, markerOf, stateOf } from '../model/thread-pass';
import type { ContentionRow, ThreadSplit } from '../model/types';

const RUNNING = 0;
/** Index into CELL_STATES of the state each begin kind puts a thread in. */
const STATE_OF_BEGIN = new Uint8Array(256);
for (let c = 0; c < 256; c++) if (IS_BEGIN[c]) STATE_OF_BEGIN[c] = CELL_STATES.indexOf(stateOf(c));
const MAX_DEPTH = 64;

/** One thread's walk: the open operations as a stack of columns (NaN p: none). */
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
  constructor(
    readonly id: number,
    readonly cells: LaneCells,
  ) {}
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

  const lanes = header.threads.map((info) => new Lane(info.id, new LaneCells(durationNs, width)));
  const laneOf = new Map(header.threads.map((t, i) => [t.id, i]));
  const primInfo = new Map(header.primitives.map((p) => [p.id, p]));
  const maxPrim = header.primitives.reduce((m, p) => Math.max(m, p.id), 0);
  // Per primitive id: acquisitions, and whether they count (mutex and semaphore families, or unknown).
  const acquired = new Float64Array(maxPrim + 1);
  const counts = new Uint8Array(maxPrim + 1);
  const extraAcquired = new Map<number, number>();
  for (let id = 0; id <= maxPrim; id++) {
    const fam = familyOf(primInfo.get(id)?.kind);
    counts[id] = fam === 'mutex' || fam === 'semaphore' ? 1 : 0;
  }
  const waited = new Map<number, ContentionRow>();
  const parties = (p: number) => {
    const v = primInfo.get(p)?.init?.parties;
    return typeof v === 'number' ? v : Number.NaN;
  };

  const emit = (lane: Lane, s: number, e: number, state: number) => {
    if (!(e > s)) return;
    lane.cells.addIndex(state, s, e);
    lane.ns[state] += e - s;
  };
  const stateAt = (lane: Lane, k: number) => (k < 0 ? RUNNING : STATE_OF_BEGIN[lane.code[k]]);
  const recordWait = (lane: Lane, k: number, end: number, granted: boolean) => {
    if (lane.code[k] === EventKind.acquireRequest) addWait(waited, lane.p[k] === lane.p[k] ? lane.p[k] : -1, end - lane.t[k], granted);
  };
  const commit = (lane: Lane, k: number) => {
    emit(lane, lane.curStart, lane.t[k], stateAt(lane, lane.cur));
    lane.curStart = lane.t[k];
    lane.cur = k;
    lane.committed[k] = 1;
  };

  let lastTh = Number.NaN;
  let lane: Lane | undefined;
  source.forEachChunk((b) => {
    const n = b.t.length;
    const bk = b.k;
    const bt = b.t;
    for (let i = 0; i < n; i++) {
      if (b.th[i] !== lastTh) {
        lastTh = b.th[i];
        const li = laneOf.get(lastTh);
        lane = li === undefined ? undefined : lanes[li];
      }
      if (!lane) continue;
      const c = bk[i];
      const t = bt[i];
      // As the model reads fields (batch.ts): NaN where the kind defines none or the batch has none.
      const mask = FIELDS[c];
      const p = mask & P && b.p[i] !== -1 ? b.p[i] : Number.NaN;
      if (!lane.started) {
        const info = header.threads[laneOf.get(lane.id)!];
        lane.started = true;
        lane.curStart = c !== EventKind.threadStart && info.start !== undefined && info.start < t ? info.start : t;
      }
      if (t > lane.lastT) lane.lastT = t;
      if (c === EventKind.acquired && p === p) {
        if (p >= 0 && p <= maxPrim) acquired[p] += counts[p];
        else extraAcquired.set(p, (extraAcquired.get(p) ?? 0) + 1); // not in the table: counted as a Lock's (prim-pass.ts)
      }
      if (IS_BEGIN[c]) {
        const top = lane.depth - 1;
        if (top >= 0 && !lane.committed[top]) commit(lane, top);
        const d = lane.depth < MAX_DEPTH ? lane.depth++ : MAX_DEPTH - 1;
        lane.code[d] = c;
        lane.p[d] = p;
        lane.t[d] = t;
        lane.a[d] = mask & A ? b.a[i] : Number.NaN;
        lane.committed[d] = 0;
      } else if (BEGIN_OF[c]) {
        let k = lane.depth - 1;
        const want = BEGIN_OF[c];
        while (k >= 0 && !(lane.code[k] === want && (lane.p[k] === p || (p !== p && lane.p[k] !== lane.p[k])))) k--;
        if (k < 0) continue;
        lane.depth = k; // ops opened above it and never ended are abandoned
        if (lane.committed[k]) {
          emit(lane, lane.curStart, t, stateAt(lane, k));
          recordWait(lane, k, t, c === EventKind.acquired);
          lane.curStart = t;
          lane.cur = lane.depth - 1;
        } else if (waitedFor(lane, k, c, t, mask & A ? b.a[i] : Number.NaN, mask & L ? b.l[i] : Number.NaN, p, parties)) {
          emit(lane, lane.curStart, lane.t[k], stateAt(lane, lane.cur));
          emit(lane, lane.t[k], t, stateAt(lane, k));
          recordWait(lane, k, t, c === EventKind.acquired);
          lane.curStart = t;
        }
      } else if (c === EventKind.threadEnd) {
        lane.endT = t;
        lane.exitCode = mask & A ? b.a[i] : Number.NaN;
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
    const top = l.depth - 1;
    if (top >= 0 && !l.committed[top]) commit(l, top);
    emit(l, l.curStart, end, stateAt(l, l.cur));
    if (l.cur >= 0) recordWait(l, l.cur, end, false);
    const why = (l.exitCode === l.exitCode ? exitReasonName[l.exitCode] : undefined) as ExitReasonName | undefined;
    const exit = why ?? info.exit;
    if (exit && (l.endT === l.endT || info.end !== undefined)) l.cells.add(markerOf(exit), end, end);
  });

  const acquisitions = new Map<number, number>();
  for (let id = 0; id <= maxPrim; id++) if (acquired[id]) acquisitions.set(id, acquired[id]);
  for (const [id, n] of extraAcquired) acquisitions.set(id, n);
  return {
    trace: header,
    durationNs,
    events: source.count,
    lanes: (w) => {
      if (w !== width) throw new Error(`this summary was made for ${width} cells, not ${w}`);
      return lanes.map((l) => l.cells.cells());
    },
    contention: contentionRows(header.primitives, acquisitions, waited),
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

/** Did the operation at stack index k, ended by an event of kind c at t with fields a, l, wait? (thread-pass.ts's rules) */
function waitedFor(lane: Lane, k: number, c: number, t: number, a: number, l: number, p: number, parties: (p: number) => number): boolean {
  switch (c) {
    case EventKind.acquired:
      return l !== l ? t > lane.t[k] : l >= 0;
    case EventKind.acquireFailed:
    case EventKind.queueFull:
    case EventKind.queueEmpty:
      return lane.a[k] !== 0;
    case EventKind.eventWake:
      return !(a === 1 && l === -1);
    case EventKind.barrierPass:
      return a !== parties(p) - 1; // the last to arrive trips it and does not wait
    default:
      return t > lane.t[k];
  }
}
