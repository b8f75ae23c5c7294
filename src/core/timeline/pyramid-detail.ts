// The events of a window, read from the chunks in view only: what a view zoomed in far enough gets
// instead of a summary, and builds its ordinary model from (model/build.ts), with every span,
// reason, hold and arrow of the window.
//
// Chunks come in recording order, and two threads' events in one chunk may be ~a drain apart in
// time, so a window takes the chunks from the last one that ends before it starts to the first one
// that starts after it ends. What was already open when the first of them began (an acquire still
// waiting, a lock still held) comes from the pyramid's checkpoint before it: those opening events
// go first, so the model sees every wait and hold of the window from its beginning.
import { allocBatch, filterBatch, mergeBatches } from '../trace/batch';
import type { EventBatch } from '../trace/format';
import { EventKind } from '../trace/kinds';
import { type Checkpoint, type Kept, PyramidBuilder } from './pyramid';

/** A window's detail is read when it has at most this many events (a model of them builds in ~0.3 s in a webview). */
export const DETAIL_MAX_EVENTS = 400_000;

export interface DetailPlan {
  /** First and last chunk to read. */
  c0: number;
  c1: number;
  events: number;
  /** The time range over which these events (with the checkpoint) tell everything that happened. */
  validFrom: number;
  validTo: number;
}

/** Which chunks tell everything about [t0, t1]; undefined when they hold more than `maxEvents`. */
export function planDetail(cps: readonly Checkpoint[], t0: number, t1: number, maxEvents = DETAIL_MAX_EVENTS): DetailPlan | undefined {
  const n = cps.length;
  if (!n) return undefined;
  // before[c]: the latest time among chunks [0, c); after[c]: the earliest among chunks (c, n).
  const before = new Float64Array(n + 1);
  before[0] = -Infinity;
  for (let c = 0; c < n; c++) before[c + 1] = Math.max(before[c], cps[c].count ? cps[c].tMax : -Infinity);
  const after = new Float64Array(n + 1);
  after[n] = Infinity;
  for (let c = n - 1; c >= 0; c--) after[c] = Math.min(after[c + 1], cps[c].count ? cps[c].tMin : Infinity);
  // after[c + 1] is the earliest time after chunk c.
  let c0 = 0;
  while (c0 + 1 < n && before[c0 + 1] <= t0) c0++;
  let c1 = c0;
  while (c1 + 1 < n && after[c1 + 1] < t1) c1++;
  let events = 0;
  for (let c = c0; c <= c1; c++) {
    events += cps[c].count;
    if (events > maxEvents) return undefined;
  }
  return { c0, c1, events, validFrom: Math.max(before[c0], 0), validTo: after[c1 + 1] };
}

/** The window's events: the checkpoint's opening events, then chunks c0..c1 as `readChunk` gives them. */
export function detailBatch(plan: DetailPlan, cps: readonly Checkpoint[], readChunk: (index: number) => EventBatch): EventBatch {
  const parts = [keptBatch(cps[plan.c0].events)];
  for (let c = plan.c0; c <= plan.c1; c++) parts.push(readChunk(c));
  return mergeBatches(parts);
}

/**
 * The events of [lo, hi] only (`lo`/`hi` within the plan's validity), or undefined when more than
 * `maxEvents`: what a window gets when its chunks hold far more than it (two threads' drains in one
 * chunk span much of the run), or should not all cross the extension host. What was open at `lo`
 * comes first: the checkpoint's opening events replayed with the chunks' events before `lo`.
 */
export function trimDetail(
  plan: DetailPlan,
  cps: readonly Checkpoint[],
  readChunk: (index: number) => EventBatch,
  lo: number,
  hi: number,
  maxEvents = DETAIL_MAX_EVENTS,
): EventBatch | undefined {
  const chunks: EventBatch[] = [];
  let inside = 0;
  for (let c = plan.c0; c <= plan.c1; c++) {
    const b = readChunk(c);
    chunks.push(b);
    for (let i = 0; i < b.t.length; i++) if (b.t[i] >= lo && b.t[i] <= hi) inside++;
    if (inside > maxEvents) return undefined;
  }
  // Primitives left unknown to the replay: each lane opens and closes its own holds, whatever order
  // two threads' drains put their events in (a known Lock would hand its owner over on that order).
  const open = new PyramidBuilder(2);
  open.push(keptBatch(cps[plan.c0].events));
  for (const b of chunks) open.push(filterBatch(b, (i) => b.t[i] < lo && b.k[i] !== EventKind.primCreate));
  return mergeBatches([keptBatch(open.openEvents()), ...chunks.map((b) => filterBatch(b, (i) => b.t[i] >= lo && b.t[i] <= hi))]);
}

function keptBatch(kept: readonly Kept[]): EventBatch {
  const b = allocBatch(kept.length);
  kept.forEach((e, i) => {
    b.t[i] = e.t;
    b.th[i] = e.th;
    b.k[i] = e.k;
    b.p[i] = e.p;
    b.a[i] = e.a;
    b.q[i] = e.q;
    b.l[i] = e.l;
    b.at[i] = e.at;
  });
  return b;
}
