// A long run drawn from its summary (core/timeline/pyramid-slice.ts) until the window in view is
// small enough for its events: per lane, each bucket in the colour of the state it spent most
// time in, and under it a hold bar whose height is the share of the bucket the thread held a
// lock (orange where others waited for it). Work per frame is bounded by the buckets in view,
// 1–2 per pixel, whatever the run's length.
import { formatDuration } from '../src/core/format/time';
import { HOLD_CONTENDED, HOLD_UNCONTENDED } from '../src/core/timeline/holds';
import { RunBuffer, lodRuns, spanAt } from '../src/core/timeline/lod';
import { type SummaryLane, type SummarySlice, bucketSummary, summaryLane } from '../src/core/timeline/pyramid-slice';
import type { ThreadState } from '../src/core/model/types';
import { STATES, STATE_COUNT, STATE_MEANING } from '../src/core/timeline/states';
import { type Viewport, nsToPx, pxToNs } from '../src/core/timeline/viewport';
import type { ViewData } from './data';
import type { Palette } from './theme';

/** One slice, its lanes in the view's lane order. */
export class SummaryLayer {
  readonly lanes: (SummaryLane | undefined)[];
  /** Per view lane: its lane in the slice (−1 none). */
  readonly sliceLane: Int32Array;
  readonly t0: number;
  readonly t1: number;

  constructor(
    readonly slice: SummarySlice,
    data: ViewData,
  ) {
    this.lanes = data.lanes.map(() => undefined);
    this.sliceLane = new Int32Array(data.lanes.length).fill(-1);
    slice.threads.forEach((th, li) => {
      const lane = data.laneOf.get(th);
      if (lane === undefined) return;
      this.lanes[lane] = summaryLane(slice, li);
      this.sliceLane[lane] = li;
    });
    this.t0 = slice.first * slice.bucketNs;
    this.t1 = Math.min((slice.first + slice.n) * slice.bucketNs, slice.endNs);
  }

  /** Whether it has buckets for all of [t0, t1] (within a bucket at the run's ends). */
  covers(t0: number, t1: number): boolean {
    return this.t0 <= Math.max(t0, 0) + this.slice.bucketNs && this.t1 >= Math.min(t1, this.slice.endNs) - this.slice.bucketNs;
  }
}

/** The overview of the whole run and, once it came, a finer summary of the window. */
export class Summary {
  window: SummaryLayer | undefined;
  constructor(public overview: SummaryLayer) {}

  /** The finest layer that covers the view. */
  layerFor(v: Viewport): SummaryLayer {
    const w = this.window;
    return w && w.slice.bucketNs < this.overview.slice.bucketNs && w.covers(v.t0, v.t1) ? w : this.overview;
  }
}

const runs = new RunBuffer();
const holdsOut = new RunBuffer();
/** Hold bars come in 4 heights (a quarter of the row each): few enough to batch by colour. */
const HOLD_STEPS = 4;

export interface SummaryPaths {
  /** Path per state code, then per hold code × height step (HOLD + code * HOLD_STEPS + step). */
  paths: Path2D[];
  hold: number;
}

/** Adds the lane's state runs and hold bars to the paths; returns how many runs it drew. */
export function summaryLaneShapes(
  lane: SummaryLane,
  v: Viewport,
  row: { stateY: number; stateH: number; holdY: number; holdH: number; holdLevels: number },
  out: SummaryPaths,
  bar: (code: number, y: number, h: number) => [number, number],
  minPx: number,
): number {
  lodRuns(lane.spans, v, minPx, runs);
  for (let k = 0; k < runs.n; k++) {
    const [by, bh] = bar(runs.code[k], row.stateY, row.stateH);
    out.paths[runs.code[k]].rect(runs.x0[k], by, Math.max(runs.x1[k] - runs.x0[k], minPx), bh);
  }
  if (row.holdLevels === 0) return runs.n;
  holdsOut.clear();
  const { start, end } = lane.spans;
  const H = row.holdH * row.holdLevels - 2;
  for (let i = Math.max(0, spanAt(lane.spans, v.t0, 0)); i < start.length && start[i] < v.t1; i++) {
    const held = lane.held[i];
    if (!(held > 0)) continue;
    const code = lane.contended[i] >= held / 2 ? HOLD_CONTENDED : HOLD_UNCONTENDED;
    const step = Math.min(HOLD_STEPS - 1, Math.floor(held * HOLD_STEPS));
    const x0 = Math.max(nsToPx(v, start[i]), 0);
    const x1 = Math.min(nsToPx(v, end[i]), v.width);
    if (x1 > x0) holdsOut.push(x0, x1, code * HOLD_STEPS + step, 1, i);
  }
  for (let k = 0; k < holdsOut.n; k++) {
    const c = holdsOut.code[k];
    const h = (H * ((c % HOLD_STEPS) + 1)) / HOLD_STEPS;
    out.paths[out.hold + c].rect(holdsOut.x0[k], row.holdY + 1 + H - h, Math.max(holdsOut.x1[k] - holdsOut.x0[k], minPx), h);
  }
  return runs.n + holdsOut.n;
}

export const SUMMARY_PATHS = HOLD_STEPS * 2;

/** Colour index of a hold path (HOLD_UNCONTENDED or HOLD_CONTENDED). */
export const holdCodeOf = (pathIndex: number) => Math.floor(pathIndex / HOLD_STEPS);

/** The tooltip of the bucket under x on a lane: how the time went, what it holds, how many events it stands for. */
export function describeBucket(layer: SummaryLayer, lane: number, v: Viewport, x: number): { title: string; detail: string; reason: string } | undefined {
  const sl = layer.lanes[lane];
  if (!sl) return undefined;
  const i = spanAt(sl.spans, pxToNs(v, x), (v.t1 - v.t0) / v.width);
  if (i < 0) return undefined;
  const s = bucketSummary(layer.slice, layer.sliceLane[lane], sl.bucket[i]);
  const total = s.stateNs.reduce((a, x) => a + x, 0) || 1;
  const shares = s.stateNs
    .map((ns, c) => ({ ns, c }))
    .filter((x) => x.ns > 0)
    .sort((a, b) => b.ns - a.ns)
    .map((x) => `${STATE_MEANING[STATES[x.c]].split(':')[0]} ${pct(x.ns / total)}`);
  const held = s.heldNs > 0 ? ` Held a lock ${pct(s.heldNs / total)} of the time${s.contendedNs > 0 ? `, ${pct(s.contendedNs / total)} while others waited for it` : ''}.` : '';
  const waits = s.waits ? ` ${Math.round(s.waits).toLocaleString('en')} waits began here.` : '';
  return {
    title: shares.join(', '),
    detail: `${formatDuration(s.t0)} → ${formatDuration(s.t1)} · ${Math.round(s.events).toLocaleString('en')} events`,
    reason: `A summary of ${formatDuration(s.t1 - s.t0)}.${held}${waits} Zoom in to see each operation.`,
  };
}

const pct = (x: number) => `${Math.round(x * 100)} %`;
/** Paints every lane of the layer (state runs and hold bars), one fill per colour; returns the runs drawn. */
export function drawSummaryLanes(
  ctx: CanvasRenderingContext2D,
  layer: SummaryLayer,
  data: ViewData,
  v: Viewport,
  pal: Palette,
  bar: (code: number, y: number, h: number) => [number, number],
  minPx: number,
  states: Set<ThreadState>,
): number {
  const out: SummaryPaths = { paths: Array.from({ length: STATE_COUNT + SUMMARY_PATHS }, () => new Path2D()), hold: STATE_COUNT };
  let drawn = 0;
  for (const row of data.layout.laneRows) {
    const lane = row && layer.lanes[row.lane];
    if (!lane) continue;
    drawn += summaryLaneShapes(lane, v, row, out, bar, minPx);
  }
  out.paths.forEach((path, c) => {
    if (c < STATE_COUNT) {
      ctx.fillStyle = pal.state[c];
    } else ctx.fillStyle = holdCodeOf(c - STATE_COUNT) === HOLD_CONTENDED ? pal.holdContended : pal.hold;
    ctx.fill(path);
  });
  // The legend and the accessible state read which states are on screen.
  for (const lane of layer.lanes) if (lane) for (let i = 0; i < lane.spans.code.length; i++) states.add(STATES[lane.spans.code[i]]);
  return drawn;
}
