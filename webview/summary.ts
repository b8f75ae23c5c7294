// A long run drawn from its summary (core/timeline/pyramid-slice.ts) until the window in view is
// small enough for its events: per lane, each pixel column's state bar stacks the shares of time
// the thread spent in each state in the buckets under it (running at the bottom), and under it a
// hold bar whose height is the share it held a lock (orange where others waited for it). Work per
// frame is bounded by the buckets in view, 1–2 per pixel, whatever the run's length.
import { formatDuration } from '../src/core/format/time';
import { HOLD_CONTENDED, HOLD_UNCONTENDED } from '../src/core/timeline/holds';
import { RunBuffer, spanAt } from '../src/core/timeline/lod';
import { upperBound } from '../src/core/timeline/search';
import { type SummaryLane, type SummarySlice, bucketSummary, summaryLane } from '../src/core/timeline/pyramid-slice';
import type { ThreadState } from '../src/core/model/types';
import { STATES, STATE_COUNT, STATE_MEANING, stateCode } from '../src/core/timeline/states';
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
  /** The states with time in any of its buckets (the legend and the accessible state read them). */
  readonly states = new Set<ThreadState>();

  constructor(
    readonly slice: SummarySlice,
    data: ViewData,
  ) {
    this.lanes = data.lanes.map(() => undefined);
    this.sliceLane = new Int32Array(data.lanes.length).fill(-1);
    slice.threads.forEach((th, li) => {
      const lane = data.laneOf.get(th);
      if (lane === undefined) return;
      const sl = summaryLane(slice, li);
      this.lanes[lane] = sl;
      this.sliceLane[lane] = li;
      for (let i = 0; i < sl.spans.code.length; i++) this.states.add(STATES[sl.spans.code[i]]);
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

const holdsOut = new RunBuffer();
/** Hold bars come in 4 heights (a quarter of the row each): few enough to batch by colour. */
const HOLD_STEPS = 4;

export interface SummaryPaths {
  /** Path per state code, then per hold code × height step (HOLD + code * HOLD_STEPS + step). */
  paths: Path2D[];
  hold: number;
}

/** Share steps of a stacked state bar: eighths of its height. */
const STACK = 8;
/** The state run being drawn: its shares (eighths per state) and key; a pixel column's sums. */
const shares = new Uint8Array(STATE_COUNT);
const next = new Uint8Array(STATE_COUNT);
const colNs = new Float64Array(STATE_COUNT);

/**
 * Adds the lane's state runs and hold bars to the paths; returns how many rectangles it drew. The
 * buckets in view (1–2 a pixel) are summed per pixel column first: each column's state bar stacks
 * each state's share of its time (in eighths of the bar; a state with any time gets at least one),
 * running at the bottom, and its hold bar is as high as the share it held a lock (orange when others
 * waited most of that time). Neighbouring columns with the same shares are one rectangle per state,
 * with the same hold bar one rectangle: a few hundred rectangles a lane, whatever the run's length.
 */
export function summaryLaneShapes(
  lane: SummaryLane,
  v: Viewport,
  row: { stateY: number; stateH: number; holdY: number; holdH: number; holdLevels: number },
  out: SummaryPaths,
  bar: (code: number, y: number, h: number) => [number, number],
  minPx: number,
): number {
  const { start, end, cum } = lane.spans;
  const S = STATE_COUNT;
  const [by, bh] = bar(RUNNING, row.stateY, row.stateH);
  let rects = 0;
  let sig = -1;
  let rx0 = 0;
  let rx1 = 0;
  const flushRun = () => {
    if (sig < 0) return;
    let y = by + bh;
    for (let c = 0; c < S; c++) {
      if (!shares[c]) continue;
      const h = (bh * shares[c]) / STACK;
      y -= h;
      out.paths[c].rect(rx0, y, Math.max(rx1 - rx0, minPx), h);
      rects++;
    }
  };
  holdsOut.clear();
  // The pixel column being summed: [cx0, cx1), its time per state, held and held while contended.
  let cx0 = Number.NaN;
  let cx1 = 0;
  let total = 0;
  let held = 0;
  let contended = 0;
  const emitColumn = () => {
    if (!(total > 0)) return;
    let sum = 0;
    let big = 0;
    for (let c = 0; c < S; c++) {
      next[c] = colNs[c] > 0 ? Math.max(1, Math.round((colNs[c] / total) * STACK)) : 0;
      sum += next[c];
      if (next[c] > next[big]) big = c;
    }
    next[big] += STACK - sum; // the largest share takes the rounding
    let key = 0;
    for (let c = 0; c < S; c++) key = key * (STACK + 1) + next[c];
    if (key === sig && cx0 <= rx1 + 0.5) rx1 = Math.max(rx1, cx1);
    else {
      flushRun();
      sig = key;
      shares.set(next);
      rx0 = cx0;
      rx1 = cx1;
    }
    if (row.holdLevels > 0 && held > 0) {
      const code = contended >= held / 2 ? HOLD_CONTENDED : HOLD_UNCONTENDED;
      const step = Math.min(HOLD_STEPS - 1, Math.floor((held / total) * HOLD_STEPS));
      holdsOut.push(cx0, cx1, code * HOLD_STEPS + step, 1, -1);
    }
  };
  for (let i = Math.max(0, lodFirst(lane, v.t0)); i < start.length && start[i] < v.t1; i++) {
    const a = Math.max(nsToPx(v, start[i]), 0);
    const b = Math.min(nsToPx(v, end[i]), v.width);
    // A new column once the one summed is a pixel wide, or after a gap (the lane had not begun, or had ended).
    if (cx0 === cx0 && (cx1 - cx0 >= 1 || a > cx1 + 0.5)) {
      emitColumn();
      cx0 = Number.NaN;
      colNs.fill(0);
      total = held = contended = 0;
    }
    if (cx0 !== cx0) {
      cx0 = a;
      cx1 = b;
    } else cx1 = Math.max(cx1, b);
    let ns = 0;
    for (let c = 0; c < S; c++) {
      const d = cum[(i + 1) * S + c] - cum[i * S + c];
      colNs[c] += d;
      ns += d;
    }
    total += ns;
    held += lane.held[i] * ns;
    contended += lane.contended[i] * ns;
  }
  emitColumn();
  flushRun();
  const H = row.holdH * row.holdLevels - 2;
  for (let k = 0; k < holdsOut.n; k++) {
    const c = holdsOut.code[k];
    const h = (H * ((c % HOLD_STEPS) + 1)) / HOLD_STEPS;
    out.paths[out.hold + c].rect(holdsOut.x0[k], row.holdY + 1 + H - h, Math.max(holdsOut.x1[k] - holdsOut.x0[k], minPx), h);
  }
  return rects + holdsOut.n;
}

/** The first bucket that can be visible from t on. */
function lodFirst(lane: SummaryLane, t: number): number {
  return upperBound(lane.spans.end, t);
}

const RUNNING = stateCode.running;

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
  const held =
    s.heldNs > 0
      ? ` Held a lock ${pct(s.heldNs / total)} of the time${s.contendedNs > 0 ? `, ${pct(s.contendedNs / total)} while others waited for it` : ''}.`
      : '';
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
  for (const s of layer.states) states.add(s);
  return drawn;
}
