// Lock holds as Tracy draws them: under each lane, one row per nesting level of held locks, each
// hold split into "held, uncontended" and "held while others wait" (someone is blocked on that
// primitive during that time). "Waiting for" is the lane's own blocked span above it.
import type { Hold, StateSpan } from '../model/types';
import { type CodedSpans, codedSpans } from './lod';
import { sortByKey, upperBound } from './search';

export const HOLD_UNCONTENDED = 0;
export const HOLD_CONTENDED = 1;
export const HOLD_CODES = 2;

export interface Interval {
  start: number;
  end: number;
}

/** Disjoint, sorted union of intervals (touching ones merge). */
export function unionIntervals(iv: readonly Interval[]): { start: Float64Array; end: Float64Array } {
  const sorted = [...iv].sort((a, b) => a.start - b.start);
  const s: number[] = [];
  const e: number[] = [];
  for (const x of sorted) {
    if (x.end < x.start) continue;
    const k = s.length - 1;
    if (k >= 0 && x.start <= e[k]) e[k] = Math.max(e[k], x.end);
    else {
      s.push(x.start);
      e.push(x.end);
    }
  }
  return { start: Float64Array.from(s), end: Float64Array.from(e) };
}

/**
 * Rows for overlapping intervals, in input order (sorted by start): each takes the lowest row
 * whose last interval has ended. Returns the row of each and how many rows there are.
 */
export function stackLevels(iv: readonly Interval[]): { level: number[]; levels: number } {
  const rowEnd: number[] = [];
  const level: number[] = new Array(iv.length);
  for (let k = 0; k < iv.length; k++) {
    const x = iv[k];
    let r = 0;
    while (r < rowEnd.length && rowEnd[r] > x.start) r++;
    rowEnd[r] = x.end;
    level[k] = r;
  }
  return { level, levels: rowEnd.length };
}

/** One row of one lane's holds: coded segments plus, per segment, its primitive and hold. */
export interface HoldRow {
  cols: CodedSpans;
  prim: Int32Array;
  /** Index into model.holds. */
  hold: Int32Array;
}

/**
 * Hold rows per lane (lane = index in `threadIds`). `spans` are the model's per-lane state spans:
 * their blocked spans say when each primitive had someone waiting.
 */
export function holdRows(holds: readonly Hold[], spans: readonly (readonly StateSpan[])[], threadIds: readonly number[]): HoldRow[][] {
  const waitsByPrim = new Map<number, Interval[]>();
  for (const lane of spans)
    for (const s of lane)
      if (s.state === 'blocked' && s.on >= 0) {
        let w = waitsByPrim.get(s.on);
        if (!w) waitsByPrim.set(s.on, (w = []));
        w.push(s);
      }
  const waited = new Map([...waitsByPrim].map(([p, w]) => [p, unionIntervals(w)]));

  const laneOf = new Map(threadIds.map((id, i) => [id, i]));
  const perLane: number[][] = threadIds.map(() => []);
  holds.forEach((h, i) => perLane[laneOf.get(h.thread) ?? -1]?.push(i));

  const starts = new Float64Array(holds.length);
  for (let i = 0; i < holds.length; i++) starts[i] = holds[i].start;
  return perLane.map((laneHolds) => {
    // A lane's holds come one primitive after another, each in time order: merge those runs.
    const idx = Array.from(sortByKey(laneHolds, starts));
    const { level, levels } = stackLevels(idx.map((i) => holds[i]));
    const rows: { s: number[]; e: number[]; c: number[]; p: number[]; h: number[] }[] = [];
    for (let r = 0; r < levels; r++) rows.push({ s: [], e: [], c: [], p: [], h: [] });
    idx.forEach((hi, k) => {
      const row = rows[level[k]];
      const h = holds[hi];
      const n0 = row.s.length;
      cutByWaits(h, waited.get(h.prim), row.s, row.e, row.c);
      for (let j = n0; j < row.s.length; j++) {
        row.p.push(h.prim);
        row.h.push(hi);
      }
    });
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
  cutByWaits(h, waited, s, e, c);
  return s.map((start, i) => ({ start, end: e[i], code: c[i] }));
}

/** contentionSegments into columns (no object per segment: there may be a million holds). */
function cutByWaits(h: Interval, waited: { start: Float64Array; end: Float64Array } | undefined, s: number[], e: number[], c: number[]): void {
  const n0 = s.length;
  let t = h.start;
  if (waited) {
    for (let i = upperBound(waited.end, h.start); i < waited.start.length && waited.start[i] < h.end; i++) {
      const a = Math.max(waited.start[i], h.start);
      const b = Math.min(waited.end[i], h.end);
      if (a > t) s.push(t), e.push(a), c.push(HOLD_UNCONTENDED);
      if (b > a) s.push(a), e.push(b), c.push(HOLD_CONTENDED);
      t = Math.max(t, b);
    }
  }
  if (h.end > t || s.length === n0) s.push(t), e.push(h.end), c.push(HOLD_UNCONTENDED);
}
