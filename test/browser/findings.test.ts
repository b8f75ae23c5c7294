// Findings on the timeline (standalone report, real headless Chromium): listed in the summary,
// selected by keyboard, drawn over the lanes. Screenshots in test-artifacts/.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { Trace } from '../../src/core/trace/format';
import { parseTrace } from '../../src/core/trace/parse';
import { FindingReplay, FindingsShow, HostCapabilities, ShowTrace } from '../../src/core/protocol/webview';
import { ARTIFACTS, ROOT, deliver, hostedPage, openReport, pageForFile, posted, state, streamAsPanel, writeReport } from './harness';

let page: Page;
let browser: Browser;
pageForFile({ width: 1280, height: 900 }, (p, b) => ((page = p), (browser = b)));

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
  assert.equal(await title.textContent(), 'Potential deadlock: t1 and t2 take Locks `a` and `b` in a cycle');
  // t2 starts after t1 ends: no schedule deadlocks, and the status under the title says so.
  assert.equal(await page.locator('.il-finding-status').textContent(), 'Not reproduced: in 200 deterministic schedules');
  assert.equal(await page.locator('.il-finding-status .il-badge').getAttribute('data-kind'), 'notReproduced');
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
  assert.match((await title.textContent())!, /^Data race on d\.x: . and . access it unordered$/);
  assert.match((await page.locator('.il-finding-status').textContent())!, /^Confirmed by replay: d\.x = \d in \d+ of \d+ schedules, \d in \d+$/);
  // The report has no host to run a schedule: each is its command, as text.
  const replays = await page.locator('.il-finding-replays li').allTextContents();
  assert.deepEqual(
    replays.map((r) => /^Replay d\.x = (\d): interleave run .*lost-update\.ts --deterministic --seed -?\d+ --schedule[ =][-\d,]+$/.exec(r)?.[1]).sort(),
    ['1', '2'],
  );
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

test("the lost update's race: confirmed, with the final counts its schedules ended with; unconfirmed findings say so", async () => {
  const trace = cliTrace(join(ROOT, 'examples/lost-update.ts'));
  await openReport(page, writeReport('findings-lost-update', trace));
  assert.equal(await page.locator('.il-finding-title').count(), 1);
  const status = (await page.locator('.il-finding-status').textContent())!;
  const counts = /^Confirmed by replay: counter\.count = (\d+) in \d+ of \d+ schedules((?:, \d+ in \d+)+)$/.exec(status);
  assert.ok(counts, status);
  const values = [counts[1], ...[...counts[2].matchAll(/, (\d+) in/g)].map((m) => m[1])];
  const replays = await page.locator('.il-finding-replays li').allTextContents();
  assert.deepEqual(
    replays.map((r) => /^Replay counter\.count = (\d+): interleave run /.exec(r)?.[1]),
    values,
  );
  await page.screenshot({ path: join(ARTIFACTS, 'findings-lost-update.png'), fullPage: true });

  const unchecked = cliTrace(join(ROOT, 'examples/lost-update.ts'), '--no-confirm');
  await openReport(page, writeReport('findings-unchecked', unchecked));
  assert.equal(await page.locator('.il-finding-status').textContent(), 'Not checked by replay: no deterministic schedule was searched for it');
  assert.equal(await page.locator('.il-finding-replays').count(), 0);
});

test('in a panel: the findings say they are being confirmed, then show the counts and a Replay button per final value, which asks the host to run it', async () => {
  const confirmed = cliTrace(join(ROOT, 'test/deterministic/fixtures/lost-update.ts'), '--deterministic', '--seed', '3');
  const findings = confirmed.findings!;
  const race = findings.races[0];
  assert.equal(race.confirmation?.status, 'confirmed');
  // A page of its own: a report's page (file://) is no host for the test's messages.
  const panel = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await hostedPage(panel);
  await deliver(panel, HostCapabilities.create({ fork: true, replay: true }));
  await deliver(panel, ShowTrace.create({ json: JSON.stringify({ ...confirmed, findings: undefined }), source: 'lost-update' }));
  await panel.waitForFunction(() => !!document.querySelector('.il-finding-status'));
  assert.equal(await panel.locator('.il-finding-status').textContent(), 'Not checked by replay: no deterministic schedule was searched for it');

  await deliver(panel, FindingsShow.create({ findings: { ...findings, races: [{ ...race, confirmation: undefined }] }, confirming: true }));
  assert.equal(
    await panel.locator('.il-finding-status').textContent(),
    'Confirming by replay…: deterministic schedules are being searched for one that shows it',
  );

  // The keyboard stays on the finding while its list is made again.
  await panel.locator('.il-finding-title').focus();
  await deliver(panel, FindingsShow.create({ findings, confirming: false }));
  assert.match((await panel.locator('.il-finding-status').textContent())!, /^Confirmed by replay: d\.x = \d in \d+ of \d+ schedules, \d in \d+$/);
  assert.equal(await panel.evaluate(() => document.activeElement?.className), 'il-finding-title');
  const buttons = panel.locator('.il-finding-replays button');
  assert.deepEqual((await buttons.allTextContents()).sort(), ['Replay: d.x = 1', 'Replay: d.x = 2']);
  // Tab from the finding reaches its Replay buttons; Enter sends the schedule, checked, to the host.
  await panel.keyboard.press('Tab');
  const first = race.confirmation!.values![0];
  assert.equal(await panel.evaluate(() => document.activeElement?.textContent), `Replay: d.x = ${first.value}`);
  await panel.keyboard.press('Enter');
  const sent = (await posted(panel)).at(-1);
  assert.ok(FindingReplay.is(sent), JSON.stringify(sent));
  assert.deepEqual(sent.params, { seed: first.seed, schedule: first.schedule });
  await panel.screenshot({ path: join(ARTIFACTS, 'findings-panel-replay.png') });

  // A malformed update is refused: the view says so rather than show made-up findings.
  await deliver(panel, { v: 1, method: 'findings/show', params: { findings: { cycles: [], races: [{ kind: 'dataRace' }] }, confirming: false } });
  assert.match((await state(panel)).error ?? '', /malformed message/);
  await panel.close();
});

test('in a panel that watched the run live (its events held as columns, not analysed there): the findings arrive from the host and are listed', async () => {
  const trace = cliTrace(join(ROOT, 'test/deterministic/fixtures/lost-update.ts'), '--deterministic', '--seed', '3');
  const panel = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await hostedPage(panel);
  await deliver(panel, HostCapabilities.create({ fork: true, replay: true }));
  await streamAsPanel(panel, { ...trace, findings: undefined });
  await panel.waitForFunction(() => !!document.querySelector('.il-summary, .il-table, canvas'));
  assert.equal(await panel.locator('.il-findings').count(), 0);
  await deliver(panel, FindingsShow.create({ findings: trace.findings!, confirming: false }));
  assert.match((await panel.locator('.il-finding-status').textContent())!, /^Confirmed by replay: d\.x = \d in \d+ of \d+ schedules, \d in \d+$/);
  // Selecting it joins the two accesses of the host's finding, on the racing threads' lanes.
  await panel.locator('.il-finding-title').click();
  const f = ((await state(panel)).view as unknown as { finding: Finding }).finding;
  const lanes = trace.threads.map((t) => t.name);
  assert.deepEqual([lanes[f!.race!.a.lane], lanes[f!.race!.b.lane]].sort(), ['a', 'b']);
  assert.deepEqual(
    [f!.race!.a.t, f!.race!.b.t],
    [trace.findings!.races[0].first.event, trace.findings!.races[0].second.event].map((i) => trace.events[i].t),
  );
  await panel.close();
});
