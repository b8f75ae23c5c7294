// Findings confirmed by replay in a real workbench: the naive philosophers complete in real time,
// Problems warns of the potential deadlock, the warning turns "confirmed" once the replay search (in
// a runner process) finds a schedule, and so does the panel's findings list; the quick fix "Replay
// the confirming schedule" is offered, and the panel's Replay button shows that schedule's
// deadlock in the panel.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Frame, Page } from 'playwright-core';
import { fixtureFiles } from '../harness/fixtures';
import { sessionForFile } from '../harness/session';
import { timelines, waitForTimeline } from '../harness/timeline';
import { codeLens, goToLine, openFile, runCommand, screenshot } from '../harness/workbench';

const s = sessionForFile({ vsix: process.env.INTERLEAVE_VSIX!, files: fixtureFiles() });
const TITLE = /^naive philosophers, no pause/;

async function problems(page: Page): Promise<string> {
  await runCommand(page, 'View: Focus Problems');
  const panel = page.locator('.markers-panel');
  await panel.waitFor();
  return panel.innerText();
}

/**
 * The frame of the panel whose findings list says "Confirmed by replay", found afresh each poll: a
 * webview the workbench re-created meanwhile leaves an old frame that never changes again.
 */
async function confirmedPanel(page: Page): Promise<Frame> {
  let seen: string[] = [];
  for (const deadline = Date.now() + 60_000; ; await page.waitForTimeout(500)) {
    for (const t of await timelines(page)) {
      if (!TITLE.test(t.state.title ?? '')) continue;
      seen = await t.frame
        .locator('.il-finding-status')
        .allTextContents()
        .catch(() => []);
      if (seen.some((x) => /^Confirmed by replay:\s*a deterministic schedule deadlocks on these locks/.test(x))) return t.frame;
    }
    if (Date.now() > deadline) throw new Error(`the panel's findings list never said "Confirmed by replay"; it said ${JSON.stringify(seen)}`);
  }
}

/** The lens is drawn again while TypeScript analyses the file: a click may find it replaced, so it is retried. */
async function clickLens(page: Page, title: string): Promise<void> {
  for (const deadline = Date.now() + 60_000; ;) {
    try {
      return await codeLens(page, title).first().click({ timeout: 5_000 });
    } catch (e) {
      if (Date.now() > deadline) throw e;
    }
  }
}

test('naive philosophers: warning → confirmed by replay → quick fix → the panel shows the deadlock', () =>
  s.step('findings-philosophers', async () => {
    const page = s.page;
    await openFile(page, 'philosophers.scenario.ts');
    await goToLine(page, 16);
    // In real time each diner is usually done before the next starts; a run that deadlocked is run again.
    let completed = false;
    for (let i = 0; i < 4 && !completed; i++) {
      await clickLens(page, '▶ Run');
      const { state } = await waitForTimeline(page, 'the run to end', (st) => TITLE.test(st.title ?? '') && !st.live && !!st.outcome, 60_000);
      completed = state.outcome!.kind === 'completed';
    }
    assert.ok(completed, 'a real-time run of the naive philosophers completed');

    let list = '';
    for (const deadline = Date.now() + 90_000; !/confirmed by replay\)/.test(list) && Date.now() < deadline; await page.waitForTimeout(1000))
      list = await problems(page);
    assert.match(
      list,
      /Potential deadlock: p\d, p\d, p\d, p\d and p\d take 5 Locks `fork-0` … `fork-4`.* in a cycle \(confirmed by replay\) — replay it with the quick fix/,
    );
    await screenshot(page, '6a-philosophers-confirmed');

    // The panel's findings list says so too, with a Replay button (the panel's view is re-sent its findings).
    let replayButton = (await confirmedPanel(page)).locator('.il-finding-replays button', { hasText: 'Replay: the deadlock' });
    await replayButton.scrollIntoViewIfNeeded();
    await screenshot(page, '6a-philosophers-confirmed-panel');

    // The cursor on a warned acquisition (`right.acquire()`, line 11, inside the warning: it runs from the call's
    // site, column 9, to the line's end), then the quick fix.
    await runCommand(page, 'Go to Line/Column...');
    await page.keyboard.type('11:9');
    await page.keyboard.press('Enter');
    await page
      .locator('.statusbar-item', { hasText: /^Ln 11, Col 9/ })
      .first()
      .waitFor();
    await page.keyboard.press('Control+Period');
    const fix = page.locator('.action-widget .monaco-list-row', { hasText: 'Replay the confirming schedule' }).first();
    await fix.waitFor({ timeout: 15_000 });
    await screenshot(page, '6b-philosophers-quick-fix');
    // The quick fix replays as the exthost suite checks (runs.spec.ts); here the panel's button does.
    await page.keyboard.press('Escape');
    replayButton = (await confirmedPanel(page)).locator('.il-finding-replays button', { hasText: 'Replay: the deadlock' });
    await replayButton.click();

    const { state } = await waitForTimeline(page, 'the replayed deadlock', (st) => TITLE.test(st.title ?? '') && st.outcome?.kind === 'deadlock', 60_000);
    await page.waitForTimeout(300);
    await screenshot(page, '6c-philosophers-replayed-deadlock');
    assert.equal(state.outcome!.cycle.length, 5);
    assert.match(state.banner ?? '', /deadlock/i);
    assert.match(await problems(page), /Deadlock: p\d waits for Lock `fork-\d`, held by p\d/);
  }));
