// Orders a trace's events for the model passes. Each thread's events come in that thread's
// time order (one clock per thread is monotonic); each primitive's events come in time order,
// except that acquired/release are put in their sequence-number order (`q`), because
// cross-thread timestamps are only trustworthy to ~10 µs and a hold must end before the next
// one on the same lock begins.
import type { PrimitiveInfo, ThreadInfo, Trace, TraceEvent } from '../trace/format';
import { EventKind, eventKindCode, eventKindName } from '../trace/kinds';
import { attachedColumns } from '../trace/packed';
import { KeyIndex } from './key-index';

export interface EventIndex {
  /** Kind code per event (0: unknown kind). */
  code: Uint8Array;
  /** Timestamp per event. */
  t: Float64Array;
  /**
   * The other fields per event, NaN where absent. The passes read these, not trace.events: a
   * packed trace (the standalone report's) never has to build a million event objects.
   */
  th: Float64Array;
  p: Float64Array;
  a: Float64Array;
  q: Float64Array;
  l: Float64Array;
  at: Float64Array;
  /** Event i as an object (for the few events that are worded: reasons, instants). */
  event(i: number): TraceEvent;
  /** Per lane (index into trace.threads): its events' indices, in time order. */
  lanes: Int32Array[];
  /** Every event of a known thread, by time (ties: file order). */
  order: Int32Array;
  /** Per primitive id: the events the per-primitive pass needs, ordered as said above. */
  primEvents: Map<number, Int32Array>;
  laneOfThread: Map<number, number>;
  threadById: Map<number, ThreadInfo>;
  primById: Map<number, PrimitiveInfo>;
  /** Latest time seen: last event, thread end or outcome duration. */
  endNs: number;
}

/** Kinds the per-primitive pass reads (holds, counters, wake-up links). */
const PRIM_PASS = new Uint8Array(256);
for (const k of [
  EventKind.acquired,
  EventKind.release,
  EventKind.condWake,
  EventKind.condNotify,
  EventKind.eventSet,
  EventKind.eventWake,
  EventKind.barrierPass,
  EventKind.queuePutDone,
  EventKind.queueGetDone,
  EventKind.primCreate,
])
  PRIM_PASS[k] = 1;

export function indexEvents(trace: Trace): EventIndex {
  const cols = eventColumns(trace);
  const { code, t, th, p } = cols;
  const n = t.length;
  const threadById = new Map<number, ThreadInfo>();
  const laneOfThread = new Map<number, number>();
  trace.threads.forEach((info, lane) => {
    threadById.set(info.id, info);
    laneOfThread.set(info.id, lane);
  });
  const primById = new Map<number, PrimitiveInfo>();
  for (const x of trace.primitives) primById.set(x.id, x);

  // Counting sort by lane (keeps file order within a lane), then fix lanes that are not sorted.
  const laneOfEvent = new Int32Array(n);
  const laneCount = new Int32Array(trace.threads.length);
  let endNs = trace.outcome?.durationNs ?? 0;
  let lastTh = Number.NaN;
  let lastLane = -1;
  let maxP = -1;
  let primOps = 0;
  let known = 0;
  let inTimeOrder = true; // the events of known threads, in file order
  let lastT = -Infinity;
  for (let i = 0; i < n; i++) {
    if (t[i] > endNs) endNs = t[i];
    // Threads repeat: compare with the previous one before a Map lookup.
    if (th[i] !== lastTh) {
      lastTh = th[i];
      lastLane = laneOfThread.get(th[i]) ?? -1;
    }
    laneOfEvent[i] = lastLane;
    if (lastLane >= 0) {
      known++;
      if (t[i] < lastT) inTimeOrder = false;
      lastT = t[i];
      laneCount[lastLane]++;
      if (PRIM_PASS[code[i]] && p[i] === p[i]) {
        primOps++;
        if (p[i] > maxP) maxP = p[i];
      }
    }
  }
  for (const th of trace.threads) if (th.end !== undefined && th.end > endNs) endNs = th.end;

  const lanes = Array.from(laneCount, (c) => new Int32Array(c));
  const fill = new Int32Array(lanes.length);
  for (let i = 0; i < n; i++) {
    const lane = laneOfEvent[i];
    if (lane >= 0) lanes[lane][fill[lane]++] = i;
  }
  for (const lane of lanes) if (!isSorted(lane, t)) lane.sort((a, b) => t[a] - t[b] || a - b);
  // A file already in time order (the usual case) is its own (time, index) order: no merge.
  const order = inTimeOrder ? knownInFileOrder(laneOfEvent, known) : mergeLanes(lanes, t);

  // Per-primitive lists, by counting sort over the time order. Primitive ids are dense slots.
  const slotOf = new KeyIndex(maxP, primOps);
  const slotPrim: number[] = [];
  const slotCount: number[] = [];
  for (let j = 0; j < order.length; j++) {
    const i = order[j];
    if (!PRIM_PASS[code[i]] || p[i] !== p[i]) continue;
    let slot = slotOf.get(p[i]);
    if (slot < 0) {
      slot = slotPrim.length;
      slotOf.set(p[i], slot);
      slotPrim.push(p[i]);
      slotCount.push(0);
    }
    slotCount[slot]++;
  }
  const lists = slotCount.map((c) => new Int32Array(c));
  const slotFill = new Int32Array(lists.length);
  for (let j = 0; j < order.length; j++) {
    const i = order[j];
    if (!PRIM_PASS[code[i]] || p[i] !== p[i]) continue;
    const slot = slotOf.get(p[i]);
    lists[slot][slotFill[slot]++] = i;
  }
  const primEvents = new Map<number, Int32Array>();
  slotPrim.forEach((prim, slot) => {
    orderLockOpsBySeq(lists[slot], code, cols.q);
    primEvents.set(prim, lists[slot]);
  });

  const { a, q, l, at } = cols;
  const event = (i: number): TraceEvent => {
    const e: TraceEvent = { t: t[i], th: th[i], k: eventKindName[code[i]] ?? '' };
    if (p[i] === p[i]) e.p = p[i];
    if (a[i] === a[i]) e.a = a[i];
    if (q[i] === q[i]) e.q = q[i];
    if (l[i] === l[i]) e.l = l[i];
    if (at[i] === at[i]) e.at = at[i];
    return e;
  };
  return { ...cols, event, lanes, order, primEvents, laneOfThread, threadById, primById, endNs };
}

const FIELDS = ['p', 'a', 'q', 'l', 'at'] as const;

/** Kind codes and field columns of the trace's events: the packed reader's, or read off the objects. */
function eventColumns(trace: Trace) {
  const packed = attachedColumns(trace);
  if (packed) return { code: packed.k, t: packed.t, ...packed.fields };
  const events = trace.events;
  const n = events.length;
  const c = { code: new Uint8Array(n), t: new Float64Array(n), th: new Float64Array(n) };
  const f = Object.fromEntries(FIELDS.map((k) => [k, new Float64Array(n)])) as Record<(typeof FIELDS)[number], Float64Array>;
  let lastKind = '';
  let lastCode = 0;
  for (let i = 0; i < n; i++) {
    const e = events[i];
    // Kinds repeat: compare with the previous one before a Map lookup.
    if (e.k !== lastKind) {
      lastKind = e.k;
      lastCode = eventKindCode.get(e.k) ?? 0;
    }
    c.code[i] = lastCode;
    c.t[i] = e.t;
    c.th[i] = e.th;
    f.p[i] = e.p ?? Number.NaN;
    f.a[i] = e.a ?? Number.NaN;
    f.q[i] = e.q ?? Number.NaN;
    f.l[i] = e.l ?? Number.NaN;
    f.at[i] = e.at ?? Number.NaN;
  }
  return { ...c, ...f };
}

/** Indices of the `known` events that have a lane, in file order. */
function knownInFileOrder(laneOfEvent: Int32Array, known: number): Int32Array {
  const out = new Int32Array(known);
  for (let i = 0, o = 0; i < laneOfEvent.length; i++) if (laneOfEvent[i] >= 0) out[o++] = i;
  return out;
}

/** Merges the sorted lanes by (time, index), pairwise: log2(lanes) linear passes over typed arrays. */
function mergeLanes(lanes: Int32Array[], t: Float64Array): Int32Array {
  let runs = lanes.filter((lane) => lane.length > 0);
  if (runs.length === 0) return new Int32Array(0);
  while (runs.length > 1) {
    const next: Int32Array[] = [];
    for (let r = 0; r + 1 < runs.length; r += 2) next.push(mergeTwo(runs[r], runs[r + 1], t));
    if (runs.length % 2) next.push(runs[runs.length - 1]);
    runs = next;
  }
  return runs[0]; // with one lane, the lane itself: both are read-only from here on
}

function mergeTwo(x: Int32Array, y: Int32Array, t: Float64Array): Int32Array {
  const out = new Int32Array(x.length + y.length);
  let i = 0;
  let j = 0;
  let o = 0;
  while (i < x.length && j < y.length) {
    const a = x[i];
    const b = y[j];
    if (t[a] < t[b] || (t[a] === t[b] && a < b)) {
      out[o++] = a;
      i++;
    } else {
      out[o++] = b;
      j++;
    }
  }
  while (i < x.length) out[o++] = x[i++];
  while (j < y.length) out[o++] = y[j++];
  return out;
}

function isSorted(list: Int32Array, t: Float64Array): boolean {
  for (let j = 1; j < list.length; j++) if (t[list[j]] < t[list[j - 1]]) return false;
  return true;
}

/** Within the slots that acquired/release occupy in `list`, put those events in `q` order. */
function orderLockOpsBySeq(list: Int32Array, code: Uint8Array, seq: Float64Array): void {
  // Usually already in order: check without allocating.
  let prevQ = -Infinity;
  let sorted = true;
  for (let j = 0; j < list.length && sorted; j++) {
    const c = code[list[j]];
    if (c !== EventKind.acquired && c !== EventKind.release) continue;
    const q = seq[list[j]];
    if (q !== q) return; // no sequence numbers: time order is all there is
    if (q < prevQ) sorted = false;
    prevQ = q;
  }
  if (sorted) return;
  const slots: number[] = [];
  const ops: number[] = [];
  for (let j = 0; j < list.length; j++) {
    const c = code[list[j]];
    if (c !== EventKind.acquired && c !== EventKind.release) continue;
    if (seq[list[j]] !== seq[list[j]]) return;
    slots.push(j);
    ops.push(list[j]);
  }
  ops.sort((a, b) => seq[a] - seq[b]);
  for (let j = 0; j < slots.length; j++) list[slots[j]] = ops[j];
}
