// Interval queries over holds, per primitive: who held it at time t, which holds a wait overlapped.
// Holds of one primitive are sorted by start with a running maximum of their ends, so a query is a
// binary search plus a backward scan that stops as soon as no earlier hold can reach the time asked.
import { holdAt } from './hold-table';
import type { Hold, HoldTable } from './types';

interface PrimHolds {
  /** Rows of the table, by start. */
  rows: Int32Array;
  start: Float64Array;
  maxEnd: Float64Array;
}

export class HoldIndex {
  private readonly byPrim = new Map<number, PrimHolds>();

  constructor(private readonly holds: HoldTable) {
    const { prim, start, end } = holds;
    // The per-primitive pass writes each primitive's holds as one run of rows: group by runs.
    const groups = new Map<number, number[]>();
    for (let from = 0, to = 0; from < holds.n; from = to) {
      while (to < holds.n && prim[to] === prim[from]) to++;
      let g = groups.get(prim[from]);
      if (!g) groups.set(prim[from], (g = []));
      for (let r = from; r < to; r++) g.push(r);
    }
    for (const [p, g] of groups) {
      const rows = Int32Array.from(g);
      // Starts are in order but for clock skew between threads (~10 µs): sort only then.
      let sorted = true;
      for (let j = 1; j < rows.length && sorted; j++) sorted = start[rows[j]] >= start[rows[j - 1]];
      if (!sorted) rows.sort((a, b) => start[a] - start[b] || a - b);
      const s = new Float64Array(rows.length);
      const maxEnd = new Float64Array(rows.length);
      let m = -Infinity;
      for (let j = 0; j < rows.length; j++) {
        s[j] = start[rows[j]];
        if (end[rows[j]] > m) m = end[rows[j]];
        maxEnd[j] = m;
      }
      this.byPrim.set(p, { rows, start: s, maxEnd });
    }
  }

  /** Holds of `prim` with start <= t < end, earliest first. */
  at(prim: number, t: number): Hold[] {
    const g = this.byPrim.get(prim);
    const out: Hold[] = [];
    if (!g) return out;
    for (let j = lastStartingBefore(g.start, t, true); j >= 0 && g.maxEnd[j] > t; j--)
      if (this.holds.end[g.rows[j]] > t) out.push(holdAt(this.holds, g.rows[j]));
    return out.reverse();
  }

  /**
   * Who held `prim` as a wait from `s` to `e` began: the holds at `s`, else those at the first hold to start
   * before `e`. A request is stamped before its try, so the holder may take the lock just after the stamp
   * (under load, a preempted waiter's stamp can be milliseconds before its failed try).
   */
  atWaitStart(prim: number, s: number, e: number): Hold[] {
    const held = this.at(prim, s);
    const g = this.byPrim.get(prim);
    if (held.length || !g) return held;
    const j = lastStartingBefore(g.start, s, true) + 1;
    return j < g.start.length && g.start[j] < e ? this.at(prim, g.start[j]) : held;
  }

  /** Marks `contended` every hold of `prim` by a thread other than `waiter` that overlaps the open interval (s, e). */
  markContended(prim: number, s: number, e: number, waiter: number): void {
    const g = this.byPrim.get(prim);
    if (!g) return;
    const { thread, end, contended } = this.holds;
    for (let j = lastStartingBefore(g.start, e, false); j >= 0 && g.maxEnd[j] > s; j--) {
      const r = g.rows[j];
      if (end[r] > s && thread[r] !== waiter) contended[r] = 1;
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
