// Interval queries over holds, per primitive: who held it at time t, which holds a wait overlapped.
// Holds of one primitive are sorted by start with a running maximum of their ends, so a query is a
// binary search plus a backward scan that stops as soon as no earlier hold can reach the time asked.
import type { Hold } from './types';

interface PrimHolds {
  holds: Hold[];
  /** holds[j].start, searched without touching the hold objects. */
  start: Float64Array;
  maxEnd: Float64Array;
}

export class HoldIndex {
  private readonly byPrim = new Map<number, PrimHolds>();

  constructor(holds: readonly Hold[]) {
    const groups = new Map<number, Hold[]>();
    for (const h of holds) {
      let g = groups.get(h.prim);
      if (!g) groups.set(h.prim, (g = []));
      g.push(h);
    }
    for (const [prim, g] of groups) {
      if (!sortedByStart(g)) g.sort((a, b) => a.start - b.start); // nearly sorted: TimSort is linear on runs
      const start = new Float64Array(g.length);
      const maxEnd = new Float64Array(g.length);
      let m = -Infinity;
      for (let j = 0; j < g.length; j++) {
        start[j] = g[j].start;
        if (g[j].end > m) m = g[j].end;
        maxEnd[j] = m;
      }
      this.byPrim.set(prim, { holds: g, start, maxEnd });
    }
  }

  /** Holds of `prim` with start <= t < end, earliest first. */
  at(prim: number, t: number): Hold[] {
    const g = this.byPrim.get(prim);
    const out: Hold[] = [];
    if (!g) return out;
    for (let j = lastStartingBefore(g.start, t, true); j >= 0 && g.maxEnd[j] > t; j--) if (g.holds[j].end > t) out.push(g.holds[j]);
    return out.reverse();
  }

  /** Marks `contended` every hold of `prim` by a thread other than `waiter` that overlaps the open interval (s, e). */
  markContended(prim: number, s: number, e: number, waiter: number): void {
    const g = this.byPrim.get(prim);
    if (!g) return;
    for (let j = lastStartingBefore(g.start, e, false); j >= 0 && g.maxEnd[j] > s; j--) {
      const h = g.holds[j];
      if (h.end > s && h.thread !== waiter) h.contended = true;
    }
  }
}

/** Index of the last hold starting before `t` (or at it, if `inclusive`); -1 if none. */
function lastStartingBefore(starts: Float64Array, t: number, inclusive: boolean): number {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const s = starts[mid];
    if (s < t || (inclusive && s === t)) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

function sortedByStart(g: readonly Hold[]): boolean {
  for (let j = 1; j < g.length; j++) if (g[j].start < g[j - 1].start) return false;
  return true;
}
