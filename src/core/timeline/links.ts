// Wake-up arrows (release → acquire, notify → wake, put → get, barrier trip → waiters): which of
// them cross a viewport. Sorted once by their earlier end; a window query is a binary search
// back by the longest arrow, then a scan.
import type { Link } from '../model/types';
import { lowerBound } from './search';

export interface LinkIndex {
  /** Indices into the model's links, by their earlier end. */
  order: Int32Array;
  lo: Float64Array;
  hi: Float64Array;
  maxLen: number;
}

export function indexLinks(links: readonly Link[]): LinkIndex {
  const order = Int32Array.from(links.keys()).sort((a, b) => Math.min(links[a].fromT, links[a].toT) - Math.min(links[b].fromT, links[b].toT));
  const lo = new Float64Array(order.length);
  const hi = new Float64Array(order.length);
  let maxLen = 0;
  order.forEach((li, k) => {
    const l = links[li];
    lo[k] = Math.min(l.fromT, l.toT);
    hi[k] = Math.max(l.fromT, l.toT);
    maxLen = Math.max(maxLen, hi[k] - lo[k]);
  });
  return { order, lo, hi, maxLen };
}

/** Links with any part inside [t0, t1], at most `limit` of them (`more` when some were left out). */
export function visibleLinks(ix: LinkIndex, t0: number, t1: number, limit: number): { links: number[]; more: boolean } {
  const links: number[] = [];
  for (let k = lowerBound(ix.lo, t0 - ix.maxLen); k < ix.lo.length && ix.lo[k] <= t1; k++) {
    if (ix.hi[k] < t0) continue;
    if (links.length === limit) return { links, more: true };
    links.push(ix.order[k]);
  }
  return { links, more: false };
}
