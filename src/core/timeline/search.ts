// Binary searches over sorted columns: the culling primitive of the timeline.

/** First index i in [lo, n) with a[i] >= x (n if none). `a` is sorted ascending. */
export function lowerBound(a: ArrayLike<number>, x: number, lo = 0, hi = a.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index i in [lo, n) with a[i] > x (n if none). */
export function upperBound(a: ArrayLike<number>, x: number, lo = 0, hi = a.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * `idx` ordered by key[i], ties in their given order (stable). Made for lists that are a few
 * sorted runs one after another (a lane's holds, one primitive after another): the runs are
 * found and merged pairwise, log2(runs) linear passes instead of a comparator sort.
 */
export function sortByKey(idx: ArrayLike<number>, key: ArrayLike<number>): Int32Array {
  const all = Int32Array.from(idx); // a copy: the caller's list is never returned or changed
  let runs: Int32Array[] = [];
  let from = 0;
  for (let j = 1; j <= all.length; j++) {
    if (j === all.length || key[all[j]] < key[all[j - 1]]) {
      runs.push(all.subarray(from, j));
      from = j;
    }
  }
  if (runs.length === 0) return new Int32Array(0);
  while (runs.length > 1) {
    const next: Int32Array[] = [];
    for (let r = 0; r + 1 < runs.length; r += 2) next.push(mergeRuns(runs[r], runs[r + 1], key));
    if (runs.length % 2) next.push(runs[runs.length - 1]);
    runs = next;
  }
  return runs[0];
}

/** Stable merge: on equal keys the element of `x` (the earlier run) comes first. */
function mergeRuns(x: Int32Array, y: Int32Array, key: ArrayLike<number>): Int32Array {
  const out = new Int32Array(x.length + y.length);
  let i = 0;
  let j = 0;
  let o = 0;
  while (i < x.length && j < y.length) out[o++] = key[y[j]] < key[x[i]] ? y[j++] : x[i++];
  while (i < x.length) out[o++] = x[i++];
  while (j < y.length) out[o++] = y[j++];
  return out;
}
