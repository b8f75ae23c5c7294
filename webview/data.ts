// Everything the view draws, derived once per model: per-lane columns with LOD prefix sums, lock
// hold rows, RLock depth, markers, pool tasks per worker lane, counter tracks, the link index and the layout.
import { buildSpanColumns } from '../src/core/model/columns';
import { primitiveLabel } from '../src/core/model/describe';
import type { Instant, Model } from '../src/core/model/types';
import { type DepthSegment, rlockDepths } from '../src/core/timeline/depth';
import { type HoldRow, holdRows } from '../src/core/timeline/holds';
import { DEFAULT_METRICS, type Layout, layoutRows } from '../src/core/timeline/layout';
import { type LinkIndex, indexLinks } from '../src/core/timeline/links';
import { type CodedSpans, codedSpans } from '../src/core/timeline/lod';
import { lowerBound, upperBound } from '../src/core/timeline/search';
import { STATE_COUNT } from '../src/core/timeline/states';
import type { PrimitiveInfo, Trace } from '../src/core/trace/format';

/** Instant kinds drawn as markers; the others (notify, put, …) are the tails of wake-up arrows. */
const MARKED: ReadonlySet<Instant['kind']> = new Set(['log', 'exception', 'error', 'timer-cancel', 'reset']);

export interface LaneData {
  thread: number;
  name: string;
  spans: CodedSpans;
  /** Per span: primitive (or joined thread) waited on, and site; −1 none. */
  on: Int32Array;
  at: Int32Array;
  holds: HoldRow[];
  /** RLock depth ≥ 2, by start, with the hold row it is drawn in; depthStart/maxDepthLen cull them. */
  depth: (DepthSegment & { level: number })[];
  depthStart: Float64Array;
  maxDepthLen: number;
  /** Markers: times and indices into model.instants, by time. */
  markT: Float64Array;
  markIx: Int32Array;
  /** Pool tasks run on this lane: indices into model.tasks, with their times, by start. */
  taskIx: Int32Array;
  taskStart: Float64Array;
  taskEnd: Float64Array;
}

export interface CounterData {
  prim: number;
  label: string;
  t: Float64Array;
  v: Float64Array;
  lo: number;
  hi: number;
}

export interface ViewData {
  model: Model;
  trace: Trace;
  lanes: LaneData[];
  laneOf: Map<number, number>;
  counters: CounterData[];
  links: LinkIndex;
  layout: Layout;
  prims: Map<number, PrimitiveInfo>;
}

/** `minHoldRows`: at least this many hold rows per thread id (a summarised run keeps one layout at every zoom). */
export function viewData(model: Model, minHoldRows?: ReadonlyMap<number, number>): ViewData {
  const trace = model.trace;
  const cols = buildSpanColumns(model);
  const laneIds = trace.threads.map((t) => t.id);
  const laneOf = new Map(laneIds.map((id, i) => [id, i]));
  const rows = holdRows(model.holdTable, cols, laneIds);
  const depthByLane: DepthSegment[][] = laneIds.map(() => []);
  for (const d of rlockDepths(trace)) depthByLane[laneOf.get(d.thread) ?? -1]?.push(d);
  const marks: number[][] = laneIds.map(() => []);
  model.instants.forEach((ins, i) => {
    if (MARKED.has(ins.kind)) marks[laneOf.get(ins.thread) ?? -1]?.push(i);
  });

  const tasks: number[][] = laneIds.map(() => []);
  (model.tasks ?? []).forEach((task, i) => tasks[laneOf.get(task.thread) ?? -1]?.push(i));
  const allTasks = model.tasks ?? [];

  const lanes: LaneData[] = trace.threads.map((th, lane) => {
    const c = cols[lane];
    const holds = rows[lane];
    return {
      thread: th.id,
      name: th.name,
      spans: codedSpans(c.start, c.end, c.state, STATE_COUNT),
      on: c.on,
      at: c.at,
      holds,
      depth: depthByLane[lane].map((d) => ({ ...d, level: levelOf(holds, d) })),
      depthStart: Float64Array.from(depthByLane[lane], (d) => d.start),
      maxDepthLen: depthByLane[lane].reduce((m, d) => Math.max(m, d.end - d.start), 0),
      markT: Float64Array.from(marks[lane], (i) => model.instants[i].t),
      markIx: Int32Array.from(marks[lane]),
      taskIx: Int32Array.from(tasks[lane]),
      taskStart: Float64Array.from(tasks[lane], (i) => allTasks[i].start),
      taskEnd: Float64Array.from(tasks[lane], (i) => allTasks[i].end),
    };
  });
  const counters = model.counters.map((c) => {
    const v = Float64Array.from(c.v);
    let lo = 0;
    let hi = 1;
    for (const x of v) {
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
    return { prim: c.prim, label: c.label, t: Float64Array.from(c.t), v, lo, hi };
  });
  const layout = layoutRows(
    {
      lanes: lanes.map((l, i) => ({
        name: l.name,
        process: trace.threads[i].process,
        holdLevels: Math.max(l.holds.length, minHoldRows?.get(l.thread) ?? 0),
        tasks: l.taskIx.length > 0,
      })),
      counters,
    },
    DEFAULT_METRICS,
  );
  return { model, trace, lanes, laneOf, counters, links: indexLinks(model.links), layout, prims: new Map(trace.primitives.map((p) => [p.id, p])) };
}

/** The hold row whose hold of the same primitive covers the depth segment. */
function levelOf(rows: HoldRow[], d: DepthSegment): number {
  for (let level = 0; level < rows.length; level++) {
    const r = rows[level];
    const i = upperBound(r.cols.start, d.start) - 1;
    if (i >= 0 && r.prim[i] === d.prim && r.cols.end[i] >= d.start) return level;
  }
  return 0;
}

/** Marker indices of a lane within [t0, t1]. */
export function marksIn(lane: LaneData, t0: number, t1: number): [number, number] {
  return [lowerBound(lane.markT, t0), upperBound(lane.markT, t1)];
}

/** "Lock `lock`" — how a primitive is named everywhere in the view. */
export function primLabel(data: ViewData, id: number): string {
  return primitiveLabel(data.prims.get(id), id);
}
