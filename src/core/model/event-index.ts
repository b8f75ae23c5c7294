// Orders a trace's events for the model passes. Each thread's events come in that thread's
// time order (one clock per thread is monotonic); each primitive's events come in time order,
// except that acquired/release are put in their sequence-number order (`q`), because
// cross-thread timestamps are only trustworthy to ~10 µs and a hold must end before the next
// one on the same lock begins.
import type { PrimitiveInfo, ThreadInfo, Trace } from '../trace/format';
import { EventKind, eventKindCode } from '../trace/kinds';

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
  for (let i = 0; i < n; i++) {
    const e = events[i];
    code[i] = eventKindCode.get(e.k) ?? 0;
    t[i] = e.t;
    if (e.t > endNs) endNs = e.t;
    const lane = laneOfThread.get(e.th);
    laneOfEvent[i] = lane ?? -1;
    if (lane !== undefined) laneCount[lane]++;
  }
  for (const th of trace.threads) if (th.end !== undefined && th.end > endNs) endNs = th.end;

  const lanes = Array.from(laneCount, (c) => new Int32Array(c));
  const fill = new Int32Array(lanes.length);
  for (let i = 0; i < n; i++) {
    const lane = laneOfEvent[i];
    if (lane >= 0) lanes[lane][fill[lane]++] = i;
  }
  const byTime = (a: number, b: number) => t[a] - t[b] || a - b;
  for (const lane of lanes) if (!isSorted(lane, t)) lane.sort(byTime);

  // Global time order: the lanes are sorted runs, which TimSort merges in O(n log lanes).
  const all: number[] = [];
  for (const lane of lanes) for (let j = 0; j < lane.length; j++) all.push(lane[j]);
  all.sort(byTime);

  const primCount = new Map<number, number>();
  for (const i of all) {
    if (!PRIM_PASS[code[i]]) continue;
    const p = events[i].p;
    if (p !== undefined) primCount.set(p, (primCount.get(p) ?? 0) + 1);
  }
  const primEvents = new Map<number, Int32Array>();
  const primFill = new Map<number, number>();
  for (const [p, c] of primCount) {
    primEvents.set(p, new Int32Array(c));
    primFill.set(p, 0);
  }
  for (const i of all) {
    if (!PRIM_PASS[code[i]]) continue;
    const p = events[i].p;
    if (p === undefined) continue;
    const at = primFill.get(p)!;
    primEvents.get(p)![at] = i;
    primFill.set(p, at + 1);
  }
  for (const list of primEvents.values()) orderLockOpsBySeq(list, code, trace);

  return { code, t, lanes, order: Int32Array.from(all), primEvents, laneOfThread, threadById, primById, endNs };
}

function isSorted(list: Int32Array, t: Float64Array): boolean {
  for (let j = 1; j < list.length; j++) if (t[list[j]] < t[list[j - 1]]) return false;
  return true;
}

/** Within the slots that acquired/release occupy in `list`, put those events in `q` order. */
function orderLockOpsBySeq(list: Int32Array, code: Uint8Array, trace: Trace): void {
  const slots: number[] = [];
  const ops: number[] = [];
  let sorted = true;
  let prevQ = -Infinity;
  for (let j = 0; j < list.length; j++) {
    const c = code[list[j]];
    if (c !== EventKind.acquired && c !== EventKind.release) continue;
    const q = trace.events[list[j]].q;
    if (q === undefined) return; // no sequence numbers: time order is all there is
    if (q < prevQ) sorted = false;
    prevQ = q;
    slots.push(j);
    ops.push(list[j]);
  }
  if (sorted) return;
  const ev = trace.events;
  ops.sort((a, b) => ev[a].q! - ev[b].q!);
  for (let j = 0; j < slots.length; j++) list[slots[j]] = ops[j];
}
