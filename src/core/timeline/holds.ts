// Lock holds as Tracy draws them: under each lane, one row per nesting level of held locks, each
// hold split into "held, uncontended" and "held while others wait" (someone is blocked on that
// primitive during that time). "Waiting for" is the lane's own blocked span above it.
import { STATE_CODE, type SpanColumns } from '../model/columns';
import type { HoldTable } from '../model/types';
import { type CodedSpans, codedSpans } from './lod';
import { sortByKey, upperBound } from './search';

export const HOLD_UNCONTENDED = 0;
export const HOLD_CONTENDED = 1;
export const HOLD_CODES = 2;

export interface Interval {
  start: number;
  end: number;
}

/** Disjoint, sorted union of the intervals [start[i], end[i]] (touching ones merge). */
export function unionIntervals(start: ArrayLike<number>, end: ArrayLike<number>): { start: Float64Array; end: Float64Array } {
  const all = new Int32Array(start.length);
  for (let i = 0; i < all.length; i++) all[i] = i;
  const order = sortByKey(all, start);
  const s: number[] = [];
  const e: number[] = [];
  for (let j = 0; j < order.length; j++) {
    const i = order[j];
    if (end[i] < start[i]) continue;
    const k = s.length - 1;
    if (k >= 0 && start[i] <= e[k]) e[k] = Math.max(e[k], end[i]);
    else {
      s.push(start[i]);
      e.push(end[i]);
    }
  }
  return { start: Float64Array.from(s), end: Float64Array.from(e) };
}

/**
 * Rows for overlapping intervals taken in `order` (by start): each takes the lowest row whose last
 * interval has ended. Returns the row of each (by position in `order`) and how many rows there are.
 */
export function stackLevels(order: ArrayLike<number>, start: ArrayLike<number>, end: ArrayLike<number>): { level: Int32Array; levels: number } {
  const rowEnd: number[] = [];
  const level = new Int32Array(order.length);
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    let r = 0;
    while (r < rowEnd.length && rowEnd[r] > start[i]) r++;
    rowEnd[r] = end[i];
    level[k] = r;
  }
  return { level, levels: rowEnd.length };
}

/** One row of one lane's holds: coded segments plus, per segment, its primitive and hold. */
export interface HoldRow {
  cols: CodedSpans;
  prim: Int32Array;
  /** Index into model.holds (a row of model.holdTable). */
  hold: Int32Array;
}

/**
 * Hold rows per lane (lane = index in `threadIds`). `spans` are the lanes' state span columns:
 * their blocked spans say when each primitive had someone waiting.
 */
export function holdRows(holds: HoldTable, spans: readonly SpanColumns[], threadIds: readonly number[]): HoldRow[][] {
  const waitStart = new Map<number, number[]>();
  const waitEnd = new Map<number, number[]>();
  for (const lane of spans)
    for (let i = 0; i < lane.state.length; i++) {
      const on = lane.on[i];
      if (lane.state[i] !== STATE_CODE.blocked || on < 0) continue;
      let s = waitStart.get(on);
      if (!s) {
        waitStart.set(on, (s = []));
        waitEnd.set(on, []);
      }
      s.push(lane.start[i]);
      waitEnd.get(on)!.push(lane.end[i]);
    }
  const waited = new Map([...waitStart].map(([p, s]) => [p, unionIntervals(s, waitEnd.get(p)!)]));

  const laneOf = new Map(threadIds.map((id, i) => [id, i]));
  const perLane: number[][] = threadIds.map(() => []);
  let lastThread = Number.NaN;
  let lane: number[] | undefined;
  for (let r = 0; r < holds.n; r++) {
    // Threads repeat: compare with the previous one before a Map lookup.
    if (holds.thread[r] !== lastThread) {
      lastThread = holds.thread[r];
      lane = perLane[laneOf.get(lastThread) ?? -1];
    }
    lane?.push(r);
  }

  const { start, end, prim } = holds;
  return perLane.map((laneHolds) => {
    // A lane's holds come one primitive after another, each in time order: merge those runs.
    const idx = sortByKey(laneHolds, start);
    const { level, levels } = stackLevels(idx, start, end);
    const rows: { s: number[]; e: number[]; c: number[]; p: number[]; h: number[] }[] = [];
    for (let r = 0; r < levels; r++) rows.push({ s: [], e: [], c: [], p: [], h: [] });
    for (let k = 0; k < idx.length; k++) {
      const hi = idx[k];
      const row = rows[level[k]];
      const n0 = row.s.length;
      cutByWaits(start[hi], end[hi], waited.get(prim[hi]), row.s, row.e, row.c);
      for (let j = n0; j < row.s.length; j++) {
        row.p.push(prim[hi]);
        row.h.push(hi);
      }
    }
    return rows.map((r) => ({
      cols: codedSpans(Float64Array.from(r.s), Float64Array.from(r.e), Uint8Array.from(r.c), HOLD_CODES),
      prim: Int32Array.from(r.p),
      hold: Int32Array.from(r.h),
    }));
  });
}

/** A hold cut where the waiting on its primitive starts and stops. */
export function contentionSegments(
  h: Interval,
  waited: { start: Float64Array; end: Float64Array } | undefined,
): { start: number; end: number; code: number }[] {
  const s: number[] = [];
  const e: number[] = [];
  const c: number[] = [];
  cutByWaits(h.start, h.end, waited, s, e, c);
  return s.map((start, i) => ({ start, end: e[i], code: c[i] }));
}

/** contentionSegments of the hold [hs, he] into columns (no object per segment: there may be a million holds). */
function cutByWaits(hs: number, he: number, waited: { start: Float64Array; end: Float64Array } | undefined, s: number[], e: number[], c: number[]): void {
  const n0 = s.length;
  let t = hs;
  if (waited) {
    for (let i = upperBound(waited.end, hs); i < waited.start.length && waited.start[i] < he; i++) {
      const a = Math.max(waited.start[i], hs);
      const b = Math.min(waited.end[i], he);
      if (a > t) (s.push(t), e.push(a), c.push(HOLD_UNCONTENDED));
      if (b > a) (s.push(a), e.push(b), c.push(HOLD_CONTENDED));
      t = Math.max(t, b);
    }
  }
  if (he > t || s.length === n0) (s.push(t), e.push(he), c.push(HOLD_UNCONTENDED));
}
