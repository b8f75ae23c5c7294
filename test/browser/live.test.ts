// Live mode through an injected transport (as the VS Code panel streams it): batches of typed
// arrays arrive while the run goes on; the view follows the growing end unless the person moved.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { type IpcMessage, LiveAppend, type LiveAppendParams, LiveBegin, LiveEnd, ShowTrace } from '../../src/core/protocol/webview';
import { syntheticTrace } from '../helpers/synthetic';
import { eventsToBatch } from '../../src/core/trace/batch';
import { packEvents } from '../../src/core/protocol/packed-events';
import type { Trace } from '../../src/core/trace/format';
import { ARTIFACTS, type AppState, deliver, exampleTrace, hostedPage, openReport, pageForFile, posted, state, streamAsPanel, writeReport } from './harness';

let browser: Browser;
let page: Page;
pageForFile({ width: 1200, height: 700 }, (p, b) => {
  page = p;
  browser = b;
});

const appState = (p: Page) => state(p);
async function until(p: Page, pred: (s: AppState) => boolean): Promise<AppState> {
  for (let i = 0; i < 100; i++) {
    const s = await appState(p);
    if (pred(s)) return s;
    await p.waitForTimeout(50);
  }
  throw new Error(`state never matched: ${JSON.stringify(await appState(p)).slice(0, 400)}`);
}

/** Threads as the runner streams them before they end: no end time or exit reason yet. */
const running = (trace: Trace) => trace.threads.map(({ end: _end, exit: _exit, ...t }) => t);

function append(trace: Trace, from: number, to: number, threads = running(trace)): IpcMessage {
  return LiveAppend.create({
    threads,
    primitives: trace.primitives,
    sites: { base: 0, items: trace.sites },
    strings: { base: 0, items: trace.strings },
    events: packEvents(eventsToBatch(trace.events.slice(from, to))),
  });
}

test('the view grows with the run and follows its end, then shows the outcome', async () => {
  const trace = syntheticTrace(3000, 3, 9);
  await hostedPage(page);
  assert.deepEqual(await page.evaluate(() => (window as never as { __posted: IpcMessage[] }).__posted.map((m) => m.method)), ['ready']);
  await deliver(page, LiveBegin.create({ meta: trace.meta }));
  const n = trace.events.length;
  await deliver(page, append(trace, 0, n / 3));
  const s1 = await until(page, (s) => s.lanes.length > 0 && !!s.view?.drawn);
  assert.equal(s1.live, true);
  assert.match(s1.banner ?? '', /Running…/);
  assert.ok(s1.view!.window.t1 >= s1.durationNs, 'a fitted view shows everything so far');

  await deliver(page, append(trace, n / 3, (2 * n) / 3));
  const s2 = await until(page, (s) => s.durationNs > s1.durationNs);
  assert.ok(s2.view!.window.t1 >= s2.durationNs, 'it keeps following the growing end');
  await page.screenshot({ path: join(ARTIFACTS, 'live-running.png') });

  // The person zooms into the beginning: new events must not move the view.
  await page.evaluate(() => (window as never as { __interleave: { zoomTo(a: number, b: number): void } }).__interleave.zoomTo(0, 1e6));
  const held = (await appState(page)).view!.window;
  await deliver(page, append(trace, (2 * n) / 3, n, trace.threads));
  const s3 = await until(page, (s) => s.durationNs > s2.durationNs);
  assert.deepEqual([s3.view!.window.t0, s3.view!.window.t1], [held.t0, held.t1]);

  await deliver(page, LiveEnd.create({ outcome: trace.outcome }));
  const s4 = await until(page, (s) => !s.live);
  assert.equal(s4.outcome?.kind, 'completed');
  assert.equal(s4.banner, null);
  assert.equal(s4.lanes.length, trace.threads.length);
});

test('the first lane shows at once; later batches are gathered for 150 ms', async () => {
  const trace = syntheticTrace(3000, 3, 9);
  const n = trace.events.length;
  // A fake clock: the view's timers run only when the test moves time on.
  const p = await browser.newPage({ viewport: { width: 1200, height: 700 } });
  await p.clock.install({ time: 0 });
  await hostedPage(p);
  await p.clock.pauseAt(1000);
  await deliver(p, LiveBegin.create({ meta: trace.meta }));
  await deliver(p, append(trace, 0, n / 2));
  await p.clock.runFor(1);
  const first = await appState(p);
  assert.ok(first.lanes.length > 0, 'lanes shown without waiting for the next rebuild');

  await deliver(p, append(trace, n / 2, n));
  await p.clock.runFor(100);
  assert.equal((await appState(p)).durationNs, first.durationNs, 'a batch right after is held back');
  await p.clock.runFor(60);
  assert.ok((await appState(p)).durationNs > first.durationNs, 'and shown once 150 ms have passed');
  await p.close();
});

test('a malformed message or a host error is shown, not swallowed', async () => {
  await hostedPage(page);
  await page.evaluate(() => (window as never as { __deliver(m: unknown): void }).__deliver({ v: 1, method: 'trace/show', params: { json: 42 } }));
  let s = await appState(page);
  assert.match(s.error ?? '', /malformed message.*trace\/show/);
  const posted = await page.evaluate(() => (window as never as { __posted: IpcMessage[] }).__posted.map((m) => m.method));
  assert.ok(posted.includes('view/error'), 'the host is told');

  await deliver(page, ShowTrace.create({ json: '{"version": 1, "meta"', source: 'run.json' }));
  s = await appState(page);
  assert.match(s.error ?? '', /This trace cannot be read \(run\.json\).*truncated/s);
});

test('lane labels widen when the threads get their end, so "MainThread stopped" is not cut', async () => {
  const trace = syntheticTrace(600, 3, 5);
  await hostedPage(page);
  await deliver(page, LiveBegin.create({ meta: trace.meta }));
  await deliver(page, append(trace, 0, trace.events.length));
  await until(page, (s) => s.lanes.length > 0 && !!s.view?.drawn);
  const stopped = trace.threads.map((t) => ({ ...t, end: trace.outcome.durationNs, exit: 'stopped' as const }));
  await deliver(page, append(trace, trace.events.length, trace.events.length, stopped));
  await deliver(page, LiveEnd.create({ outcome: { ...trace.outcome, kind: 'stopped', summary: 'stopped by the user' } }));
  await until(page, (s) => !s.live);
  const cut = await page.$$eval('.il-label[data-lane]', (els) => els.filter((e) => e.scrollWidth > e.clientWidth).map((e) => e.textContent));
  const texts = await page.$$eval('.il-label[data-lane]', (els) => els.map((e) => e.textContent));
  assert.ok(
    texts.every((t) => /stopped$/.test(t ?? '')),
    `labels: ${texts}`,
  );
  assert.deepEqual(cut, [], 'no lane label is cut');
});

test('a live message the view rejects is resent by the host: nothing is lost, the final view is the whole run', async () => {
  const trace = exampleTrace('worker-pool', 120_000);
  await hostedPage(page);
  // The third append arrives spoilt (a site table at index −1): its events, threads and processes must still arrive.
  await streamAsPanel(page, trace, {
    batchEvents: 64,
    tamper: (msg, n) => (n === 2 ? { ...msg, params: { ...(msg.params as LiveAppendParams), sites: { base: -1, items: [] } } } : msg),
  });
  const live = await until(page, (s) => s.error !== null || (!s.live && !!s.view?.drawn));
  const sent = (await posted(page)).map((m) => m.method);
  assert.equal(live.error, null, 'no malformed-message error');
  assert.equal(sent.filter((m) => m === 'live/resync').length, 1, `the view asked once: ${sent}`);
  assert.ok(!sent.includes('view/error'), `nothing to report: ${sent}`);
  const groups = await page.$$eval('.il-label:not([data-lane])', (els) => els.map((e) => e.textContent));
  await page.screenshot({ path: join(ARTIFACTS, 'live-resync.png'), fullPage: true });

  const whole = await openReport(page, writeReport('live-resync-whole', trace));
  const view = (s: AppState) => ({ title: s.title, outcome: s.outcome, durationNs: s.durationNs, lanes: s.lanes });
  assert.deepEqual(view(live), view(whole));
  assert.deepEqual(groups, await page.$$eval('.il-label:not([data-lane])', (els) => els.map((e) => e.textContent)));
});
