// The coordinate spaces of the timeline and the one transform between them.
//   traceNs  nanoseconds since the run's start (the trace's clock)
//   cssPx    horizontal CSS pixels inside the trace body, 0 at its left edge
//   devicePx cssPx × devicePixelRatio (only the canvas backing store uses it)
// A Viewport is the visible window [t0, t1] in traceNs laid across `width` cssPx. Everything that
// converts between spaces goes through nsToPx / pxToNs, so zoom, hit-testing and drawing agree.

export interface Viewport {
  t0: number;
  t1: number;
  /** cssPx */
  width: number;
}

/** Zoom limits: never narrower than `minSpanNs`, never wider than the trace plus a margin. */
export interface ViewLimits {
  durationNs: number;
  minSpanNs: number;
}

export const DEFAULT_MIN_SPAN_NS = 1_000; // 1 µs across the whole body: below the clock's trust

export function nsToPx(v: Viewport, t: number): number {
  return ((t - v.t0) * v.width) / (v.t1 - v.t0);
}

export function pxToNs(v: Viewport, x: number): number {
  return v.t0 + (x * (v.t1 - v.t0)) / v.width;
}

/** cssPx per ns. */
export function pxPerNs(v: Viewport): number {
  return v.width / (v.t1 - v.t0);
}

/** The whole trace with 2 % air on the right, so the last span's end is visible. */
export function fitAll(durationNs: number, width: number): Viewport {
  const d = Math.max(durationNs, 1);
  return { t0: 0, t1: d * 1.02, width };
}

/** Keeps the window inside [−margin, duration + margin] and no narrower than the minimum. */
export function clampViewport(v: Viewport, lim: ViewLimits): Viewport {
  const maxSpan = Math.max(lim.durationNs, 1) * 1.2;
  let span = Math.min(Math.max(v.t1 - v.t0, lim.minSpanNs), maxSpan);
  if (!(span > 0)) span = maxSpan;
  const lo = -0.1 * maxSpan;
  const hi = Math.max(lim.durationNs, 1) * 1.1;
  let t0 = v.t0 + (v.t1 - v.t0 - span) / 2; // shrink or grow around the centre
  t0 = Math.min(Math.max(t0, lo), hi - span);
  return { t0, t1: t0 + span, width: v.width };
}

/** Zoom by `factor` (>1 zooms in) keeping the time under `anchorPx` fixed. */
export function zoomAt(v: Viewport, anchorPx: number, factor: number, lim: ViewLimits): Viewport {
  const anchor = pxToNs(v, anchorPx);
  const span = (v.t1 - v.t0) / factor;
  const t0 = anchor - (anchorPx / v.width) * span;
  const z = clampViewport({ t0, t1: t0 + span, width: v.width }, lim);
  // Clamping the span must not move the anchor: recentre on it.
  const zs = z.t1 - z.t0;
  const a0 = anchor - (anchorPx / v.width) * zs;
  return clampViewport({ t0: a0, t1: a0 + zs, width: v.width }, lim);
}

/** Pan by `dPx` cssPx (positive moves the content right, i.e. shows earlier times). */
export function panBy(v: Viewport, dPx: number, lim: ViewLimits): Viewport {
  const dt = (dPx * (v.t1 - v.t0)) / v.width;
  return clampViewport({ t0: v.t0 - dt, t1: v.t1 - dt, width: v.width }, lim);
}

/** The same window at a new body width (a resize keeps the times in view, not the pixels). */
export function resize(v: Viewport, width: number): Viewport {
  return { t0: v.t0, t1: v.t1, width };
}

// d3-zoom keeps {k, x} relative to a base scale mapping [0, durationNs] onto [0, width].
// These two functions make that transform and a Viewport the same thing.

export interface ZoomTransformLike {
  k: number;
  x: number;
}

export function viewportFromTransform(tr: ZoomTransformLike, durationNs: number, width: number): Viewport {
  const base = width / Math.max(durationNs, 1); // px per ns at k = 1
  const t0 = (0 - tr.x) / (tr.k * base); // 0 - x, not -x: no negative zero at the origin
  return { t0, t1: t0 + width / (tr.k * base), width };
}

export function transformFromViewport(v: Viewport, durationNs: number): ZoomTransformLike {
  const base = v.width / Math.max(durationNs, 1);
  const k = v.width / ((v.t1 - v.t0) * base);
  return { k, x: -v.t0 * k * base };
}

/**
 * Live mode: the trace grew from `prevDuration` to `duration`. A view that showed the end
 * (within 2 % of its width) keeps following it, keeping its width, or keeps fitting everything
 * if it showed everything; a view the person moved elsewhere stays put.
 */
export function followGrowth(v: Viewport, prevDuration: number, duration: number): Viewport {
  const span = v.t1 - v.t0;
  const showedAll = v.t0 <= 0 && v.t1 >= prevDuration;
  if (showedAll) return fitAll(duration, v.width);
  const showedEnd = v.t1 >= prevDuration - 0.02 * span;
  if (!showedEnd) return v;
  const t1 = duration + (v.t1 - prevDuration);
  return { t0: t1 - span, t1, width: v.width };
}
