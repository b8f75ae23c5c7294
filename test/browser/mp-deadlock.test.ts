// A deadlock across two processes (each holds an mp.Lock the other wants), run for real and shown as
// a standalone report: the banner names the threads with their processes, both lanes end blocked,
// and the gutter draws the wait-for loop between the two processes' lanes.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { runMp } from '../mp/helpers';
import { ARTIFACTS, openReport, pageForFile, writeReport } from './harness';

let page: Page;
pageForFile({ width: 1280, height: 720 }, (p) => (page = p));

test('mp.Lock ABBA across two processes: the deadlock banner, blocked lanes and the loop in the gutter', async () => {
  const trace = await runMp('stuck.ts', 'Deadlock_abba');
  assert.equal(trace.outcome.kind, 'deadlock', trace.outcome.summary);
  const s = await openReport(page, writeReport('mp-deadlock-abba', trace));
  assert.equal(s.error, null);
  assert.ok(s.banner?.includes('left/MainThread') && s.banner.includes('right/MainThread'), s.banner ?? '');
  for (const name of ['left/MainThread', 'right/MainThread']) {
    const lane = s.lanes.find((l) => l.qualified === name);
    assert.ok(lane && lane.states.blocked > 0, `${name} ends blocked`);
  }
  // left → right, right → left (the loop), MainThread → left (its join, behind the cycle).
  assert.equal(s.view?.drawn?.waitArrows, 3);
  await page.screenshot({ path: join(ARTIFACTS, 'mp-deadlock-abba.png'), fullPage: true });
});
