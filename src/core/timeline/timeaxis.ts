// Time labels for the axis and the cursor readout: one unit per view, chosen from the magnitude
// of the times shown, with as many decimals as the tick step needs (and no more).

export interface TimeUnit {
  name: 's' | 'ms' | 'µs' | 'ns';
  ns: number;
}

const UNITS: TimeUnit[] = [
  { name: 's', ns: 1e9 },
  { name: 'ms', ns: 1e6 },
  { name: 'µs', ns: 1e3 },
  { name: 'ns', ns: 1 },
];

/** The largest unit in which `magnitudeNs` is at least 1 (ns below that). */
export function unitFor(magnitudeNs: number): TimeUnit {
  const m = Math.abs(magnitudeNs);
  return UNITS.find((u) => m >= u.ns) ?? UNITS[UNITS.length - 1];
}

/** Decimals needed so that consecutive ticks `stepNs` apart print differently in `unit`. */
export function decimalsFor(stepNs: number, unit: TimeUnit): number {
  const step = stepNs / unit.ns;
  if (!(step > 0)) return 0;
  // 1e-9 absorbs float noise in steps such as 0.1 + 0.2.
  return Math.min(9, Math.max(0, Math.ceil(-Math.log10(step) - 1e-9)));
}

/**
 * A formatter for ticks `stepNs` apart over a window ending at `t1Ns`: "1.25 s", "350 ms",
 * "1.2001 s". The unit follows the window's far end so every label on screen shares it.
 */
export function tickFormatter(stepNs: number, t1Ns: number): (ns: number) => string {
  const unit = unitFor(Math.max(Math.abs(t1Ns), stepNs));
  const decimals = decimalsFor(stepNs, unit);
  return (ns) => `${(ns / unit.ns).toFixed(decimals)} ${unit.name}`;
}

/** The cursor readout: a time with one more decimal than the axis, so it resolves a pixel. */
export function formatCursor(ns: number, nsPerPx: number): string {
  const unit = unitFor(Math.max(Math.abs(ns), nsPerPx));
  const decimals = decimalsFor(nsPerPx * 10, unit) + 1;
  return `${(ns / unit.ns).toFixed(Math.min(9, decimals))} ${unit.name}`;
}
