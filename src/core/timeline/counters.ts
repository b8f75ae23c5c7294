// Counter tracks (semaphore permits, queue size) as step charts: what to draw for a viewport.
// Samples sharing one pixel column collapse into one step with the column's min and max.
import { lowerBound, upperBound } from './search';
import { type Viewport, nsToPx, pxToNs } from './viewport';

export interface CounterStep {
  /** cssPx where this value starts holding (clipped at 0). */
  x: number;
  /** Value held from x until the next step. */
  v: number;
  /** Range of values seen within this pixel column (equal to v when one sample). */
  min: number;
  max: number;
}

export function counterSteps(t: ArrayLike<number>, v: ArrayLike<number>, vp: Viewport): CounterStep[] {
  const out: CounterStep[] = [];
  const n = t.length;
  let i = Math.max(0, upperBound(t, vp.t0) - 1); // the sample in force at t0
  while (i < n && t[i] < vp.t1) {
    const x = nsToPx(vp, t[i]);
    const j = Math.max(i + 1, lowerBound(t, pxToNs(vp, Math.floor(x) + 1), i + 1));
    let min = v[i];
    let max = v[i];
    for (let k = i + 1; k < j; k++) {
      if (v[k] < min) min = v[k];
      if (v[k] > max) max = v[k];
    }
    out.push({ x: Math.max(x, 0), v: v[j - 1], min, max });
    i = j;
  }
  return out;
}

/** The value in force at time t (undefined before the first sample). */
export function counterValueAt(t: ArrayLike<number>, v: ArrayLike<number>, at: number): number | undefined {
  const i = upperBound(t, at) - 1;
  return i >= 0 ? v[i] : undefined;
}
