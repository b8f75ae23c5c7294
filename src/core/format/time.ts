// Durations and instants for people: one helper so the CLI, the exporters and the timeline
// print the same "1.203 s" for the same nanoseconds.

export type TimeUnit = 'ns' | 'µs' | 'ms' | 's';

const SCALE: Record<TimeUnit, number> = { ns: 1, µs: 1e3, ms: 1e6, s: 1e9 };
const UNITS: readonly TimeUnit[] = ['ns', 'µs', 'ms', 's'];

/** The largest unit in which |ns| is at least 1 (ns below a microsecond). */
export function pickUnit(ns: number): TimeUnit {
  const a = Math.abs(ns);
  if (a >= 1e9) return 's';
  if (a >= 1e6) return 'ms';
  if (a >= 1e3) return 'µs';
  return 'ns';
}

/** v rounded to `digits` significant digits, without trailing zeros ("1.2", not "1.200"). */
function trimmed(v: number, digits: number): string {
  const a = Math.abs(v);
  if (a === 0) return '0';
  const decimals = digits - 1 - Math.floor(Math.log10(a));
  if (decimals <= 0) return String(Math.round(v));
  const scale = 10 ** decimals;
  return String(Math.round(v * scale) / scale);
}

/**
 * `formatDuration(1_203_000_000)` → "1.203 s"; `formatDuration(12_340)` → "12.34 µs".
 * `unit` forces one unit (axis labels share one); `digits` is the number of significant digits.
 * Also used for instants ("since 1.203 s"): every trace time is ns since the run's start.
 */
export function formatDuration(ns: number, unit?: TimeUnit, digits = 4): string {
  if (!Number.isFinite(ns)) return '—';
  if (ns === 0 && unit === undefined) return '0 s';
  let u = unit ?? pickUnit(ns);
  let text = trimmed(ns / SCALE[u], digits);
  // 999.96 ms rounds to "1000 ms": say "1 s" instead, unless the caller fixed the unit.
  if (unit === undefined && u !== 's' && Math.abs(Number(text)) >= 1000) {
    u = UNITS[UNITS.indexOf(u) + 1];
    text = trimmed(ns / SCALE[u], digits);
  }
  return `${text} ${u}`;
}

/** A timeout or sleep given in seconds (the scenario API's unit). */
export function formatSeconds(s: number): string {
  return formatDuration(s * 1e9);
}

/** A 1-2-5 step of at least `roughNs` (for axis ticks). */
export function niceStep(roughNs: number): number {
  if (!(roughNs > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(roughNs));
  for (const m of [1, 2, 5, 10]) if (m * p >= roughNs) return m * p;
  return 10 * p;
}

/** "37.5 %" with one decimal; "—" when the whole is zero. */
export function formatPercent(part: number, whole: number): string {
  if (!(whole > 0)) return '—';
  return `${(Math.round((part / whole) * 1000) / 10).toFixed(1)} %`;
}
