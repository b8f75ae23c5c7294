// WCAG contrast for the timeline's colours. Inside VS Code the colours come from whatever theme is
// on (chart colours, a translucent disabledForeground…), which can sit too close to the background
// to be seen; the view lifts each one just far enough from the background to reach a minimum ratio.
// Pure: colours in, colours out.

export interface Rgba {
  r: number;
  g: number;
  b: number;
  /** 0..1 */
  a: number;
}

/** #rgb, #rgba, #rrggbb, #rrggbbaa, rgb(…) and rgba(…) (what getComputedStyle and a canvas hand out); undefined otherwise. */
export function parseColor(css: string): Rgba | undefined {
  const s = css.trim().toLowerCase();
  const hex = /^#([0-9a-f]{3,8})$/.exec(s)?.[1];
  if (hex && hex.length !== 5 && hex.length !== 7) {
    const full = hex.length <= 4 ? [...hex].map((c) => c + c).join('') : hex;
    const n = (i: number) => parseInt(full.slice(i, i + 2), 16);
    return { r: n(0), g: n(2), b: n(4), a: full.length === 8 ? n(6) / 255 : 1 };
  }
  const fn = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)\s*(?:[,/]\s*([\d.]+%?)\s*)?\)$/.exec(s);
  if (!fn) return undefined;
  const alpha = fn[4] === undefined ? 1 : fn[4].endsWith('%') ? parseFloat(fn[4]) / 100 : parseFloat(fn[4]);
  return { r: +fn[1], g: +fn[2], b: +fn[3], a: Math.min(1, Math.max(0, alpha)) };
}

/** `c` painted over the opaque `bg`: what the eye sees. */
export function over(c: Rgba, bg: Rgba): Rgba {
  const mix = (x: number, y: number) => x * c.a + y * (1 - c.a);
  return { r: mix(c.r, bg.r), g: mix(c.g, bg.g), b: mix(c.b, bg.b), a: 1 };
}

/** WCAG 2 relative luminance of an opaque colour. */
export function luminance(c: Rgba): number {
  const lin = (v: number) => {
    const x = v / 255;
    return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
}

/** WCAG 2 contrast ratio (1..21) of two opaque colours. */
export function contrast(a: Rgba, b: Rgba): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

export function toHex(c: Rgba): string {
  const h = (v: number) =>
    Math.round(Math.min(255, Math.max(0, v)))
      .toString(16)
      .padStart(2, '0');
  return `#${h(c.r)}${h(c.g)}${h(c.b)}`;
}

/**
 * `color` as painted over `bg`, moved toward black or white just enough to reach `min`:1 against it (the
 * smaller move of the two wins, so its hue is kept as far as the ratio allows). An unparsable colour is returned as is.
 */
export function legibleOn(color: string, bg: string, min: number): string {
  const c = parseColor(color);
  const base = parseColor(bg);
  if (!c || !base) return color;
  const back = { ...base, a: 1 };
  const seen = over(c, back);
  if (contrast(seen, back) >= min) return c.a === 1 ? color : toHex(seen);
  // A translucent hue is a tint meant for overlays (Modern themes' charts.orange is rgba(234, 92, 0, 0.33)):
  // its hue is what it means, so start from it opaque. A translucent grey means "faded": start from what it paints.
  const from = c.a < 1 && Math.max(c.r, c.g, c.b) - Math.min(c.r, c.g, c.b) >= 60 ? { ...c, a: 1 } : seen;
  if (contrast(from, back) >= min) return toHex(from);
  const toward = (v: number, t: number): Rgba => ({ r: from.r + (v - from.r) * t, g: from.g + (v - from.g) * t, b: from.b + (v - from.b) * t, a: 1 });
  // A scan, not a bisection: toward the side of the background the ratio first falls, then rises.
  for (let i = 1; i <= STEPS; i++) {
    const t = i / STEPS;
    const moved = [toward(0, t), toward(255, t)].filter((x) => contrast(x, back) >= min);
    if (moved.length) return toHex(moved.sort((x, y) => contrast(y, back) - contrast(x, back))[0]);
  }
  return toHex(contrast(toward(0, 1), back) >= contrast(toward(255, 1), back) ? toward(0, 1) : toward(255, 1));
}

const STEPS = 100;

/** Black or white ink, whichever has the higher contrast on the opaque colour `on`. */
export function inkFor(on: string): string {
  const c = parseColor(on);
  if (!c) return '#111';
  return contrast(c, { r: 0x11, g: 0x11, b: 0x11, a: 1 }) >= contrast(c, { r: 255, g: 255, b: 255, a: 1 }) ? '#111' : '#fff';
}
