// What the timeline benchmarks (bench/timeline.ts, bench/timeline-long.ts) share: the page size,
// the load average they report beside their figures, and one Chromium page per measured size.
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from '../test/helpers/chromium';

export const ROOT = resolve(__dirname, '..');
export const VIEWPORT = { width: 1400, height: 900 };

export const loadNow = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

/** Measures each of `sizes` on a fresh page of one browser (closed at the end), logging progress. */
export async function measureEach<R>(sizes: number[], measure: (page: Page, n: number) => Promise<R>): Promise<R[]> {
  const browser = await launchChromium();
  const rows: R[] = [];
  try {
    for (const n of sizes) {
      const page = await browser.newPage({ viewport: VIEWPORT });
      rows.push(await measure(page, n));
      await page.close();
      console.error(`measured ${n.toLocaleString('en')} events`);
    }
  } finally {
    await browser.close();
  }
  return rows;
}
