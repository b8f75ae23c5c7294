// Whether the timeline's colours can be read, as a page (or webview frame) resolves them: text 4.5:1
// and shapes 3:1 against the background (WCAG 1.4.3 and 1.4.11), translucent colours as painted.
import type { Frame, Page } from 'playwright-core';
import { contrast, over, parseColor } from '../../src/core/timeline/contrast';

const TEXT = ['fg', 'muted'];
const SHAPES = ['running', 'blocked', 'waiting', 'joining', 'sleeping', 'done', 'exception', 'cutoff', 'hold', 'hold-contended', 'link', 'log', 'task'];

/** The --il-* colours below their minimum ratio, as "name #colour on #bg is 2.1:1"; [] when all read. */
export async function illegibleColours(target: Page | Frame): Promise<string[]> {
  const names = ['bg', ...TEXT, ...SHAPES];
  const vars: Record<string, string> = await target.evaluate((list) => {
    const css = getComputedStyle(document.documentElement);
    return Object.fromEntries(list.map((n) => [n, css.getPropertyValue(`--il-${n}`).trim()]));
  }, names);
  const bg = parseColor(vars.bg);
  if (!bg) return [`the background ${vars.bg} is no colour`];
  return [...TEXT.map((n) => [n, 4.5] as const), ...SHAPES.map((n) => [n, 3] as const)].flatMap(([name, min]) => {
    const c = parseColor(vars[name]);
    const ratio = c ? contrast(over(c, bg), bg) : 0;
    return ratio >= min ? [] : [`${name} ${vars[name]} on ${vars.bg} is ${ratio.toFixed(2)}:1`];
  });
}
