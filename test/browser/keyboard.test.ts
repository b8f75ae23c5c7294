// The timeline by keyboard alone, as a screen-reader user drives it: what the live region announces
// after each key, which span is focused and marked on the canvas, and what Enter opens.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import type { IpcMessage, RevealParams } from '../../src/core/protocol/webview';
import { abbaDeadlockTrace, lockDeadlockTrace, semaphoreTrace } from '../helpers/traces';
import { ARTIFACTS, type AppState, openReport, pageForFile, state, writeReport } from './harness';

let page: Page;
pageForFile({ width: 1280, height: 820 }, (p) => (page = p));

const view = async () => (await state(page)).view!;

/** Presses keys on the focused timeline and returns what the live region says afterwards. */
async function press(...keys: string[]): Promise<string> {
  for (const k of keys) await page.keyboard.press(k);
  return (await view()).announced;
}

const laneIx = (s: AppState, name: string) => s.lanes.findIndex((l) => l.name === name);

async function reveals(): Promise<RevealParams[]> {
  const all = await page.evaluate(() => (window as never as { __interleave: { posted(): IpcMessage[] } }).__interleave.posted());
  return all.filter((m) => m.method === 'reveal').map((m) => m.params as RevealParams);
}

/** The canvas pixel dy px from where pointOf puts time t of a lane's state bar (x: the canvas's own x when given), as #rrggbb. */
async function pixel(lane: string, t: number, dy: number, x?: number): Promise<string> {
  return page.evaluate(
    ([l, at, d, fixedX]) => {
      const c = document.querySelector<HTMLCanvasElement>('.il-canvaswrap canvas')!;
      const r = c.getBoundingClientRect();
      const p = (window as never as { __interleave: { pointOf(l: string, t: number): { x: number; y: number } } }).__interleave.pointOf(l, at);
      const dpr = c.width / r.width;
      const px = fixedX ?? p.x - r.left;
      const [R, G, B] = c.getContext('2d')!.getImageData(Math.round(px * dpr), Math.round((p.y - r.top + d) * dpr), 1, 1).data;
      return `#${[R, G, B].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
    },
    [lane, t, dy, x ?? null] as const,
  );
}

test('the aria-label is short and the Keys list is one key (or one button) away', async () => {
  await openReport(page, writeReport('keys-lock-deadlock', lockDeadlockTrace()));
  const label = (await page.getAttribute('.il-body', 'aria-label')) ?? '';
  assert.equal(label, 'Timeline of 3 threads. Press ? for keys.');
  assert.equal(await page.getAttribute('.il-body', 'aria-describedby'), 'il-keys');
  assert.equal(await page.isVisible('#il-keys'), false);
  await page.focus('.il-body');
  await page.keyboard.press('?');
  assert.equal(await page.isVisible('#il-keys'), true);
  assert.equal(await page.getAttribute('.il-status button', 'aria-expanded'), 'true');
  const keys = await page.$$eval('#il-keys dt', (els) => els.map((e) => e.textContent));
  for (const k of ['↑ ↓', '← →', 'Home End', 'Enter', 'W', 'C', 'T', '?']) assert.ok(keys.includes(k), `${k} is listed: ${keys.join(' | ')}`);
  await page.screenshot({ path: join(ARTIFACTS, 'keys-list.png'), fullPage: true });
  await page.keyboard.press('Escape');
  assert.equal(await page.isVisible('#il-keys'), false, 'Escape closes it');
  await page.click('.il-status button');
  assert.equal(await page.isVisible('#il-keys'), true, 'the button opens it too');
  await page.click('.il-status button');
});

test("opening worker1's last span takes four keys: ↓ ↓ End Enter", async () => {
  const s = await openReport(page, writeReport('keys-lock-deadlock', lockDeadlockTrace()));
  await page.focus('.il-body');
  const w1 = laneIx(s, 'worker1');
  assert.match(await press('ArrowDown'), /^MainThread: .*at 0 s: running for/);
  const lane = await press('ArrowDown');
  assert.match(lane, /^worker1: running 120 ms, blocked 200 ms; stuck: .*\. at 0 s: running for/);
  assert.equal(await page.getAttribute(`.il-label[data-lane="${w1}"]`, 'aria-current'), 'true');
  const last = await press('End');
  assert.match(last, /^at 120 ms: blocked on Lock `lock`, never returned \(forever: deadlock\)\. Waits for Lock `lock`, which it already holds since 0 s/);
  assert.match(last, /Source: lock-deadlock\.ts:11\.$/);
  const v = await view();
  // End skips the zero-length mark of how the run ended it (→ reaches it): the wait is the last span with a length.
  assert.deepEqual(v.focus, { lane: w1, span: s.lanes[w1].spans - 2 });

  // The focused span is marked on the canvas: the ring's notch above the lane in the focus colour.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  const focus = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--il-focus').trim());
  // pointOf is 5 px above the state bar's bottom (24 px): the notch's middle is 4 px above the bar's top.
  assert.equal(await pixel('worker1', 220e6, -23), focus.toLowerCase(), 'the notch over the focused span');
  await page.screenshot({ path: join(ARTIFACTS, 'keys-focused-span.png') });

  const details = await press('Enter');
  assert.match(details, /^worker1 · blocked for 200 ms\. 120 ms → 320 ms\. waits for Lock `lock`, which it already holds/);
  assert.match(details, /Source: lock-deadlock\.ts:11$/);
  assert.match((await view()).tooltip ?? '', /worker1 · blocked for 200 ms.*at lock-deadlock\.ts:11/, 'the tooltip shows by keyboard too');
  assert.deepEqual((await reveals()).at(-1), { file: '/synthetic/lock-deadlock.ts', line: 11, col: 5 });
  await page.screenshot({ path: join(ARTIFACTS, 'keys-details.png') });

  // ← and Home walk back; the first span says it is the first.
  assert.match(await press('ArrowLeft'), /^at 0 s: running for 120 ms/);
  await press('Home');
  assert.equal(await press('ArrowLeft'), 'First span of this thread.');
});

test("T tells worker1's story in time order; N steps through its events", async () => {
  const s = await openReport(page, writeReport('keys-lock-deadlock', lockDeadlockTrace()));
  await page.focus('.il-body');
  await press('ArrowDown', 'ArrowDown');
  assert.equal((await view()).focus?.lane, laneIx(s, 'worker1'));
  const story = await press('t');
  assert.match(
    story,
    /^worker1: at 0 s acquired Lock `lock`, while others waited for it; at 120 ms asked for Lock `lock` again — blocked forever: deadlock\. End of the story\.$/,
  );
  assert.match(await press('n'), /^at 0 s acquired Lock `lock`/);
  assert.match(await press('n'), /^at 120 ms asked for Lock `lock` again — blocked forever: deadlock/);
  assert.equal((await view()).focus?.span, 1, 'the focus follows the event to its span');
  assert.equal(await press('n'), 'No more events on this thread.');
  assert.match(await press('N'), /^at 0 s acquired/, 'Shift+N goes back');
});

test('W follows the wake-up arrow from worker3 to the worker whose release let it in, Backspace comes back', async () => {
  const s = await openReport(page, writeReport('keys-semaphore', semaphoreTrace()));
  await page.focus('.il-body');
  const w3 = laneIx(s, 'worker3');
  await press('ArrowUp');
  assert.equal((await view()).focus?.lane, w3, '↑ from nowhere starts at the last thread');
  const blocked = await press('n');
  assert.match(blocked, /^at 6 ms asked for Semaphore `pool` — blocked for /);
  const woken = await press('w');
  assert.match(woken, /^Woken by worker1: worker1 released Semaphore `pool` at 122 ms, which let worker3 acquire it at 122 ms\. Backspace goes back\.$/);
  const v = await view();
  assert.equal(v.focus?.lane, laneIx(s, 'worker1'));
  assert.equal(await page.getAttribute(`.il-label[data-lane="${laneIx(s, 'worker1')}"]`, 'aria-current'), 'true');
  await page.screenshot({ path: join(ARTIFACTS, 'keys-waker.png') });
  assert.match(await press('Backspace'), /^Back to worker3\. at 6 ms: blocked on Semaphore `pool` for /);
  assert.equal((await view()).focus?.lane, w3);
  assert.equal(await press('Backspace'), 'Nowhere to go back to.');

  // Who holds what, in words: worker3's acquire names the permit holders; the counter reads as values over time.
  const story = await press('t');
  assert.match(story, /at 122 ms woken: worker1 released Semaphore `pool` at 122 ms/);
  assert.match(story, /at 122 ms acquired a permit of Semaphore `pool` \(now held by worker2 and worker3\)/);
  const counter = await page.getAttribute('.il-label[data-kind=counter]', 'aria-label');
  assert.match(counter ?? '', /^Semaphore `pool` permits: 2 from 0 s, 1 from 2 ms, 0 from 4 ms, 1 from 122 ms, 0 from 122 ms, /);
});

test("C walks the deadlock's wait-for loop, thread by thread", async () => {
  const s = await openReport(page, writeReport('keys-abba', abbaDeadlockTrace()));
  await page.focus('.il-body');
  const first = await press('c');
  assert.match(first, /^Deadlock loop, 1 of 2: alice waits for Lock `forkB` held by bob since .*\. Next in the loop: bob\.$/);
  assert.equal((await view()).focus?.lane, laneIx(s, 'alice'));
  const second = await press('c');
  assert.match(second, /^Deadlock loop, 2 of 2: bob waits for Lock `forkA` held by alice since .*\. Next in the loop: alice\.$/);
  assert.equal((await view()).focus?.lane, laneIx(s, 'bob'));
  await page.screenshot({ path: join(ARTIFACTS, 'keys-loop.png') });
  assert.match(await press('c'), /^Deadlock loop, 1 of 2: alice/, 'and around again');

  await openReport(page, writeReport('keys-semaphore', semaphoreTrace()));
  await page.focus('.il-body');
  assert.equal(await press('c'), 'No thread is stuck in this run (completed).');
});

test('the focused lane is marked at 3:1: a 2 px ring on its label and a frame in the focus colour on the canvas', async () => {
  const s = await openReport(page, writeReport('keys-lock-deadlock', lockDeadlockTrace()));
  await page.focus('.il-body');
  await press('ArrowDown', 'ArrowDown');
  const w1 = laneIx(s, 'worker1');
  const ring = await page.$eval(`.il-label[data-lane="${w1}"]`, (e) => getComputedStyle(e).boxShadow);
  assert.match(ring, /0px 0px 0px 2px inset$/);
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  const focus = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--il-focus').trim());
  // The frame's top line: 4 px above the lane (pointOf is 19 px below its top).
  assert.equal(await pixel('worker1', 0, -23, 40), focus.toLowerCase());
});
