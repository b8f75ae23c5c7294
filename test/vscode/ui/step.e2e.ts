// Step mode and exploration in a real VS Code workbench (code-server), from the packaged VSIX:
// "Step" above the lost-update scenario pauses the run in the panel, a click on a thread's
// button runs it, "run to end" finishes, "fork here" replays to a clicked moment; "⟳ Explore"
// lists the outcomes and a picked one is replayed into the timeline.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Frame } from 'playwright-core';
import { fixtureFiles } from '../harness/fixtures';
import { sessionForFile } from '../harness/session';
import { clickLane, waitForTimeline, type TimelineState } from '../harness/timeline';
import { codeLens, goToLine, openFile, pickQuickItem, screenshot } from '../harness/workbench';

/** The step part of the view's state (webview/app.ts `state().step`). */
interface StepState {
  paused: number | null;
  busy: boolean;
  threads: { thread: number; status: string; cells: string[] }[];
  buttons: { text: string; label: string; disabled: boolean }[];
}
const stepOf = (st: TimelineState) => (st as TimelineState & { step: StepState }).step;
const TITLE = /two unlocked increments/;

const s = sessionForFile({ vsix: process.env.INTERLEAVE_VSIX!, files: fixtureFiles() });
const step = s.step;

async function pausedAfter(after: number): Promise<{ frame: Frame; step: StepState }> {
  const { frame, state } = await waitForTimeline(s.page, `a pause after step ${after}`, (st) => {
    const p = stepOf(st)?.paused;
    return TITLE.test(st.title ?? '') && p !== null && p !== undefined && p > after && !stepOf(st).busy;
  });
  return { frame, step: stepOf(state) };
}

test('Step: pause, a click runs a thread, run to end, fork here pauses again', () =>
  step('step', async () => {
    const page = s.page;
    await openFile(page, 'lost-update.scenario.ts');
    await goToLine(page, 10);
    const lens = codeLens(page, /^\s*Step$/).first();
    await lens.waitFor({ timeout: 30_000 });
    await lens.click();
    let { frame, step: st } = await pausedAfter(0);
    // Run the newest runnable thread until a or b stands at its read of x (line 6).
    for (let i = 0; i < 10 && !st.threads.some((t) => t.status === 'runnable' && t.cells[3] === 'lost-update.scenario.ts:6'); i++) {
      await frame
        .getByRole('button', { name: /to its next scheduling point$/ })
        .last()
        .click();
      ({ frame, step: st } = await pausedAfter(st.paused!));
    }
    const reader = st.threads.find((t) => t.status === 'runnable' && t.cells[3] === 'lost-update.scenario.ts:6');
    assert.ok(reader, JSON.stringify(st.threads));
    assert.equal(reader.cells[2], 'shared.read');
    assert.ok(
      st.threads.some((t) => t.cells[2] === 'Thread.start'),
      `operations named as the user knows them: ${st.threads.map((t) => t.cells[2])}`,
    );
    await page.waitForTimeout(300);
    await screenshot(page, 'step-1-paused-at-read');

    const before = st.paused!;
    await frame.getByRole('button', { name: `Run ${reader.cells[0]} to its next scheduling point` }).click();
    ({ frame, step: st } = await pausedAfter(before));
    const moved = st.threads.find((t) => t.thread === reader.thread);
    assert.equal(moved?.cells[2], 'shared.write', `after its read, ${reader.cells[0]} writes next`);
    await screenshot(page, 'step-2-after-choosing');

    await frame.getByRole('button', { name: 'Stop pausing and let the run finish' }).click();
    const done = await waitForTimeline(
      page,
      'the stepped run, finished',
      (x) => TITLE.test(x.title ?? '') && x.outcome?.kind === 'completed' && !!x.view?.drawn,
    );
    // Everything streamed at the pauses is still drawn (a deterministic run's closing meta once emptied the view).
    assert.ok(
      done.state.lanes.every((l) => (l.states.running ?? 0) > 0),
      `lanes: ${JSON.stringify(done.state.lanes)}`,
    );
    const fork = stepOf(done.state).buttons;
    assert.deepEqual(
      fork.map((b) => [b.text, b.disabled]),
      [['fork here', true]],
    );
    await clickLane(done.frame, reader.cells[0], done.state.durationNs / 2);
    await done.frame.getByRole('button', { name: /^Fork at / }).click();
    await pausedAfter(0);
    await page.waitForTimeout(300);
    await screenshot(page, 'step-3-forked');
  }));

test('⟳ Explore: both outcomes of the lost update; a picked one replays into the timeline', () =>
  step('explore', async () => {
    const page = s.page;
    // The forked run still waits for a choice: its lens stops it, then the scenario's lenses return.
    await codeLens(page, /Running… \(stop\)/)
      .first()
      .click();
    // What it ran up to the stop stays drawn.
    const stopped = await waitForTimeline(
      page,
      'the forked run, stopped',
      (x) => TITLE.test(x.title ?? '') && x.outcome?.kind === 'stopped' && !!x.view?.drawn,
    );
    const main = stopped.state.lanes.find((l) => l.name === 'MainThread');
    assert.ok((main?.states.running ?? 0) > 0, `lanes after the stop: ${JSON.stringify(stopped.state.lanes)}`);
    assert.ok(stopped.state.view!.drawn!.states.includes('running'), `drawn: ${JSON.stringify(stopped.state.view!.drawn)}`);
    await screenshot(page, 'step-4-forked-run-stopped');
    const explore = codeLens(page, '⟳ Explore').first();
    await explore.waitFor({ timeout: 30_000 });
    await explore.click();
    const lost = page.locator('.quick-input-list .monaco-list-row', { hasText: 'x = 1' });
    await lost.first().waitFor({ timeout: 60_000 });
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'x = 2' }).first().waitFor();
    await screenshot(page, 'explore-1-outcomes');
    await pickQuickItem(page, 'x = 1');
    await waitForTimeline(
      page,
      'the replayed lost update',
      (x) => TITLE.test(x.title ?? '') && x.outcome?.kind === 'completed' && stepOf(x).paused === null && stepOf(x).buttons.length === 1,
    );
    await page.waitForTimeout(300);
    await screenshot(page, 'explore-2-replayed');
  }));
