// `npm run bench:timeline`: the timeline at 10 k, 100 k and 1 M events in headless Chromium.
// For each size: a synthetic trace (8 threads contending for locks, an RLock, a Semaphore, a Queue)
// written as a standalone report, opened from disk, and timed
//   - first full paint: navigation start → the end of the first complete frame (HTML + embedded
//     trace read, trace validation, model, view columns, first draw), with its phases;
//   - frames: draw time of each of 60 scripted steps (20 wheel zooms in, 20 key pans, 20 key zooms
//     out), p50 / p95 / max.
// Prints a markdown table (with the load average before and after) and writes it, with the raw
// figures as JSON, to test-artifacts/bench-timeline.{md,json} (gitignored). BENCHMARKS.md is written
// by hand: its numbers need the narrative of how they were taken.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { ROOT, VIEWPORT, loadNow, measureEach } from './browser';
import { renderHtmlReport } from '../src/core/export/html';
import { syntheticTrace } from '../test/helpers/synthetic';

const SIZES = (process.env.BENCH_SIZES ?? '10000,100000,1000000').split(',').map(Number);

interface Row {
  events: number;
  spans: number;
  htmlMB: number;
  firstPaintMs: number;
  parseMs: number;
  modelMs: number;
  viewDataMs: number;
  firstFrameMs: number;
  p50: number;
  p95: number;
  max: number;
}

type Hook = {
  state(): { lanes: { spans: number }[]; timings: { parseMs: number; modelMs: number; viewDataMs: number } };
  frameMs(): number[];
  firstPaintAt(): number | undefined;
};
const hook = (page: Page) => page.evaluate(() => (window as unknown as { __interleave: Hook }).__interleave);

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

async function settle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
}

async function measure(page: Page, events: number, dir: string): Promise<Row> {
  const trace = syntheticTrace(events);
  const file = join(dir, `bench-${events}.html`);
  const bundle = readFileSync(join(ROOT, 'dist/webview.js'), 'utf8');
  writeFileSync(file, renderHtmlReport(trace, bundle));
  const htmlMB = readFileSync(file).length / 1e6;

  await page.goto(pathToFileURL(file).href, { timeout: 120_000 });
  await page.waitForFunction(() => (window as unknown as { __interleave: Hook }).__interleave.firstPaintAt() !== undefined, null, { timeout: 120_000 });
  await hook(page);
  const first = await page.evaluate(() => {
    const h = (window as unknown as { __interleave: Hook }).__interleave;
    const s = h.state();
    return { at: h.firstPaintAt()!, frame: h.frameMs()[0], spans: s.lanes.reduce((a, l) => a + l.spans, 0), ...s.timings };
  });

  const before = (await page.evaluate(() => (window as unknown as { __interleave: Hook }).__interleave.frameMs().length)) as number;
  const canvas = (await page.$('.il-canvaswrap canvas'))!;
  const box = (await canvas.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.4, box.y + 20);
  for (let i = 0; i < 20; i++) {
    await page.mouse.wheel(0, -240);
    await settle(page);
  }
  await page.focus('.il-body');
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press('ArrowRight');
    await settle(page);
  }
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press('-');
    await settle(page);
  }
  const frames = (await page.evaluate(() => (window as unknown as { __interleave: Hook }).__interleave.frameMs())).slice(before);
  return {
    events: trace.events.length,
    spans: first.spans,
    htmlMB,
    firstPaintMs: first.at,
    parseMs: first.parseMs,
    modelMs: first.modelMs,
    viewDataMs: first.viewDataMs,
    firstFrameMs: first.frame,
    p50: quantile(frames, 0.5),
    p95: quantile(frames, 0.95),
    max: Math.max(...frames),
  };
}

function table(rows: Row[]): string {
  const f = (x: number, d = 0) => x.toFixed(d);
  const lines = [
    '| events | spans | report | first full paint | of which: parse + validate | model | view columns | first frame | frame p50 | frame p95 | frame max |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.events.toLocaleString('en')} | ${r.spans.toLocaleString('en')} | ${f(r.htmlMB, 1)} MB | ${f(r.firstPaintMs)} ms | ${f(r.parseMs)} ms | ${f(r.modelMs)} ms | ${f(r.viewDataMs)} ms | ${f(r.firstFrameMs, 1)} ms | ${f(r.p50, 1)} ms | ${f(r.p95, 1)} ms | ${f(r.max, 1)} ms |`,
    ),
  ];
  return lines.join('\n');
}

/** The table as a markdown file and the rows as JSON, for whoever updates BENCHMARKS.md. */
function writeArtifacts(rows: Row[], load: string): void {
  const dir = join(ROOT, 'test-artifacts');
  mkdirSync(dir, { recursive: true });
  const when = new Date().toISOString();
  writeFileSync(join(dir, 'bench-timeline.md'), `${when}, ${load}\n\n${table(rows)}\n`);
  writeFileSync(join(dir, 'bench-timeline.json'), `${JSON.stringify({ when, load, viewport: VIEWPORT, rows }, null, 1)}\n`);
}

async function main(): Promise<void> {
  const loadBefore = loadNow();
  const dir = mkdtempSync(join(tmpdir(), 'interleave-bench-'));
  let rows: Row[];
  try {
    rows = await measureEach(SIZES, (page, n) => measure(page, n, dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const load = `load average ${loadBefore} before, ${loadNow()} after (1, 5, 15 min)`;
  console.log(`${table(rows)}\n\n${load}`);
  writeArtifacts(rows, load);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
