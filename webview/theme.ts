// The canvas palette, read from the same `--il-*` custom properties the DOM uses (styles.ts), and
// re-read whenever VS Code switches theme (it changes the body's class) or the person toggles the
// standalone palette.
import type { ThreadState } from '../src/core/model/types';
import { STATES } from '../src/core/timeline/states';

export interface Palette {
  bg: string;
  fg: string;
  muted: string;
  border: string;
  /** By state code, and the text colour readable on each. */
  state: string[];
  stateInk: string[];
  hold: string;
  holdContended: string;
  holdInk: string;
  holdContendedInk: string;
  link: string;
  focus: string;
  log: string;
  /** Pool tasks on their worker's lane, and the text on them. */
  task: string;
  taskInk: string;
  exception: string;
  /** High-contrast themes outline every shape; transparent otherwise. */
  outline: string;
  font: string;
}

const cssVar = (style: CSSStyleDeclaration, name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;

export function readPalette(root: HTMLElement): Palette {
  const s = getComputedStyle(root);
  const v = (n: string, f: string) => cssVar(s, `--il-${n}`, f);
  const state = STATES.map((st: ThreadState) => v(st, '#888'));
  const outline = v('outline', 'transparent');
  return {
    bg: v('bg', '#fff'),
    fg: v('fg', '#000'),
    muted: v('muted', '#666'),
    border: v('border', '#ccc'),
    state,
    stateInk: state.map(inkOn),
    hold: v('hold', '#1f9d55'),
    holdContended: v('hold-contended', '#e8a317'),
    holdInk: inkOn(v('hold', '#1f9d55')),
    holdContendedInk: inkOn(v('hold-contended', '#e8a317')),
    link: v('link', '#444'),
    focus: v('focus', '#0969da'),
    log: v('log', '#0969da'),
    task: v('task', '#1b7c83'),
    taskInk: inkOn(v('task', '#1b7c83')),
    exception: v('exception', '#bf3989'),
    outline: outline === 'transparent' || outline === 'rgba(0, 0, 0, 0)' ? '' : outline,
    font: getComputedStyle(document.body).fontFamily || 'system-ui, sans-serif',
  };
}

let probe: CanvasRenderingContext2D | null = null;

/** Black or white, whichever reads better on `color` (any CSS colour; the canvas normalises it). */
export function inkOn(color: string): string {
  probe ??= document.createElement('canvas').getContext('2d');
  if (!probe) return '#000';
  probe.fillStyle = '#000';
  probe.fillStyle = color;
  const norm = String(probe.fillStyle);
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})/i.exec(norm);
  const rgb = hex ? hex.slice(1).map((h) => parseInt(h, 16)) : (/(\d+),\s*(\d+),\s*(\d+)/.exec(norm)?.slice(1).map(Number) ?? [0, 0, 0]);
  const [r, g, b] = rgb.map((c) => {
    const x = c / 255;
    return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
  });
  const lum = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  // The higher WCAG contrast ratio wins: white below a luminance of ~0.18, black above.
  return (lum + 0.05) / 0.05 > 1.05 / (lum + 0.05) ? '#111' : '#fff';
}

/** Standalone: light or dark from the system, overridable by the toggle (kept for the session). */
export function initialStandaloneTheme(): 'light' | 'dark' {
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** Calls `onChange` when VS Code swaps its theme classes on <body>. */
export function watchVsCodeTheme(onChange: () => void): void {
  new MutationObserver(onChange).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}
