// Findings on the timeline (standalone report, real headless Chromium): listed in the summary,
// selected by keyboard, drawn over the lanes. Screenshots in test-artifacts/.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import type { Trace } from '../../src/core/trace/format';
import { parseTrace } from '../../src/core/trace/parse';
import { ARTIFACTS, ROOT, openReport, pageForFile, state, writeReport } from './harness';

let page: Page;
pageForFile({ width: 1280, height: 900 }, (p) => (page = p));

function cliTrace(file: string, ...args: string[]): Trace {
  const out = join(mkdtempSync(join(tmpdir(), 'interleave-findings-')), 't.json');
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/interleave'), 'run', file, '--trace', out, '--no-color', ...args], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.equal(r.status, 0, r.stderr);
  return parseTrace(readFileSync(out, 'utf8'));
}

type Finding = {
  brackets: { lane: number; t0: number; t1: number; label: string }[];
  race: { a: { lane: number; t: number }; b: { lane: number; t: number }; ordered: Record<string, { before: number; after: number }> } | null;
} | null;
const finding = async (): Promise<Finding> => ((await state(page)).view as unknown as { finding: Finding }).finding;

test('a lock-order cycle: listed with its lines; Enter brackets held → asked on both lanes; Enter again clears', async () => {
  const trace = cliTrace(join(ROOT, 'test/fixtures/analyses/lock-orders.ts'), '--scenario', 'bare');
  await openReport(page, writeReport('findings-cycle', trace));
  const title = page.locator('.il-finding-title');
  assert.equal(await title.count(), 1);
  assert.match((await title.textContent())!, /Potential deadlock: t1 and t2 take Locks `a` and `b` in a cycle \(not reproduced in 200 schedules\)/); // t2 starts after t1 ends: no schedule deadlocks
  const details = await page.locator('.il-finding-details li').allTextContents();
  assert.ok(
    details.some((d) => /t1 acquires `b` at lock-orders\.ts:8 while holding `a`/.test(d)),
    details.join('\n'),
  );
  await title.focus();
  await page.keyboard.press('Enter');
  assert.equal(await title.getAttribute('aria-pressed'), 'true');
  const f = await finding();
  assert.ok(f);
  const lanes = trace.threads.map((t) => t.name);
  assert.deepEqual(f.brackets.map((b) => lanes[b.lane]).sort(), ['t1', 't2']);
  for (const b of f.brackets) assert.ok(b.t1 > b.t0, JSON.stringify(b));
  assert.deepEqual(f.brackets.map((b) => b.label).sort(), ['holds a → asks b', 'holds b → asks a']);
  await page.screenshot({ path: join(ARTIFACTS, 'findings-cycle.png') });
  await page.keyboard.press('Enter');
  assert.equal(await finding(), null);
});

test('a data race: a dashed "unordered" line between the two accesses; what happens before or after is dimmed', async () => {
  const trace = cliTrace(join(ROOT, 'test/deterministic/fixtures/lost-update.ts'), '--deterministic', '--seed', '3');
  await openReport(page, writeReport('findings-race', trace));
  const title = page.locator('.il-finding-title');
  assert.match((await title.textContent())!, /Data race on d\.x: . and . access it unordered \(confirmed: d\.x = \d in \d+ of \d+/);
  await title.click();
  const f = await finding();
  assert.ok(f?.race);
  const lanes = trace.threads.map((t) => t.name);
  assert.deepEqual([lanes[f.race.a.lane], lanes[f.race.b.lane]].sort(), ['a', 'b']);
  // MainThread started both before either access: its start() calls come before, its join() after.
  const main = f.race.ordered['1'];
  assert.ok(main.before > 0 && main.before < Math.min(f.race.a.t, f.race.b.t), JSON.stringify(main));
  assert.ok(main.after > Math.max(f.race.a.t, f.race.b.t), JSON.stringify(main));
  await page.screenshot({ path: join(ARTIFACTS, 'findings-race.png') });
});
