// Hit-testing: what is under a point of the trace body (cssPx), for tooltips and clicks.
import type { HoldRow } from './holds';
import { type Layout, rowAt } from './layout';
import { type CodedSpans, spanAt } from './lod';
import { lowerBound } from './search';
import { type Viewport, pxToNs } from './viewport';

export interface HitLane {
  spans: CodedSpans;
  holds: HoldRow[];
  /** Marker times, sorted. */
  markT: Float64Array;
  /** Pool tasks this lane ran, by start (a worker runs one at a time, so ends are sorted too). */
  taskStart: Float64Array;
  taskEnd: Float64Array;
}

export type Hit =
  | { kind: 'mark'; lane: number; mark: number }
  | { kind: 'span'; lane: number; span: number }
  | { kind: 'hold'; lane: number; level: number; seg: number }
  /** `task`: index into the lane's tasks. */
  | { kind: 'task'; lane: number; task: number }
  | { kind: 'counter'; counter: number; t: number };

/** Markers win within this many px: they are small and sit on top of the spans. */
export const MARK_SLOP_PX = 5;
const SPAN_SLOP_PX = 2;

export function hitTest(layout: Layout, lanes: readonly HitLane[], v: Viewport, x: number, y: number): Hit | undefined {
  if (x < 0 || x > v.width) return undefined;
  const row = rowAt(layout, y);
  if (!row || row.kind === 'group') return undefined;
  const t = pxToNs(v, x);
  const nsPerPx = (v.t1 - v.t0) / v.width;
  if (row.kind === 'counter') return y < row.y + row.h ? { kind: 'counter', counter: row.counter, t } : undefined;
  const lane = lanes[row.lane];
  if (y < row.stateY + row.stateH) {
    const mark = nearestMark(lane.markT, t, MARK_SLOP_PX * nsPerPx);
    if (mark >= 0 && y < row.stateY + row.stateH / 2) return { kind: 'mark', lane: row.lane, mark };
    const span = spanAt(lane.spans, t, SPAN_SLOP_PX * nsPerPx);
    return span >= 0 ? { kind: 'span', lane: row.lane, span } : undefined;
  }
  if (y < row.taskY + row.taskH) {
    const task = taskAt(lane, t, SPAN_SLOP_PX * nsPerPx);
    return task >= 0 ? { kind: 'task', lane: row.lane, task } : undefined;
  }
  const level = Math.floor((y - row.holdY) / row.holdH);
  const hr = lane.holds[level];
  if (!hr) return undefined;
  const seg = spanAt(hr.cols, t, SPAN_SLOP_PX * nsPerPx);
  return seg >= 0 ? { kind: 'hold', lane: row.lane, level, seg } : undefined;
}

/** The task covering t (within slop), or −1. */
function taskAt(lane: HitLane, t: number, slop: number): number {
  const i = lowerBound(lane.taskEnd, t - slop);
  return i < lane.taskStart.length && lane.taskStart[i] <= t + slop ? i : -1;
}

function nearestMark(markT: Float64Array, t: number, slop: number): number {
  const i = lowerBound(markT, t);
  let best = -1;
  let bestD = slop;
  for (const k of [i - 1, i]) {
    if (k < 0 || k >= markT.length) continue;
    const d = Math.abs(markT[k] - t);
    if (d <= bestD) {
      best = k;
      bestD = d;
    }
  }
  return best;
}
