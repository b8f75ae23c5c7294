// The extension in a real VS Code workbench (code-server), installed from the packaged VSIX:
// the four flows of issue 4, in order, in one session (the last one reloads the window).
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fixtureFiles } from '../harness/fixtures';
import { artifactsDir } from '../harness/paths';
import { keptRunFiles } from '../harness/sandbox';
import { sessionForFile } from '../harness/session';
import { clickLane, waitForTimeline } from '../harness/timeline';
import { clickTimed, codeLens, goToLine, openFile, pickQuickItem, runCommand, screenshot, revealedLine } from '../harness/workbench';

const s = sessionForFile({ vsix: process.env.INTERLEAVE_VSIX!, files: fixtureFiles() });
const step = s.step;
const timings: Record<string, number | number[]> = {};
after(() => {
  mkdirSync(artifactsDir, { recursive: true });
  writeFileSync(join(artifactsDir, 'timings.json'), JSON.stringify(timings, null, 2) + '\n');
});

/** The Problems panel's text; with `until`, once it shows that (other providers' entries may come first). */
async function problems(until?: RegExp): Promise<string> {
  const page = s.page;
  await runCommand(page, 'View: Focus Problems');
  const panel = page.locator('.markers-panel');
  await panel.waitFor();
  if (until) await panel.getByText(until).first().waitFor({ timeout: 30_000 });
  return panel.innerText();
}

test('palette: Run Concurrency Scenario → the Semaphore example → lanes and states drawn', () =>
  step('palette-semaphore', async () => {
    const page = s.page;
    await runCommand(page, 'Interleave: Run Concurrency Scenario');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Built-in examples' }).first().waitFor();
    await screenshot(page, '1a-scenario-picker');
    await page.locator('.quick-input-widget input').fill('Semaphore');
    await pickQuickItem(page, 'Semaphore(2)');
    const { state } = await waitForTimeline(
      page,
      'the Semaphore run, complete',
      (st) => /^Semaphore\(2\)/.test(st.title ?? '') && st.outcome?.kind === 'completed' && !!st.view?.drawn,
    );
    // What a settled frame paints (the panel may still be laying out when the run ends: a frame then can cull lanes).
    const PAINTED = ['running', 'blocked', 'sleeping', 'joining'];
    const settled = await waitForTimeline(page, 'every state painted', (st) => PAINTED.every((x) => st.view?.drawn?.states.includes(x)), 10_000).catch(
      () => undefined,
    );
    await page.waitForTimeout(300);
    await screenshot(page, '1b-semaphore-timeline');
    assert.ok(state.lanes.length >= 4, `MainThread and three workers: ${state.lanes.map((l) => l.name)}`);
    const workers = state.lanes.filter((l) => l.name !== 'MainThread');
    assert.ok(
      workers.every((l) => (l.states.running ?? 0) > 0),
      'every worker ran',
    );
    assert.ok(
      workers.some((l) => (l.states.blocked ?? 0) > 0),
      'a worker waited for a permit',
    );
    assert.ok(settled, `painted: ${(await waitForTimeline(page, 'a frame', (st) => !!st.view?.drawn)).state.view!.drawn!.states}`);
  }));

test('CodeLens ▶ Run above the seed Lock scenario → deadlock banner, Problems entry, click → cursor on the line', () =>
  step('codelens-deadlock', async () => {
    const page = s.page;
    await openFile(page, 'lock.scenario.ts');
    await goToLine(page, 28);
    const run = codeLens(page, '▶ Run').first();
    await run.waitFor({ timeout: 30_000 });
    await screenshot(page, '2a-lock-codelens');
    const clicked = await clickTimed(page, run);
    // Run → first lane painted: the click's mousedown to the webview's first frame with a lane.
    const first = await waitForTimeline(page, 'a first lane', (st) => /Lock re-acquired/.test(st.title ?? '') && !!st.view?.firstLaneAt);
    timings.firstLanePaintedNewPanelMs = first.state.view!.firstLaneAt! - clicked;
    // Where a new panel's time goes: VS Code making the webview, our page starting, the run's first events.
    const w = first.state.timings;
    timings.newPanelPageStartMs = Math.round(w.navigationAt! - clicked);
    timings.newPanelReadyMs = w.readyAt! - clicked;
    timings.newPanelLiveBeganMs = w.liveBeganAt! - clicked;
    const { frame, state } = await waitForTimeline(page, 'the deadlock', (st) => /Lock re-acquired/.test(st.title ?? '') && st.outcome?.kind === 'deadlock');
    await page.waitForTimeout(300);
    await screenshot(page, '2b-lock-deadlock-timeline');
    assert.match(state.banner ?? '', /deadlock/i);
    assert.match(state.banner ?? '', /worker1/);
    await codeLens(page, 'deadlock').first().waitFor();

    const list = await problems();
    assert.match(list, /Deadlock: worker1 waits for Lock `lock`, held by worker1/);
    await screenshot(page, '2c-lock-problems');

    // worker1 is blocked from its second acquire (line 10) to the end: click late in that span.
    await clickLane(frame, 'worker1', state.durationNs * 0.95);
    await revealedLine(page, 'lock.scenario.ts', 10);
    await screenshot(page, '2d-lock-click-reveals-line');
  }));

test('rerun through the existing panel: Run → first lane painted', () =>
  step('rerun-timing', async () => {
    const page = s.page;
    await goToLine(page, 28);
    const run = codeLens(page, '▶ Run').first();
    const samples: number[] = [];
    // Five reruns: the figure BENCHMARKS.md records is their median.
    let lostClicks = 0;
    for (let i = 0; i < 5; i++) {
      // A CodeLens that VS Code re-renders under the pointer (it re-resolves lenses after a scroll)
      // loses the click, as it would a person's: then no run starts, and the click is made again.
      for (;;) {
        await run.waitFor();
        const clicked = await clickTimed(page, run);
        const hit = await waitForTimeline(
          page,
          'a live first lane',
          (st) => /Lock re-acquired/.test(st.title ?? '') && (st.view?.firstLaneAt ?? 0) >= clicked,
          5_000,
        ).catch(() => undefined);
        if (hit) {
          samples.push(hit.state.view!.firstLaneAt! - clicked);
          break;
        }
        assert.ok(++lostClicks < 3, 'three clicks on ▶ Run started no run');
      }
      await waitForTimeline(page, 'the deadlock again', (st) => /Lock re-acquired/.test(st.title ?? '') && st.outcome?.kind === 'deadlock');
    }
    timings.firstLanePaintedReusedPanelMs = samples;
    timings.lostClicks = lostClicks;
    assert.ok(
      samples.every((ms) => ms > 0),
      `each lane is painted after its click: ${samples}`,
    );
  }));

test("the deadlock by keyboard in the panel: ↓ ↓ End reads worker1's wait, Enter opens its line, C reads the loop", () =>
  step('keyboard-deadlock', async () => {
    const page = s.page;
    const { frame } = await waitForTimeline(
      page,
      'the deadlock',
      (st) => /Lock re-acquired/.test(st.title ?? '') && st.outcome?.kind === 'deadlock' && !!st.view?.drawn,
    );
    const said = async (...keys: string[]) => {
      for (const k of keys) await page.keyboard.press(k);
      return (await waitForTimeline(page, 'an announcement', (st) => /Lock re-acquired/.test(st.title ?? ''))).state.view!.announced;
    };
    await frame.locator('.il-body').focus();
    // ↓ until worker1 (the click above left the keyboard on one of its spans; ↓ wraps around the lanes).
    let lane = '';
    for (let i = 0; i < 4 && !lane.startsWith('worker1:'); i++) lane = await said('ArrowDown');
    assert.match(lane, /^worker1: .*blocked .*; stuck: /);
    const wait = await said('End');
    assert.match(wait, /^at [\d.]+ m?s: blocked on Lock `lock`, never returned \(forever: deadlock\)\. Waits for Lock `lock`, which it already holds/);
    assert.match(wait, /Source: lock\.scenario\.ts:10\.$/);
    await page.waitForTimeout(200);
    await screenshot(page, '2e-lock-keyboard-focused-span');
    await frame.locator('.il-body').focus();
    assert.match(await said('Enter'), /Source: lock\.scenario\.ts:10$/);
    await revealedLine(page, 'lock.scenario.ts', 10);
    await frame.locator('.il-body').focus();
    assert.match(await said('c'), /^Deadlock loop, 1 of 1: worker1 waits for Lock `lock`, which it already holds .*Next in the loop: worker1 itself\.$/);
    await said('?');
    await page.waitForTimeout(200);
    await screenshot(page, '2f-lock-keyboard-keys-list');
    // Back to the editor, where the next flow starts.
    await openFile(page, 'lock.scenario.ts');
  }));

test('a scenario with a syntax error → diagnostic on its line', () =>
  step('syntax-error', async () => {
    const page = s.page;
    await openFile(page, 'broken.scenario.js');
    await goToLine(page, 4);
    const run = codeLens(page, '▶ Run').first();
    await run.waitFor({ timeout: 30_000 });
    await run.click();
    // TypeScript's own "')' expected." may be listed before the run's diagnostic arrives.
    const list = await problems(/Syntax error: Expected "\)" but found ";"/);
    assert.match(list, /Syntax error: Expected "\)" but found ";"/);
    assert.match(list, /\[Ln 5, Col 12\]/);
    await page.locator('.monaco-editor .squiggly-error').first().waitFor();
    await screenshot(page, '3-syntax-error-diagnostic');
    // The panel shows the error and where it is, not an empty timeline; its location opens the line.
    const { frame, state } = await waitForTimeline(page, 'the syntax error', (st) => !!st.runError);
    assert.match(state.runError!.location ?? '', /broken\.scenario\.js:5:12$/);
    assert.match(state.runError!.message, /Expected "\)" but found ";"/);
    assert.equal(state.lanes.length, 0);
    assert.equal(await frame.locator('canvas').count(), 0, 'no axis, no lanes');
    const link = frame.locator('.il-run-error .il-link');
    assert.match((await link.textContent()) ?? '', /broken\.scenario\.js:5:12$/);
    await screenshot(page, '3b-syntax-error-panel');
    // Opening another file here would cover the panel in its group; the cursor is on line 4 until the link moves it.
    assert.equal(await page.locator('.statusbar-item', { hasText: /^Ln 5, Col 12/ }).count(), 0);
    await link.click();
    await revealedLine(page, 'broken.scenario.js', 5);
  }));

test('after a window reload the panel comes back with its trace', () =>
  step('reload', async () => {
    const page = s.page;
    // The syntax error's run is the last one: it comes back if it was kept before the reload (a person
    // cannot reload within the moment that takes; deactivate() also waits for it).
    const deadline = Date.now() + 30_000;
    while (!keptRunFiles(s.sandbox)[0]?.endsWith('broken.scenario.js')) {
      assert.ok(Date.now() < deadline, `the syntax error's run was never kept: ${keptRunFiles(s.sandbox)}`);
      await page.waitForTimeout(100);
    }
    await page.reload();
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    // Panels in background tabs are restored when shown: bring the Lock panel's tab forward.
    await page.locator('.tab', { hasText: 'Interleave: Lock re-acquired' }).first().click();
    const { state } = await waitForTimeline(
      page,
      'the restored Lock trace',
      (st) => /Lock re-acquired/.test(st.title ?? '') && st.outcome?.kind === 'deadlock' && !!st.view?.drawn,
      60_000,
    );
    assert.ok(state.lanes.some((l) => l.name === 'worker1'));
    await page.waitForTimeout(300);
    await screenshot(page, '4-restored-after-reload');
    // The last run before the reload (the syntax error) is back in Problems; the Lock run's outcome on its CodeLens.
    assert.match(await problems(), /Syntax error: Expected "\)" but found ";"/);
    await openFile(page, 'lock.scenario.ts');
    await goToLine(page, 28);
    await codeLens(page, 'deadlock').first().waitFor({ timeout: 30_000 });
    await screenshot(page, '4b-restored-problems-and-codelens');
  }));
