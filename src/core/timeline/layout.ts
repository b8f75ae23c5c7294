// Vertical layout of the timeline body, in cssPx: one lane per thread (a state bar, the row of
// pool tasks it ran if it is a pool worker, its lock hold rows), grouped by process when there are
// several, then one row per counter track.

export interface LayoutInput {
  lanes: { name: string; process?: number; holdLevels: number; tasks?: boolean }[];
  counters: { label: string }[];
}

export interface Metrics {
  stateH: number;
  holdH: number;
  taskH: number;
  laneGap: number;
  counterH: number;
  groupH: number;
}

export const DEFAULT_METRICS: Metrics = { stateH: 24, holdH: 12, taskH: 16, laneGap: 12, counterH: 34, groupH: 22 };

export type Row =
  | { kind: 'group'; y: number; h: number; process: number }
  | {
      kind: 'lane';
      lane: number;
      y: number;
      h: number;
      stateY: number;
      stateH: number;
      /** The pool-task row (taskH 0 on a lane that ran no task). */
      taskY: number;
      taskH: number;
      holdY: number;
      holdH: number;
      holdLevels: number;
    }
  | { kind: 'counter'; counter: number; y: number; h: number };

export interface Layout {
  rows: Row[];
  height: number;
  /** The row of each lane, by lane index. */
  laneRows: Extract<Row, { kind: 'lane' }>[];
}

export function layoutRows(input: LayoutInput, m: Metrics = DEFAULT_METRICS): Layout {
  const rows: Row[] = [];
  const laneRows: Extract<Row, { kind: 'lane' }>[] = [];
  const processes = [...new Set(input.lanes.map((l) => l.process ?? 0))].sort((a, b) => a - b);
  const grouped = processes.length > 1;
  let y = m.laneGap / 2;
  for (const proc of processes) {
    if (grouped) {
      rows.push({ kind: 'group', y, h: m.groupH, process: proc });
      y += m.groupH;
    }
    input.lanes.forEach((l, lane) => {
      if ((l.process ?? 0) !== proc) return;
      const taskH = l.tasks ? m.taskH : 0;
      const h = m.stateH + taskH + l.holdLevels * m.holdH;
      const holdY = y + m.stateH + taskH;
      const row = {
        kind: 'lane' as const,
        lane,
        y,
        h,
        stateY: y,
        stateH: m.stateH,
        taskY: y + m.stateH,
        taskH,
        holdY,
        holdH: m.holdH,
        holdLevels: l.holdLevels,
      };
      rows.push(row);
      laneRows[lane] = row;
      y += h + m.laneGap;
    });
  }
  input.counters.forEach((_, counter) => {
    rows.push({ kind: 'counter', counter, y, h: m.counterH });
    y += m.counterH + m.laneGap;
  });
  return { rows, height: y, laneRows };
}

/** The row under y (cssPx), including the gap below it; undefined above the first or past the last. */
export function rowAt(layout: Layout, y: number): Row | undefined {
  const rows = layout.rows;
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rows[mid].y <= y) lo = mid + 1;
    else hi = mid;
  }
  const r = rows[lo - 1];
  if (!r) return undefined;
  const next = rows[lo];
  return y < (next ? next.y : r.y + r.h) ? r : undefined;
}
