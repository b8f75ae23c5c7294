// Exports of a run past --memory-budget (issue 17): the Chrome trace streams from the binary trace a
// segment at a time instead of being refused, and says the same as the whole export of the same
// trace (every viewer rule; each thread's time in each state; each hold); the HTML report embeds
// the run's summary and says how to open the whole trace — and the page shows that summary.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { type ChromeEventLike, chromeTotals, validateChromeTrace } from '../helpers/chrome-rules';
import { openReport } from '../browser/harness';
import { launchChromium } from '../helpers/chromium';

const root = resolve(__dirname, '..', '..');
const hammer = join(root, 'test', 'fixtures', 'runtime', 'long-hammer.ts');
const dir = mkdtempSync(join(tmpdir(), 'interleave-long-exports-'));
const cli = (args: string[], ops = 20_000) =>
  spawnSync(process.execPath, [join(root, 'bin', 'interleave'), ...args], { encoding: 'utf8', cwd: root, env: { ...process.env, HAMMER_OPS: String(ops) } });

const ilt = join(dir, 'run.ilt');
const streamed = join(dir, 'streamed.json');
const report = join(dir, 'report.html');
let runOut = '';
before(() => {
  // 1 MB: 2,621 events may be modelled; the run has 240,000.
  const r = cli(['run', '--no-sites', '--no-color', '--memory-budget', '1', '--trace', ilt, '--chrome-trace', streamed, '--html', report, hammer]);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  runOut = r.stdout;
});

test('the Chrome trace of a run past the budget streams from its binary trace and agrees with the whole export', { timeout: 600_000 }, () => {
  assert.match(runOut, /chrome trace: .*streamed from the binary trace/);
  const doc = JSON.parse(readFileSync(streamed, 'utf8')) as { traceEvents: ChromeEventLike[] };
  assert.deepEqual(validateChromeTrace(doc).slice(0, 10), []);

  // The same trace exported whole (the default budget models 240,000 events).
  const whole = join(dir, 'whole.json');
  const r = cli(['export', ilt, '--chrome-trace', whole]);
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stdout, /streamed/);
  const wholeDoc = JSON.parse(readFileSync(whole, 'utf8')) as { traceEvents: ChromeEventLike[] };

  const a = chromeTotals(doc.traceEvents);
  const b = chromeTotals(wholeDoc.traceEvents);
  assert.deepEqual([...a.keys()].sort(), [...b.keys()].sort(), 'the same threads, states and holds');
  for (const [k, v] of b) assert.ok(Math.abs(a.get(k)! - v) <= 1e-6 * Math.max(1, v) + 0.01, `${k}: ${a.get(k)} µs streamed, ${v} µs whole`);
  const holds = (d: { traceEvents: ChromeEventLike[] }) => d.traceEvents.filter((e) => e.ph === 'b' && e.cat === 'hold').length;
  // A hold that crosses a segment's end is two slices there.
  assert.ok(holds(doc) >= holds(wholeDoc) && holds(doc) <= holds(wholeDoc) + 10, `${holds(doc)} holds streamed, ${holds(wholeDoc)} whole`);
});

let browser: Browser;
after(() => browser?.close());

test('the report of a run past the budget shows its summary and says how to open the whole trace', { timeout: 120_000 }, async () => {
  assert.match(runOut, /report: .*a summary of the run's 240,\d{3} events/);
  const html = readFileSync(report, 'utf8');
  assert.match(html, /id="interleave-summary"/);
  assert.doesNotMatch(html, /id="interleave-trace"/);
  browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1200, height: 700 } });
  const s = await openReport(page, report);
  assert.equal(s.error, null);
  const st = s as typeof s & { summarised: boolean; events: number };
  assert.equal(st.summarised, true, 'shown from its summary');
  assert.ok(st.events > 240_000, `${st.events} events summarised`);
  assert.equal(s.outcome?.kind, 'completed');
  assert.deepEqual(
    s.lanes.map((l) => l.name),
    ['MainThread', 'Thread-1 (hammer)', 'Thread-2 (hammer)', 'Thread-3 (hammer)', 'Thread-4 (hammer)'],
  );
  const note = await page.locator('#interleave-note').textContent();
  assert.match(
    note ?? '',
    new RegExp(`summary of the run's 240,\\d{3} events.*open ${ilt.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} with "Interleave: Open Trace File…"`),
  );
  await page.screenshot({ path: join(root, 'test-artifacts', 'long-report-summary.png') });
});
