// Every built-in example's standalone report checked by axe-core (WCAG 2.1 A/AA and best practices) in
// the light and dark palettes and in forced-colours (high contrast) mode, and read at 400 % zoom (320 CSS px).
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { parseColor } from '../../src/core/timeline/contrast';
import { axeReport, axeViolations } from '../helpers/axe';
import { illegibleColours } from '../helpers/legibility';
import { semaphoreTrace } from '../helpers/traces';
import { ARTIFACTS, ROOT, exampleTrace, openReport, pageForFile, writeReport } from './harness';

let page: Page;
pageForFile({ width: 1280, height: 820 }, (p) => (page = p));

const THEMES = [
  { name: 'light', colorScheme: 'light', forcedColors: 'none' },
  { name: 'dark', colorScheme: 'dark', forcedColors: 'none' },
  { name: 'high contrast', colorScheme: 'dark', forcedColors: 'active' },
] as const;

// The built-in library: every scenario in examples/ (what `interleave examples` lists).
const examples = [
  ...readdirSync(join(ROOT, 'examples'))
    .filter((f) => f.endsWith('.ts'))
    .sort()
    .map((f) => ({ name: f.slice(0, -3) })),
  // Their Python twins, traced unchanged.
  ...readdirSync(join(ROOT, 'examples/python'))
    .filter((f) => f.endsWith('.py'))
    .sort()
    .map((f) => ({ name: `python/${f}` })),
];

test('the built-in examples are all here', () => assert.ok(examples.length >= 30, `${examples.length} examples`));

for (const ex of examples) {
  test(`examples/${ex.name}: no axe violations in light, dark and high contrast`, async () => {
    const file = writeReport(`a11y-${ex.name.replace(/[/.]/g, '-')}`, exampleTrace(ex.name, 120_000));
    try {
      for (const theme of THEMES) {
        await page.emulateMedia({ colorScheme: theme.colorScheme, forcedColors: theme.forcedColors });
        const s = await openReport(page, file);
        assert.equal(s.error, null);
        assert.equal(await page.getAttribute('html', 'data-theme'), theme.colorScheme);
        assert.equal(axeReport(await axeViolations(page)), '', `${ex.name}, ${theme.name}`);
        if (theme.forcedColors === 'none') assert.deepEqual(await illegibleColours(page), [], `${ex.name}, ${theme.name}`);
      }
    } finally {
      await page.emulateMedia({ colorScheme: 'light', forcedColors: 'none' });
    }
  });
}

test('forced colours: the legend keeps the colours the canvas draws', async () => {
  await page.emulateMedia({ forcedColors: 'active' });
  try {
    await openReport(page, writeReport('a11y-forced', semaphoreTrace()));
    const swatches = await page.$$eval('.il-legend .il-swatch', (els) =>
      els.map((e) => [
        getComputedStyle(e).backgroundColor,
        getComputedStyle(document.documentElement)
          .getPropertyValue((e as HTMLElement).style.background.slice(4, -1))
          .trim(),
      ]),
    );
    assert.ok(swatches.length > 8);
    for (const [shown, drawn] of swatches) {
      const c = parseColor(drawn);
      assert.ok(c, `--il colour ${drawn}`);
      assert.equal(shown, `rgb(${c.r}, ${c.g}, ${c.b})`, `a swatch shows ${shown}, the canvas draws ${drawn}`);
    }
    await page.screenshot({ path: join(ARTIFACTS, 'a11y-forced-colours.png') });
  } finally {
    await page.emulateMedia({ forcedColors: 'none' });
  }
});

test('400 % zoom (320 CSS px): the label column shrinks, axis labels do not overlap, counter labels are whole', async () => {
  await page.setViewportSize({ width: 320, height: 700 });
  try {
    await openReport(page, writeReport('a11y-320', semaphoreTrace()));
    const labels = await page.$eval('.il-labels', (e) => e.getBoundingClientRect().width);
    const canvas = await page.$eval('.il-canvaswrap', (e) => e.getBoundingClientRect().width);
    assert.ok(labels <= 110, `the label column is ${labels} px`);
    assert.ok(canvas >= 190, `the timeline keeps ${canvas} px`);
    const ticks = await page.$$eval('.il-axisrow svg text', (els) => els.map((e) => e.getBoundingClientRect()).map((r) => [r.left, r.right]));
    assert.ok(ticks.length >= 2, `${ticks.length} axis labels`);
    for (let i = 1; i < ticks.length; i++) assert.ok(ticks[i][0] >= ticks[i - 1][1], `axis labels ${i - 1} and ${i} overlap: ${JSON.stringify(ticks)}`);
    const corner = await page.$eval('.il-corner', (e) =>
      [...e.querySelectorAll('button')].every((b) => b.getBoundingClientRect().right <= e.getBoundingClientRect().right + 0.5),
    );
    assert.ok(corner, 'the zoom buttons stay inside their corner');
    // What a counter counts and its range: on its own line, never cut.
    const subs = await page.$$eval('.il-label[data-kind=counter] .il-sub', (els) =>
      els.map((e) => [e.textContent, (e as HTMLElement).offsetLeft + (e as HTMLElement).offsetWidth, (e.parentElement as HTMLElement).clientWidth] as const),
    );
    assert.deepEqual(
      subs.map((x) => x[0]),
      ['permits 0 to 2'],
    );
    for (const [text, right, width] of subs) assert.ok(right <= width, `"${text}" ends at ${right} px of ${width}`);
    await page.screenshot({ path: join(ARTIFACTS, 'a11y-320.png'), fullPage: true });
  } finally {
    await page.setViewportSize({ width: 1280, height: 820 });
  }
});
