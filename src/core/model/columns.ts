// Columnar, typed-array form of a model's lanes for the canvas timeline: one struct of arrays per
// lane (same order as trace.threads), so drawing and hit-testing binary-search `start` and never
// touch an object per span. Row i of a lane's columns is model.spans[lane][i] (for its reason).
import type { HoldTable, Model, StateSpan, ThreadState } from './types';
import { threadStates } from '../trace/kinds';

/** State codes in the `state` column: the index in the vocabulary (append-only there). */
export const STATE_CODE = Object.fromEntries(threadStates.map((s, i) => [s, i])) as Readonly<Record<ThreadState, number>>;
export const STATE_OF_CODE: readonly ThreadState[] = threadStates;

export interface SpanColumns {
  start: Float64Array;
  end: Float64Array;
  state: Uint8Array;
  /** Primitive (or joined thread) id; -1 none. */
  on: Int32Array;
  /** Site index; -1 none. */
  at: Int32Array;
}

/** Holds of one thread, by start. Row i is the i-th of model.holds with that thread, in start order. */
export interface HoldColumns {
  start: Float64Array;
  end: Float64Array;
  prim: Int32Array;
  maxDepth: Uint16Array;
  /** 1 if another thread waited during the hold. */
  contended: Uint8Array;
  at: Int32Array;
  /** Index into model.holds. */
  index: Int32Array;
}

export interface LaneColumns {
  thread: number;
  spans: SpanColumns;
  holds: HoldColumns;
}

export function buildColumns(model: Model): LaneColumns[] {
  const h = model.holdTable;
  const laneOf = new Map(model.trace.threads.map((th, lane) => [th.id, lane]));
  const holdsByLane: number[][] = model.trace.threads.map(() => []);
  for (let i = 0; i < h.n; i++) holdsByLane[laneOf.get(h.thread[i]) ?? -1]?.push(i);
  return model.trace.threads.map((th, lane) => ({
    thread: th.id,
    spans: spanColumns(model.spans[lane]),
    holds: holdColumns(
      h,
      holdsByLane[lane].sort((a, b) => h.start[a] - h.start[b]),
    ),
  }));
}

/** Only the span columns of each lane (what the timeline draws; it lays holds out in rows itself). */
export function buildSpanColumns(model: Model): SpanColumns[] {
  return model.spans.map(spanColumns);
}

/** The columns of one lane's spans. */
export function spanColumns(spans: readonly StateSpan[]): SpanColumns {
  const n = spans.length;
  const c: SpanColumns = {
    start: new Float64Array(n),
    end: new Float64Array(n),
    state: new Uint8Array(n),
    on: new Int32Array(n),
    at: new Int32Array(n),
  };
  for (let i = 0; i < n; i++) {
    const s = spans[i];
    c.start[i] = s.start;
    c.end[i] = s.end;
    c.state[i] = STATE_CODE[s.state];
    c.on[i] = s.on;
    c.at[i] = s.at;
  }
  return c;
}

function holdColumns(h: HoldTable, indices: number[]): HoldColumns {
  const n = indices.length;
  const c: HoldColumns = {
    start: new Float64Array(n),
    end: new Float64Array(n),
    prim: new Int32Array(n),
    maxDepth: new Uint16Array(n),
    contended: new Uint8Array(n),
    at: new Int32Array(n),
    index: Int32Array.from(indices),
  };
  indices.forEach((hi, i) => {
    c.start[i] = h.start[hi];
    c.end[i] = h.end[hi];
    c.prim[i] = h.prim[hi];
    c.maxDepth[i] = h.maxDepth[hi];
    c.contended[i] = h.contended[hi];
    c.at[i] = h.at[hi];
  });
  return c;
}

/** Index of the first row whose end is after t (the first span visible from t on); n if none. */
export function firstEndingAfter(end: Float64Array, t: number): number {
  let lo = 0;
  let hi = end.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (end[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
