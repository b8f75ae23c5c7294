// What the timeline benchmarks (bench/timeline.ts, bench/timeline-long.ts) share: the page size,
// the load average they report beside their figures, and one Chromium page per measured size.
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from '../test/helpers/chromium';

/** The repository: above bench/ (run by tsx) or above dist/bench/ (bundled, as bench:timeline:long runs). */
export const ROOT = existsSync(resolve(__dirname, '..', 'package.json')) ? resolve(__dirname, '..') : resolve(__dirname, '..', '..');
export const VIEWPORT = { width: 1400, height: 900 };

export const loadNow = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

/** Measures each of `sizes` (event counts, or trace files) on a fresh page of one browser (closed at the end), logging progress. */
export async function measureEach<R, S extends number | string = number>(sizes: S[], measure: (page: Page, n: S) => Promise<R>): Promise<R[]> {
  const browser = await launchChromium();
  const rows: R[] = [];
  try {
    for (const n of sizes) {
      const page = await browser.newPage({ viewport: VIEWPORT });
      rows.push(await measure(page, n));
      await page.close();
      console.error(`measured ${typeof n === 'number' ? `${n.toLocaleString('en')} events` : n}`);
    }
  } finally {
    await browser.close();
  }
  return rows;
}
