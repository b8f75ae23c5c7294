// Level of detail for one row of spans: what to draw for a viewport, in work proportional
// to the pixels on screen rather than the spans in the trace.
//
// Spans narrower than `minPx` are merged into buckets `minPx` wide; a bucket takes the colour of
// the code (thread state, hold kind) that covers most of its time and keeps how many spans it
// stands for. Which spans fall in a bucket is one binary search; how long each code lasted inside
// it is a difference of prefix sums — so a lane of a million spans costs O(buckets × log n) per frame.
import { upperBound } from './search';
import { type Viewport, nsToPx, pxToNs } from './viewport';

/**
 * Spans of one row as columns, sorted by start and non-overlapping (so `end` is sorted too).
 * `code` says what a span is (a thread state, or a kind of lock hold); there are `codes` of them.
 */
export interface CodedSpans {
  start: Float64Array;
  end: Float64Array;
  code: Uint8Array;
  codes: number;
  /** cum[i * codes + c]: total ns of code c among spans [0, i). Length (n + 1) × codes. */
  cum: Float64Array;
}

export function codedSpans(start: Float64Array, end: Float64Array, code: Uint8Array, codes: number): CodedSpans {
  const n = start.length;
  const cum = new Float64Array((n + 1) * codes);
  for (let i = 0; i < n; i++) {
    const o = i * codes;
    for (let c = 0; c < codes; c++) cum[o + codes + c] = cum[o + c];
    cum[o + codes + code[i]] += end[i] - start[i];
  }
  return { start, end, code, codes, cum };
}

/** What one frame draws for a lane: runs of one colour. Reused between frames (no allocation). */
export class RunBuffer {
  n = 0;
  x0 = new Float32Array(256);
  x1 = new Float32Array(256);
  code = new Uint8Array(256);
  /** How many spans the run stands for. */
  count = new Uint32Array(256);
  /** Index of the span when the run is exactly one span, else -1. */
  index = new Int32Array(256);

  clear(): void {
    this.n = 0;
  }

  push(x0: number, x1: number, code: number, count: number, index: number): void {
    const k = this.n;
    // Coalesce with the previous run when it is the same code and they touch.
    if (k > 0 && this.code[k - 1] === code && x0 <= this.x1[k - 1] + 0.01) {
      this.x1[k - 1] = Math.max(this.x1[k - 1], x1);
      this.count[k - 1] += count;
      this.index[k - 1] = -1;
      return;
    }
    if (k === this.x0.length) this.grow();
    this.x0[k] = x0;
    this.x1[k] = x1;
    this.code[k] = code;
    this.count[k] = count;
    this.index[k] = index;
    this.n = k + 1;
  }

  private grow(): void {
    const cap = this.x0.length * 2;
    const f = (a: Float32Array) => {
      const b = new Float32Array(cap);
      b.set(a);
      return b;
    };
    this.x0 = f(this.x0);
    this.x1 = f(this.x1);
    const st = new Uint8Array(cap);
    st.set(this.code);
    this.code = st;
    const c = new Uint32Array(cap);
    c.set(this.count);
    this.count = c;
    const ix = new Int32Array(cap);
    ix.set(this.index);
    this.index = ix;
  }
}

/** The code with the most time among spans [i, j). */
export function dominantCode(cols: CodedSpans, i: number, j: number): number {
  const S = cols.codes;
  let best = 0;
  let bestNs = -1;
  for (let s = 0; s < S; s++) {
    const ns = cols.cum[j * S + s] - cols.cum[i * S + s];
    if (ns > bestNs) {
      bestNs = ns;
      best = s;
    }
  }
  return best;
}

/** Index of the first span that ends after t (the first one that can be visible from t on). */
export function firstVisible(cols: CodedSpans, t: number): number {
  return upperBound(cols.end, t);
}

/**
 * Fills `out` with what is visible of the lane in `v`, clipped to [0, width] cssPx. Spans at
 * least `minPx` wide are drawn as themselves; narrower ones are merged per bucket.
 */
export function lodRuns(cols: CodedSpans, v: Viewport, minPx: number, out: RunBuffer): RunBuffer {
  out.clear();
  const n = cols.start.length;
  const { start, end, code } = cols;
  let i = firstVisible(cols, v.t0);
  while (i < n && start[i] < v.t1) {
    const x0 = nsToPx(v, start[i]);
    const x1 = nsToPx(v, end[i]);
    if (x1 - x0 >= minPx) {
      out.push(Math.max(x0, 0), Math.min(x1, v.width), code[i], 1, i);
      i++;
      continue;
    }
    // Spans that end inside [x0, x0 + minPx) become one bucket.
    const bucketEnd = x0 + minPx;
    const j = Math.max(i + 1, upperBound(end, pxToNs(v, bucketEnd), i));
    if (j === i + 1) out.push(Math.max(x0, 0), Math.min(bucketEnd, v.width), code[i], 1, i);
    else out.push(Math.max(x0, 0), Math.min(bucketEnd, v.width), dominantCode(cols, i, j), j - i, -1);
    i = j;
  }
  return out;
}

/** The span under time t, or the nearest one within `slopNs` (−1 if none). */
export function spanAt(cols: CodedSpans, t: number, slopNs: number): number {
  const n = cols.start.length;
  if (n === 0) return -1;
  const i = upperBound(cols.start, t) - 1; // last span starting at or before t
  if (i >= 0 && t <= cols.end[i]) return i;
  let best = -1;
  let bestD = slopNs;
  if (i >= 0 && t - cols.end[i] <= bestD) {
    best = i;
    bestD = t - cols.end[i];
  }
  if (i + 1 < n && cols.start[i + 1] - t <= bestD) best = i + 1;
  return best;
}
