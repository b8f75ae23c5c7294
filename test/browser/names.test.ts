// Names, not numbers, in a live multi-process run as VS Code streams it: primitives by name in every
// sentence, and each child's MainThread with its process in the time table and the announcements.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import type { Trace } from '../../src/core/trace/format';
import { ARTIFACTS, type AppState, exampleTrace, hostedPage, openReport, pageForFile, state, streamAsPanel, writeReport } from './harness';

let page: Page;
pageForFile({ width: 1280, height: 900 }, (p) => (page = p));

/** A run streamed as the panel streams it (LiveFeed deltas: threads, primitives and processes as they come), then ended. */
async function streamLive(trace: Trace): Promise<AppState> {
  await hostedPage(page);
  await streamAsPanel(page, trace, { batchEvents: 32 });
  await page.waitForFunction(() => {
    const s = (window as never as { __interleave: { state(): AppState } }).__interleave.state();
    return s.error !== null || (!s.live && !!s.view?.drawn);
  });
  return state(page);
}

/** Every lane's story, told by the T key (from its first span). */
async function stories(s: AppState): Promise<string[]> {
  await page.focus('.il-body');
  const out: string[] = [];
  for (let i = 0; i < s.lanes.length; i++) {
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Home');
    await page.keyboard.press('t');
    out.push((await state(page)).view!.announced);
  }
  return out;
}

test('a live pool run names its primitives in every sentence, never "primitive #5"', async () => {
  const trace = exampleTrace('worker-pool', 120_000);
  const s = await streamLive(trace);
  assert.equal(s.error, null, 'no message of the run was rejected');
  const told = await stories(s);
  const all = told.join('\n');
  assert.doesNotMatch(all, /primitive #\d|#\d+ /, all);
  assert.match(all, /Queue `arrived`/);
  assert.match(all, /Pool `pool of \d`/);
  await page.screenshot({ path: join(ARTIFACTS, 'names-live-pool.png'), fullPage: true });
});

test("a multi-process run's time table and announcements say which process each MainThread is", async () => {
  const trace = exampleTrace('multiprocessing', 120_000);
  const report = writeReport('names-multiprocessing', trace);
  for (const how of ['live', 'report'] as const) {
    const s = how === 'live' ? await streamLive(trace) : await openReport(page, report);
    assert.equal(s.error, null);
    assert.equal(s.outcome?.kind, 'completed', `${how}: ${s.outcome?.summary}`);
    const rows = await page.$$eval('.il-threads tbody tr', (trs) => trs.map((r) => (r as HTMLTableRowElement).cells[0].textContent ?? ''));
    const mains = rows.filter((r) => /MainThread$/.test(r));
    // Named as the CLI prints them: the example's processes are `child`, `producer` and `consumer`.
    assert.deepEqual(mains, ['MainThread', 'child/MainThread', 'producer/MainThread', 'consumer/MainThread'], `${how}: ${rows.join(', ')}`);
    const groups = await page.$$eval('.il-label:not([data-lane])', (els) => els.map((e) => e.textContent ?? ''));
    for (const name of ['MainProcess', 'child', 'producer', 'consumer'])
      assert.ok(
        groups.some((g) => new RegExp(`^${name} · pid \\d+ · exit 0$`).test(g)),
        `${how}: a lane group reads "${name} · pid … · exit 0": ${groups.join(' | ')}`,
      );
    if (how === 'live') await page.screenshot({ path: join(ARTIFACTS, 'names-live-multiprocessing.png'), fullPage: true });
    const told = await stories(s);
    const named = told.filter((t) => /^[^:]+\/MainThread: /.test(t));
    assert.equal(
      named.length,
      mains.length - 1,
      `${how}: each child's MainThread is announced with its process: ${told.map((t) => t.slice(0, 40)).join(' | ')}`,
    );
  }
});
