// The canvas palette, read from the same `--il-*` custom properties the DOM uses (styles.ts), and
// re-read whenever VS Code switches theme (it changes the body's class) or the person toggles the
// standalone palette.
import type { ThreadState } from '../src/core/model/types';
import { inkFor, legibleOn, over, parseColor, toHex } from '../src/core/timeline/contrast';
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

/** Colours drawn as shapes (spans, holds, arrows, markers): at least 3:1 against the background (WCAG 1.4.11). */
const SHAPES = [
  'running',
  'blocked',
  'waiting',
  'joining',
  'sleeping',
  'done',
  'exception',
  'cutoff',
  'hold',
  'hold-contended',
  'link',
  'focus',
  'log',
  'task',
];
/** Small text: at least 4.5:1. */
const TEXT = ['muted'];
/** The --il-* properties this module set on the root, to lift them from the theme's colours. */
const lifted = new Set<string>();

/**
 * The palette of the current theme, with any colour too close to the background lifted just enough to be
 * seen (a theme's chart or disabled colours need not contrast with its editor background). The lifted
 * colours are also set on the root, so the legend and tables show exactly what the canvas draws.
 */
export function readPalette(root: HTMLElement): Palette {
  for (const name of lifted) root.style.removeProperty(`--il-${name}`);
  lifted.clear();
  const s = getComputedStyle(root);
  const read = (n: string, f: string) => normalise(s.getPropertyValue(`--il-${n}`).trim() || f);
  const bg = read('bg', '#fff');
  const lift = (names: string[], min: number) => {
    for (const name of names) {
      const was = read(name, '#888');
      const now = legibleOn(was, bg, min);
      if (now !== was) {
        root.style.setProperty(`--il-${name}`, now);
        lifted.add(name);
      }
    }
  };
  lift(SHAPES, 3);
  lift(TEXT, 4.5);
  const state = STATES.map((st: ThreadState) => read(st, '#888'));
  const outline = read('outline', 'transparent');
  const [hold, holdContended, task] = [read('hold', '#1f9d55'), read('hold-contended', '#d4720b'), read('task', '#1b7c83')];
  return {
    bg,
    fg: read('fg', '#000'),
    muted: read('muted', '#666'),
    border: read('border', '#ccc'),
    state,
    stateInk: state.map((c) => inkOn(c, bg)),
    hold,
    holdContended,
    holdInk: inkOn(hold, bg),
    holdContendedInk: inkOn(holdContended, bg),
    link: read('link', '#444'),
    focus: read('focus', '#0969da'),
    log: read('log', '#0969da'),
    task,
    taskInk: inkOn(task, bg),
    exception: read('exception', '#bf3989'),
    outline: parseColor(outline)?.a === 0 ? '' : outline,
    font: getComputedStyle(document.body).fontFamily || 'system-ui, sans-serif',
  };
}

let probe: CanvasRenderingContext2D | null = null;

/** Any CSS colour as the canvas writes it back (#rrggbb, or rgba(…) when translucent); the input if it is no colour. */
function normalise(color: string): string {
  probe ??= document.createElement('canvas').getContext('2d');
  if (!probe) return color;
  probe.fillStyle = '#000';
  probe.fillStyle = color;
  return String(probe.fillStyle);
}

/** Black or white, whichever reads better on `color` as painted over `bg`. */
function inkOn(color: string, bg: string): string {
  const c = parseColor(color);
  const back = parseColor(bg);
  return c && back ? inkFor(toHex(over(c, { ...back, a: 1 }))) : '#111';
}

/** Standalone: light or dark from the system, overridable by the toggle (kept for the session). */
export function initialStandaloneTheme(): 'light' | 'dark' {
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** Calls `onChange` when VS Code swaps its theme classes on <body>. */
export function watchVsCodeTheme(onChange: () => void): void {
  new MutationObserver(onChange).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}
