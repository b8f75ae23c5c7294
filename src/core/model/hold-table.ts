// Model.holds as columns (types.ts HoldTable), and the Hold objects for the few readers that want them.
import type { Hold, HoldTable } from './types';

/** A table with room for `capacity` holds and none in it. */
export function allocHolds(capacity: number): HoldTable {
  return {
    n: 0,
    thread: new Float64Array(capacity),
    prim: new Float64Array(capacity),
    start: new Float64Array(capacity),
    end: new Float64Array(capacity),
    maxDepth: new Float64Array(capacity),
    contended: new Uint8Array(capacity),
    at: new Int32Array(capacity),
  };
}

/** The table cut to its n rows (views, not copies). */
export function trimHolds(h: HoldTable): HoldTable {
  const n = h.n;
  return {
    n,
    thread: h.thread.subarray(0, n),
    prim: h.prim.subarray(0, n),
    start: h.start.subarray(0, n),
    end: h.end.subarray(0, n),
    maxDepth: h.maxDepth.subarray(0, n),
    contended: h.contended.subarray(0, n),
    at: h.at.subarray(0, n),
  };
}

export function holdAt(h: HoldTable, row: number): Hold {
  return {
    thread: h.thread[row],
    prim: h.prim[row],
    start: h.start[row],
    end: h.end[row],
    maxDepth: h.maxDepth[row],
    contended: h.contended[row] === 1,
    at: h.at[row],
  };
}

export function holdList(h: HoldTable): Hold[] {
  const out: Hold[] = new Array(h.n);
  for (let i = 0; i < h.n; i++) out[i] = holdAt(h, i);
  return out;
}

/** The table of `holds`, row i for holds[i] (hand-made holds: tests, tools). */
export function holdTableOf(holds: readonly Hold[]): HoldTable {
  const t = allocHolds(holds.length);
  for (const h of holds) {
    const r = t.n++;
    [t.thread[r], t.prim[r], t.start[r], t.end[r], t.maxDepth[r], t.contended[r], t.at[r]] = [
      h.thread,
      h.prim,
      h.start,
      h.end,
      h.maxDepth,
      h.contended ? 1 : 0,
      h.at,
    ];
  }
  return t;
}
