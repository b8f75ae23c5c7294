// The standalone report in real headless Chromium: what a person sees and can do, asserted through
// the DOM and the app's accessible state (window.__interleave). Screenshots go to test-artifacts/.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import type { IpcMessage, RevealParams } from '../../src/core/protocol/webview';
import { illegibleColours } from '../helpers/legibility';
import { abbaDeadlockTrace, lockDeadlockTrace, semaphoreTrace } from '../helpers/traces';
import { runScenario } from '../../src/runtime/host/run';
import { ARTIFACTS, type AppState, ROOT, openReport, pageForFile, state, writeReport } from './harness';

let page: Page;
pageForFile({ width: 1280, height: 820 }, (p) => (page = p));

const lane = (s: AppState, name: string) => {
  const l = s.lanes.find((x) => x.name === name);
  assert.ok(l, `lane ${name}`);
  return l;
};

async function hover(p: Page, laneName: string, t: number): Promise<string> {
  const pt = await p.evaluate(
    ([l, at]) =>
      (window as never as { __interleave: { pointOf(l: string, t: number): { x: number; y: number } } }).__interleave.pointOf(l as string, at as number),
    [laneName, t] as const,
  );
  await p.mouse.move(pt.x, pt.y);
  await p.waitForSelector('.il-tooltip:not([hidden])');
  return (await p.textContent('.il-tooltip')) ?? '';
}

async function posted(p: Page): Promise<IpcMessage[]> {
  return p.evaluate(() => (window as never as { __interleave: { posted(): IpcMessage[] } }).__interleave.posted());
}

test('the seed Lock deadlock: lanes, states with times, banner and the wait loop', async () => {
  const s = await openReport(page, writeReport('lock-deadlock', lockDeadlockTrace()));
  assert.equal(s.error, null);
  const labels = await page.$$eval('.il-label[data-lane]', (els) => els.map((e) => e.firstChild?.textContent));
  assert.deepEqual(labels, ['MainThread', 'worker1', 'worker2']);
  assert.equal(lane(s, 'worker1').states.running, 120e6);
  assert.equal(lane(s, 'worker1').states.blocked, 200e6);
  assert.equal(lane(s, 'worker2').states.sleeping, 50e6);
  assert.ok(lane(s, 'MainThread').states.joining > 300e6);
  assert.match(s.banner ?? '', /Deadlock: worker1 waits for Lock `lock`, which it already holds/);
  assert.match((await page.textContent('[role=alert]')) ?? '', /A Lock is not re-entrant/);
  assert.deepEqual(s.outcome?.cycle, [lane(s, 'worker1').thread]);
  assert.ok(s.view?.drawn?.states.includes('blocked'));
  assert.ok(s.view!.drawn!.labels.includes('blocked on lock'), 'the blocked span names the lock');
  assert.equal(s.view?.drawn?.waitArrows, 3, 'worker1 → itself, worker2 → worker1, MainThread → worker1');
  const sr = await page.$$eval('#il-lanes li', (els) => els.map((e) => e.textContent));
  assert.match(sr[1] ?? '', /^worker1: running 120 ms, blocked 200 ms; stuck: waits for Lock `lock`/);
  const head = await page.$$eval('.il-contention thead th', (ths) => ths.map((t) => t.textContent));
  assert.deepEqual(head, ['primitive', 'acquisitions', 'contended', 'never got it', 'total wait', 'max wait']);
  const contention = await page.$$eval('.il-contention tbody tr', (rows) => rows.map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent)));
  assert.deepEqual(contention[0].slice(0, 4), ['Lock `lock`', '1', '0 (0 %)', '2'], 'the waits of worker1 and worker2, which never got the lock, count');
  await page.screenshot({ path: join(ARTIFACTS, 'lock-deadlock.png'), fullPage: true });
});

test('in a narrow panel the wait loop keeps room for what each thread waits on, and the summary fits', async () => {
  await page.setViewportSize({ width: 560, height: 700 });
  try {
    await page.waitForFunction(() => (document.querySelector('.il-body canvas')?.clientWidth ?? 1e9) < 450);
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    const s = await state(page);
    // MainThread joins worker1: its label was cut to "work…" when the gutter had a fixed 96 px.
    assert.ok(s.view!.drawn!.labels.includes('worker1'), `gutter labels: ${s.view!.drawn!.labels}`);
    assert.ok(s.view!.drawn!.labels.includes('lock'));
    assert.equal(s.view?.drawn?.waitArrows, 3);
    // Every column of the time split is in view (its bars shrink), none cut at the panel's edge.
    const right = await page.$eval('.il-threads', (t) => [t.getBoundingClientRect().right, document.documentElement.clientWidth]);
    assert.ok(right[0] <= right[1], `the time split ends at ${right[0]} px in a ${right[1]} px page`);
    await page.screenshot({ path: join(ARTIFACTS, 'lock-deadlock-narrow.png'), fullPage: true });
  } finally {
    await page.setViewportSize({ width: 1280, height: 820 });
  }
});

test('hovering a blocked span explains it in plain language and lights up its lock', async () => {
  const text = await hover(page, 'worker2', 150e6);
  assert.match(text, /worker2 · blocked for 270 ms/);
  assert.match(text, /waits for Lock `lock` held by worker1 since 0 s \(acquired at lock-deadlock\.ts:8\)/);
  assert.match(text, /at lock-deadlock\.ts:16/);
  const s = await state(page);
  assert.equal(s.view?.focusPrim, 1, 'the lock is lit');
  await page.screenshot({ path: join(ARTIFACTS, 'lock-deadlock-hover.png') });
});

test('clicking a span posts reveal with its source location and shows it', async () => {
  const pt = await page.evaluate(() =>
    (window as never as { __interleave: { pointOf(l: string, t: number): { x: number; y: number } } }).__interleave.pointOf('worker1', 250e6),
  );
  await page.mouse.click(pt.x, pt.y);
  const reveals = (await posted(page)).filter((m) => m.method === 'reveal');
  assert.deepEqual(reveals.at(-1)?.params as RevealParams, { file: '/synthetic/lock-deadlock.ts', line: 11, col: 5 });
  assert.equal(await page.textContent('.il-location'), '/synthetic/lock-deadlock.ts:11:5');
  assert.equal((await state(page)).view?.pinnedPrim, 1, 'the click pins the lock');
  assert.equal(await page.getAttribute('.il-prims li[data-prim="1"]', 'aria-selected'), 'true');
});

test('wheel, keys and drag change the visible window; 0 fits it again', async () => {
  const fit = (await state(page)).view!.window;
  const box = (await page.$('.il-canvaswrap canvas'))!;
  const r = (await box.boundingBox())!;
  await page.mouse.move(r.x + 200, r.y + 10);
  await page.mouse.wheel(0, -400);
  await page.waitForFunction(
    (w) =>
      (window as never as { __interleave: { state(): AppState } }).__interleave.state().view!.window.t1 -
        (window as never as { __interleave: { state(): AppState } }).__interleave.state().view!.window.t0 <
      w,
    fit.t1 - fit.t0,
  );
  const zoomed = (await state(page)).view!.window;
  assert.ok(zoomed.t1 - zoomed.t0 < (fit.t1 - fit.t0) * 0.9, 'wheel zooms in');
  await page.focus('.il-body');
  // Plain arrows move between spans (keyboard.test.ts); with Shift they pan.
  await page.keyboard.press('Shift+ArrowRight');
  const panned = (await state(page)).view!.window;
  assert.ok(panned.t0 > zoomed.t0, 'Shift+right arrow shows later times');
  assert.ok(Math.abs(panned.t1 - panned.t0 - (zoomed.t1 - zoomed.t0)) < 1, 'panning keeps the zoom');
  await page.keyboard.press('+');
  const closer = (await state(page)).view!.window;
  assert.ok(closer.t1 - closer.t0 < panned.t1 - panned.t0, '+ zooms in');
  await page.mouse.move(r.x + 300, r.y + 10);
  await page.mouse.down();
  await page.mouse.move(r.x + 500, r.y + 10, { steps: 5 });
  await page.mouse.up();
  const dragged = (await state(page)).view!.window;
  assert.ok(dragged.t0 < closer.t0, 'dragging right shows earlier times');
  await page.keyboard.press('0');
  const again = (await state(page)).view!.window;
  assert.deepEqual([again.t0, again.t1], [fit.t0, fit.t1]);
  // The readout follows on the next frame.
  await page.waitForFunction(() => /showing 0 s – 326\.4 ms/.test(document.querySelector('.il-window')?.textContent ?? ''));
});

test('two locks taken in opposite orders: a two-thread loop', async () => {
  const s = await openReport(page, writeReport('abba-deadlock', abbaDeadlockTrace()));
  assert.deepEqual(s.outcome?.cycle, [lane(s, 'alice').thread, lane(s, 'bob').thread]);
  assert.equal(s.view?.drawn?.waitArrows, 2);
  assert.match(s.banner ?? '', /each wait for the lock the other holds/);
  await page.screenshot({ path: join(ARTIFACTS, 'abba-deadlock.png'), fullPage: true });
});

test('Semaphore(2): the third worker waits, permits are a counter track, wake-ups are arrows', async () => {
  const s = await openReport(page, writeReport('semaphore', semaphoreTrace()));
  assert.equal(s.banner, null, 'a completed run has no banner');
  assert.ok(lane(s, 'worker3').states.blocked > 100e6);
  assert.equal(lane(s, 'worker1').states.blocked, undefined);
  const counters = await page.$$eval('.il-label[data-kind=counter]', (els) => els.map((e) => e.textContent));
  assert.deepEqual(counters, ['poolpermits 0 to 2'], 'the name, then what is counted and its range on its own line');
  assert.ok((s.view?.drawn?.links ?? 0) > 0, 'wake-up arrows are drawn');
  const contention = await page.$$eval('.il-contention tbody tr', (rows) => rows.map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent)));
  assert.deepEqual(contention[0].slice(0, 3), ['Semaphore `pool`', '3', '1 (33 %)']);
  await page.click('.il-prims li[data-prim="1"]');
  assert.equal((await state(page)).view?.pinnedPrim, 1, 'picking from the list lights it up');
  await page.screenshot({ path: join(ARTIFACTS, 'semaphore.png'), fullPage: true });
});

test('the dark and light palettes of the standalone report are legible', async () => {
  await page.click('.il-head button');
  assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(bg, 'rgb(13, 17, 23)');
  assert.deepEqual(await illegibleColours(page), [], 'dark');
  await page.screenshot({ path: join(ARTIFACTS, 'semaphore-dark.png'), fullPage: true });
  await page.click('.il-head button');
  assert.equal(await page.getAttribute('html', 'data-theme'), 'light');
  assert.deepEqual(await illegibleColours(page), [], 'light');
});

test('a truncated or invalid trace shows a clear message, never a blank page', async () => {
  const good = writeReport('truncated', semaphoreTrace());
  const html = (await import('node:fs')).readFileSync(good, 'utf8');
  const start = html.indexOf('id="interleave-trace">') + 'id="interleave-trace">'.length;
  const cut = html.slice(0, start + 300) + html.slice(html.indexOf('</script>', start));
  const file = join(ARTIFACTS, 'truncated.html');
  writeFileSync(file, cut);
  const s = await openReport(page, file);
  assert.match(s.error ?? '', /This trace cannot be read.*looks truncated/s);
  assert.match((await page.textContent('.il-message')) ?? '', /looks truncated/);
  await page.screenshot({ path: join(ARTIFACTS, 'truncated.png') });

  const wrong = html.slice(0, start) + '{"version":1,"meta":{}}' + html.slice(html.indexOf('</script>', start));
  writeFileSync(file, wrong);
  const w = await openReport(page, file);
  assert.match(w.error ?? '', /cannot be read/);
  assert.match((await page.textContent('.il-message pre')) ?? '', /meta/);
});

test('a scenario with a syntax error: the error and its line, not an empty timeline', async () => {
  // As the extension runs it (the CLI prints the error and writes no trace).
  const file = join(ROOT, 'test/fixtures/runtime/broken-syntax.ts');
  const trace = await runScenario({ file, timeLimitS: 30, captureSites: true, sleepScale: 1 }, undefined, { distDir: join(ROOT, 'dist') }).done;
  assert.equal(trace.outcome.error?.kind, 'syntax');
  const s = await openReport(page, writeReport('syntax-error', trace));
  assert.equal(s.error, null);
  assert.match(s.runError?.location ?? '', /broken-syntax\.ts:4:13$/);
  assert.match(s.runError?.message ?? '', /Unexpected ";"/);
  assert.equal(s.view, null, 'no timeline');
  assert.equal(await page.locator('canvas').count(), 0, 'no axis and no lanes');
  assert.equal(await page.locator('.il-summary').count(), 0, 'no empty tables');
  const link = page.locator('.il-run-error .il-link');
  assert.equal(await link.textContent(), 'broken-syntax.ts:4:13');
  assert.ok(await link.evaluate((el) => el === document.activeElement), 'the location has the keyboard focus');
  await page.screenshot({ path: join(ARTIFACTS, 'syntax-error.png') });
  await link.click();
  const reveal = (await posted(page)).find((m) => m.method === 'reveal');
  assert.deepEqual(reveal?.params, { file: trace.outcome.error!.file, line: 4, col: 13 });
  assert.match((await page.textContent('.il-run-error .il-where')) ?? '', /broken-syntax\.ts/);
});
