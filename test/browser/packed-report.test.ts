// A report large enough to carry its events as packed columns (src/core/trace/packed.ts), in real
// headless Chromium: it reads back into the same lanes, states and reasons the model gives in Node.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { PACK_EVENTS_FROM } from '../../src/core/export/html';
import { buildModel } from '../../src/core/model/build';
import { syntheticTrace } from '../helpers/synthetic';
import { openReport, pageForFile, writeReport } from './harness';

let page: Page;
pageForFile({ width: 1280, height: 820 }, (p) => (page = p));

test('a packed report shows the lanes, states and reasons of its trace', async () => {
  const trace = syntheticTrace(PACK_EVENTS_FROM + 5_000);
  const file = writeReport('packed-synthetic', trace);
  assert.match(readFileSync(file, 'utf8'), /"eventColumns":\{"n":\d+/, 'the events travel as columns');
  const model = buildModel(trace);

  const s = await openReport(page, file);
  assert.equal(s.error, null);
  assert.deepEqual(
    s.lanes.map((l) => [l.name, l.spans]),
    trace.threads.map((th, i) => [th.name, model.spans[i].length]),
  );

  // Hover the longest blocked span: the tooltip words the reason the Node model words.
  const lane = model.spans.findIndex((spans) => spans.some((x) => x.state === 'blocked'));
  const blocked = model.spans[lane].filter((x) => x.state === 'blocked').sort((a, b) => b.end - b.start - (a.end - a.start))[0];
  const pad = (blocked.end - blocked.start) / 4;
  await page.evaluate(
    ([a, b]) => (window as never as { __interleave: { zoomTo(a: number, b: number): void } }).__interleave.zoomTo(a, b),
    [blocked.start - pad, blocked.end + pad],
  );
  await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
  const name = trace.threads[lane].name;
  const pt = await page.evaluate(
    ([l, t]) =>
      (window as never as { __interleave: { pointOf(l: string, t: number): { x: number; y: number } } }).__interleave.pointOf(l as string, t as number),
    [name, (blocked.start + blocked.end) / 2] as const,
  );
  await page.mouse.move(pt.x, pt.y);
  await page.waitForSelector('.il-tooltip:not([hidden])');
  const tooltip = (await page.textContent('.il-tooltip')) ?? '';
  assert.ok(blocked.reason.startsWith('waits for'), blocked.reason);
  assert.ok(tooltip.includes(blocked.reason), `tooltip ${JSON.stringify(tooltip)} has ${JSON.stringify(blocked.reason)}`);
});
