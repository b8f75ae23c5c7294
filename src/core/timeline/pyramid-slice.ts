// A window of the pyramid (pyramid.ts) at one level: what a host sends a view for the time in view,
// a few thousand buckets per lane whatever the run's length, and what the view draws from it.
//
// Level ℓ's buckets are 2^ℓ level-0 buckets wide. A view asks for the level whose buckets are 1–2
// cssPx wide in its window (levelFor), so every pixel has its own summary and nothing is summed
// per frame; zooming in asks for a finer level of the new window, down to level 0, below which
// the window's events themselves are read (pyramid-detail.ts).
import { type CodedSpans } from './lod';
import type { Pyramid } from './pyramid';
import { FIELDS, F_CONTENDED, F_EVENTS, F_HELD, F_WAITS } from '../protocol/buckets';
import { STATE_COUNT } from './states';

export interface SummarySlice {
  /** Width of one bucket; bucket k covers [k·bucketNs, (k+1)·bucketNs). */
  bucketNs: number;
  /** Index of the first bucket, and how many there are. */
  first: number;
  n: number;
  /** Per lane: its thread id, when it starts and ends, how many hold rows it needs. */
  threads: number[];
  laneStart: number[];
  laneEnd: number[];
  maxHolds: number[];
  /** lanes × n × FIELDS (pyramid.ts): lane-major, bucket-major. */
  data: Float32Array;
  /** Events in the whole run, and the run's end so far. */
  events: number;
  endNs: number;
}

/** The coarsest level whose buckets are at most `pxPerBucket` cssPx wide for `nsPerPx` (a 1400 px window: 1–2 px). */
export function levelFor(p: Pick<Pyramid, 'bucketNs' | 'capacity'>, nsPerPx: number, pxPerBucket = 1): number {
  const top = Math.log2(p.capacity);
  const l = Math.floor(Math.log2((nsPerPx * pxPerBucket) / p.bucketNs));
  return Math.max(0, Math.min(top, Number.isFinite(l) ? l : 0));
}

/** Level `level` of `p` over [t0, t1] (clamped to the run). */
export function sliceAt(p: Pyramid, level: number, t0: number, t1: number): SummarySlice {
  const span = 2 ** level;
  const w = p.bucketNs * span;
  const total = p.capacity / span;
  const first = Math.max(0, Math.min(total, Math.floor(Math.max(t0, 0) / w)));
  const end = Math.max(first, Math.min(total, Math.ceil(Math.min(t1, p.endNs) / w)));
  const n = end - first;
  const data = new Float32Array(p.lanes.length * n * FIELDS);
  p.lanes.forEach((lane, li) => {
    const src = lane.buckets;
    const base = li * n * FIELDS;
    for (let k = 0; k < n; k++) {
      const o = base + k * FIELDS;
      const from = (first + k) * span;
      for (let j = from; j < from + span; j++) for (let f = 0; f < FIELDS; f++) data[o + f] += src[j * FIELDS + f];
    }
  });
  return {
    bucketNs: w,
    first,
    n,
    threads: p.lanes.map((l) => l.thread),
    laneStart: p.lanes.map((l) => l.start),
    laneEnd: p.lanes.map((l) => l.end),
    maxHolds: p.lanes.map((l) => l.maxHolds),
    data,
    events: p.events,
    endNs: p.endNs,
  };
}

/** The slice a view of [t0, t1] across `widthPx` needs: its level, a little wider than the window (pans stay covered). */
export function sliceFor(p: Pyramid, t0: number, t1: number, widthPx: number): SummarySlice {
  const span = t1 - t0;
  return sliceAt(p, levelFor(p, span / Math.max(widthPx, 1)), t0 - span / 2, t1 + span / 2);
}

/** One lane of a slice as the timeline draws it: the buckets it lived in, as coded spans (lod.ts). */
export interface SummaryLane {
  /** Buckets with time in them: their bounds (clipped to the lane's life), dominant state, and prefix sums of state time. */
  spans: CodedSpans;
  /** Per row of `spans`: the bucket's index in the slice. */
  bucket: Int32Array;
  /** Per row: share of the bucket's time it held a lock, and held while another thread waited (0–1). */
  held: Float32Array;
  contended: Float32Array;
}

export function summaryLane(s: SummarySlice, lane: number): SummaryLane {
  const base = lane * s.n * FIELDS;
  const rows: number[] = [];
  for (let k = 0; k < s.n; k++) {
    let ns = 0;
    for (let c = 0; c < STATE_COUNT; c++) ns += s.data[base + k * FIELDS + c];
    if (ns > 0) rows.push(k);
  }
  const m = rows.length;
  const start = new Float64Array(m);
  const end = new Float64Array(m);
  const code = new Uint8Array(m);
  const cum = new Float64Array((m + 1) * STATE_COUNT);
  const held = new Float32Array(m);
  const contended = new Float32Array(m);
  rows.forEach((k, i) => {
    const o = base + k * FIELDS;
    const b0 = (s.first + k) * s.bucketNs;
    start[i] = Math.max(b0, s.laneStart[lane]);
    end[i] = Math.max(start[i], Math.min(b0 + s.bucketNs, s.laneEnd[lane]));
    let best = 0;
    let total = 0;
    for (let c = 0; c < STATE_COUNT; c++) {
      const ns = s.data[o + c];
      cum[(i + 1) * STATE_COUNT + c] = cum[i * STATE_COUNT + c] + ns;
      if (ns > s.data[o + best]) best = c;
      total += ns;
    }
    code[i] = best;
    held[i] = Math.min(1, s.data[o + F_HELD] / total);
    // Contended time is part of held time (a stream out of time order can count a little past a hold's end).
    contended[i] = Math.min(held[i], s.data[o + F_CONTENDED] / total);
  });
  return { spans: { start, end, code, codes: STATE_COUNT, cum }, bucket: Int32Array.from(rows), held, contended };
}

/** What one bucket of a lane says, for a tooltip and for tests. */
export interface BucketSummary {
  t0: number;
  t1: number;
  /** ns per state code. */
  stateNs: number[];
  heldNs: number;
  contendedNs: number;
  events: number;
  waits: number;
}

export function bucketSummary(s: SummarySlice, lane: number, k: number): BucketSummary {
  const o = (lane * s.n + k) * FIELDS;
  const t0 = (s.first + k) * s.bucketNs;
  return {
    t0,
    t1: t0 + s.bucketNs,
    stateNs: Array.from(s.data.subarray(o, o + STATE_COUNT)),
    heldNs: s.data[o + F_HELD],
    contendedNs: s.data[o + F_CONTENDED],
    events: s.data[o + F_EVENTS],
    waits: s.data[o + F_WAITS],
  };
}
