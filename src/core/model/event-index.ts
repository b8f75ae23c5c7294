// Orders a trace's events for the model passes. Each thread's events come in that thread's
// time order (one clock per thread is monotonic); each primitive's events come in time order,
// except that acquired/release are put in their sequence-number order (`q`), because
// cross-thread timestamps are only trustworthy to ~10 µs and a hold must end before the next
// one on the same lock begins.
import type { PrimitiveInfo, ThreadInfo, Trace } from '../trace/format';
import { EventKind, eventKindCode } from '../trace/kinds';
import { KeyIndex } from './key-index';

export interface EventIndex {
  /** Kind code per event (0: unknown kind). */
  code: Uint8Array;
  /** Timestamp per event. */
  t: Float64Array;
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
  const events = trace.events;
  const n = events.length;
  const code = new Uint8Array(n);
  const t = new Float64Array(n);
  const threadById = new Map<number, ThreadInfo>();
  const laneOfThread = new Map<number, number>();
  trace.threads.forEach((th, lane) => {
    threadById.set(th.id, th);
    laneOfThread.set(th.id, lane);
  });
  const primById = new Map<number, PrimitiveInfo>();
  for (const p of trace.primitives) primById.set(p.id, p);

  // Counting sort by lane (keeps file order within a lane), then fix lanes that are not sorted.
  const laneOfEvent = new Int32Array(n);
  const laneCount = new Int32Array(trace.threads.length);
  let endNs = trace.outcome?.durationNs ?? 0;
  let lastKind = '';
  let lastCode = 0;
  let lastTh = Number.NaN;
  let lastLane = -1;
  let maxP = -1;
  let primOps = 0;
  for (let i = 0; i < n; i++) {
    const e = events[i];
    // Kinds and threads repeat: compare with the previous one before a Map lookup.
    if (e.k !== lastKind) {
      lastKind = e.k;
      lastCode = eventKindCode.get(e.k) ?? 0;
    }
    code[i] = lastCode;
    t[i] = e.t;
    if (e.t > endNs) endNs = e.t;
    if (e.th !== lastTh) {
      lastTh = e.th;
      lastLane = laneOfThread.get(e.th) ?? -1;
    }
    laneOfEvent[i] = lastLane;
    if (lastLane >= 0) {
      laneCount[lastLane]++;
      if (PRIM_PASS[lastCode] && e.p !== undefined) {
        primOps++;
        if (e.p > maxP) maxP = e.p;
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
  const order = mergeLanes(lanes, t);

  // Per-primitive lists, by counting sort over the time order. Primitive ids are dense slots.
  const slotOf = new KeyIndex(maxP, primOps);
  const slotPrim: number[] = [];
  const slotCount: number[] = [];
  for (let j = 0; j < order.length; j++) {
    const i = order[j];
    if (!PRIM_PASS[code[i]]) continue;
    const p = events[i].p;
    if (p === undefined) continue;
    let slot = slotOf.get(p);
    if (slot < 0) {
      slot = slotPrim.length;
      slotOf.set(p, slot);
      slotPrim.push(p);
      slotCount.push(0);
    }
    slotCount[slot]++;
  }
  const lists = slotCount.map((c) => new Int32Array(c));
  const slotFill = new Int32Array(lists.length);
  for (let j = 0; j < order.length; j++) {
    const i = order[j];
    if (!PRIM_PASS[code[i]]) continue;
    const p = events[i].p;
    if (p === undefined) continue;
    const slot = slotOf.get(p);
    lists[slot][slotFill[slot]++] = i;
  }
  const primEvents = new Map<number, Int32Array>();
  slotPrim.forEach((p, slot) => {
    orderLockOpsBySeq(lists[slot], code, trace);
    primEvents.set(p, lists[slot]);
  });

  return { code, t, lanes, order, primEvents, laneOfThread, threadById, primById, endNs };
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
function orderLockOpsBySeq(list: Int32Array, code: Uint8Array, trace: Trace): void {
  const ev = trace.events;
  // Usually already in order: check without allocating.
  let prevQ = -Infinity;
  let sorted = true;
  for (let j = 0; j < list.length && sorted; j++) {
    const c = code[list[j]];
    if (c !== EventKind.acquired && c !== EventKind.release) continue;
    const q = ev[list[j]].q;
    if (q === undefined) return; // no sequence numbers: time order is all there is
    if (q < prevQ) sorted = false;
    prevQ = q;
  }
  if (sorted) return;
  const slots: number[] = [];
  const ops: number[] = [];
  for (let j = 0; j < list.length; j++) {
    const c = code[list[j]];
    if (c !== EventKind.acquired && c !== EventKind.release) continue;
    if (ev[list[j]].q === undefined) return;
    slots.push(j);
    ops.push(list[j]);
  }
  ops.sort((a, b) => ev[a].q! - ev[b].q!);
  for (let j = 0; j < slots.length; j++) list[slots[j]] = ops[j];
}
