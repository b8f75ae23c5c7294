// Step mode in the panel, in real Chromium: pauses of a real step-mode run of the lost-update
// scenario reach the view through an injected transport (as the VS Code panel sends them); the
// person's clicks must come back as typed step messages, and the next pause must replace the last.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { RunnerToHost, StepPause } from '../../src/core/protocol/runner';
import {
  HostCapabilities,
  LiveAppend,
  LiveBegin,
  LiveEnd,
  type LiveAppendParams,
  StepBack,
  StepChoose,
  StepFork,
  StepPaused,
} from '../../src/core/protocol/webview';
import type { Trace } from '../../src/core/trace/format';
import { LiveFeed } from '../../src/extension/live-feed';
import { runScenario, type RunHandle } from '../../src/runtime/host/run';
import { stepOptions } from '../../src/runtime/host/step';
import { ARTIFACTS, type AppState, deliver, hostedPage, posted, state } from './harness';
import { launchChromium } from '../helpers/chromium';

const fixture = join(__dirname, '../deterministic/fixtures/lost-update.ts');

interface Recorded {
  pauses: { pause: StepPause; sofar: LiveAppendParams }[];
  trace: Trace;
}

/** A real step-mode run: the last candidate goes at each of the first three pauses, then to the end. */
async function recordStepRun(): Promise<Recorded> {
  const feed = new LiveFeed();
  const pauses: Recorded['pauses'] = [];
  let handle: RunHandle | undefined;
  handle = runScenario(stepOptions({ file: fixture, timeLimitS: 30, captureSites: true, sleepScale: 1 }), (m: RunnerToHost) => {
    feed.accept(m);
    if (m.type !== 'paused') return;
    pauses.push({ pause: m.pause, sofar: feed.snapshot() });
    handle!.step(pauses.length <= 3 ? { kind: 'thread', thread: m.pause.candidates[m.pause.candidates.length - 1] } : { kind: 'toEnd' });
  });
  return { pauses, trace: await handle.done };
}

let browser: Browser;
let page: Page;
let run: Recorded;
before(async () => {
  [browser, run] = await Promise.all([launchChromium(), recordStepRun()]);
  page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
});
after(async () => browser?.close());

async function until(pred: (s: AppState) => boolean): Promise<AppState> {
  for (let i = 0; i < 100; i++) {
    const s = await state(page);
    if (pred(s)) return s;
    await page.waitForTimeout(50);
  }
  throw new Error(`state never matched: ${JSON.stringify((await state(page)).step)}`);
}

test('a pause lists every thread; a click sends the choice; the next pause replaces it', async () => {
  assert.ok(run.pauses.length >= 4, `the run paused ${run.pauses.length} times`);
  const [first, second] = run.pauses;
  await hostedPage(page);
  await deliver(page, LiveBegin.create({ meta: run.trace.meta }));
  await deliver(page, LiveAppend.create(first.sofar));
  await deliver(page, StepPaused.create({ pause: first.pause }));
  const s1 = await until((s) => s.step.paused === first.pause.step && s.step.threads.length > 0);
  assert.deepEqual(
    s1.step.threads.map((t) => [t.thread, t.cells[0], t.cells[2]]),
    first.pause.threads.map((t) => [t.thread, t.name, t.next]),
  );
  const runButtons = s1.step.buttons.filter((b) => b.text.startsWith('▶ run '));
  assert.equal(runButtons.length, first.pause.candidates.length, 'one button per thread that may go next');
  assert.ok(s1.step.buttons.some((b) => b.label === 'Stop pausing and let the run finish' && !b.disabled));

  const chosen = first.pause.threads.find((t) => t.thread === first.pause.candidates[first.pause.candidates.length - 1])!;
  await page.getByRole('button', { name: `Run ${chosen.name} to its next scheduling point` }).click();
  const sent = (await posted(page)).at(-1);
  assert.ok(StepChoose.is(sent), JSON.stringify(sent));
  assert.deepEqual(sent.params.command, { kind: 'thread', thread: chosen.thread });
  const waiting = await state(page);
  assert.equal(waiting.step.busy, true);
  const choices = waiting.step.buttons.filter((b) => !b.label.startsWith('Open '));
  assert.ok(choices.length > 0 && choices.every((b) => b.disabled), 'no second choice before the next pause');

  await deliver(page, LiveAppend.create(second.sofar));
  await deliver(page, StepPaused.create({ pause: second.pause }));
  const s2 = await until((s) => s.step.paused === second.pause.step && !s.step.busy);
  assert.ok(second.pause.step > first.pause.step);
  assert.deepEqual(
    s2.step.threads.map((t) => [t.thread, t.status, t.cells[2]]),
    second.pause.threads.map((t) => [t.thread, t.status, t.next]),
  );
  const read = s2.step.threads.flatMap((t) => t.cells).find((c) => /^lost-update\.ts:\d+$/.test(c));
  assert.ok(read, 'a thread’s source line is shown');
  await page.screenshot({ path: join(ARTIFACTS, 'step-paused.png') });

  await page.getByRole('button', { name: 'Go back one step: replay the run up to the pause before this one' }).click();
  assert.ok(StepBack.is((await posted(page)).at(-1)));
  await deliver(page, StepPaused.create({ pause: second.pause }));
  await page.getByRole('button', { name: 'Run on until the running thread blocks, then pause again' }).click();
  const until1 = (await posted(page)).at(-1);
  assert.ok(StepChoose.is(until1) && until1.params.command.kind === 'untilBlock');
});

test('a finished deterministic trace forks at the moment clicked on the timeline', async () => {
  await hostedPage(page);
  await deliver(page, HostCapabilities.create({ fork: true }));
  await deliver(page, LiveBegin.create({ meta: run.trace.meta }));
  await deliver(page, LiveAppend.create(run.pauses.at(-1)!.sofar));
  await deliver(page, StepPaused.create({ pause: run.pauses.at(-1)!.pause }));
  await until((s) => s.step.paused !== null);
  await deliver(page, LiveEnd.create({ outcome: run.trace.outcome }));
  const ended = await until((s) => !s.live && s.step.paused === null && !!s.view?.drawn);
  assert.deepEqual(
    ended.step.buttons.map((b) => [b.text, b.disabled]),
    [['fork here', true]],
    'nothing to fork at before a click',
  );

  const write = run.trace.events.find((e) => e.k === 'sharedWrite')!;
  const lane = run.trace.threads.findIndex((t) => t.id === write.th);
  const at = await page.evaluate(
    ([name, t]) => (window as never as { __interleave: { pointOf(l: string, t: number): { x: number; y: number } } }).__interleave.pointOf(name, t),
    [run.trace.threads[lane].name, write.t] as const,
  );
  await page.mouse.click(at.x, at.y);
  const marked = await until((s) => s.step.markNs !== null);
  const nsPerPx = (marked.view!.window.t1 - marked.view!.window.t0) / marked.view!.window.width;
  assert.ok(Math.abs(marked.step.markNs! - write.t) <= 2 * nsPerPx, `marked ${marked.step.markNs} near ${write.t}`);
  await page.getByRole('button', { name: /^Fork at / }).click();
  const fork = (await posted(page)).at(-1);
  assert.ok(StepFork.is(fork), JSON.stringify(fork));
  assert.equal(fork.params.atNs, marked.step.markNs);
});

test('a realtime trace offers no fork, and a host without fork shows none', async () => {
  await hostedPage(page);
  await deliver(page, LiveBegin.create({ meta: { ...run.trace.meta, mode: 'realtime' } }));
  await deliver(page, LiveAppend.create(run.pauses.at(-1)!.sofar));
  await deliver(page, HostCapabilities.create({ fork: true }));
  await deliver(page, LiveEnd.create({ outcome: run.trace.outcome }));
  const s = await until((st) => !st.live && !!st.view?.drawn);
  assert.deepEqual(s.step.buttons, []);
});
