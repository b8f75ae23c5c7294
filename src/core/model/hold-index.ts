// Interval queries over holds, per primitive: who held it at time t, which holds a wait overlapped.
// Holds of one primitive are sorted by start with a running maximum of their ends, so a query is a
// binary search plus a backward scan that stops as soon as no earlier hold can reach the time asked.
import type { Hold } from './types';

interface PrimHolds {
  holds: Hold[];
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
      g.sort((a, b) => a.start - b.start); // already nearly sorted: TimSort is linear on runs
      const maxEnd = new Float64Array(g.length);
      let m = -Infinity;
      g.forEach((h, j) => (maxEnd[j] = m = Math.max(m, h.end)));
      this.byPrim.set(prim, { holds: g, maxEnd });
    }
  }

  /** Holds of `prim` with start <= t < end, earliest first. */
  at(prim: number, t: number): Hold[] {
    const out: Hold[] = [];
    this.scan(prim, t, true, t, (h) => out.push(h));
    return out.reverse();
  }

  /** Calls `fn` for every hold of `prim` overlapping the open interval (s, e). */
  overlapping(prim: number, s: number, e: number, fn: (h: Hold) => void): void {
    this.scan(prim, e, false, s, fn);
  }

  /** Visits holds whose start is before `until` (or at it, if `inclusive`) and whose end is after `after`. */
  private scan(prim: number, until: number, inclusive: boolean, after: number, fn: (h: Hold) => void): void {
    const g = this.byPrim.get(prim);
    if (!g) return;
    let lo = 0;
    let hi = g.holds.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const s = g.holds[mid].start;
      if (s < until || (inclusive && s === until)) lo = mid + 1;
      else hi = mid;
    }
    for (let j = lo - 1; j >= 0 && g.maxEnd[j] > after; j--) if (g.holds[j].end > after) fn(g.holds[j]);
  }
}
