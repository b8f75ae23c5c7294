// "New Scenario File" from the command palette, in a workspace: a starter that runs as it is.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { axeReport, axeViolations } from '../../helpers/axe';
import { illegibleColours } from '../../helpers/legibility';
import { startSession, type Session } from '../harness/session';
import { waitForTimeline } from '../harness/timeline';
import { activeTab, codeLens, runCommand, screenshot, setColorTheme } from '../harness/workbench';

let s: Session;
before(async () => {
  s = await startSession({ vsix: process.env.INTERLEAVE_VSIX!, files: { 'README.md': '# an empty project\n' } });
});
after(async () => s?.close());

test('New Scenario File writes new.scenario.ts, which runs with ▶ Run and completes', async () => {
  const page = s.workbench.page;
  await runCommand(page, 'Interleave: New Scenario File');
  await activeTab(page, 'new.scenario.ts').waitFor();
  await page.locator('.notifications-toasts', { hasText: 'created new.scenario.ts' }).waitFor();
  const text = (await page.locator('.monaco-editor .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
  assert.match(text, /import \{ scenario, Thread, Lock, shared, sleep, log \} from 'interleave';/);
  const run = codeLens(page, '▶ Run').first();
  await run.waitFor({ timeout: 30_000 });
  await run.click();
  const { state } = await waitForTimeline(page, 'the starter run', (st) => st.outcome?.kind === 'completed' && !!st.view?.drawn);
  assert.deepEqual(
    state.lanes.map((l) => l.name),
    ['MainThread', 'depositor-1', 'depositor-2'],
  );
  await page.waitForTimeout(300);
  await screenshot(page, '0-new-scenario-file');
});

test('the timeline follows the colour theme: dark, high contrast and light stay legible, with no axe violations', async () => {
  const page = s.workbench.page;
  const themes = [
    ['Dark Modern', 'vscode-dark'],
    ['Dark High Contrast', 'vscode-high-contrast'],
    ['Light Modern', 'vscode-light'],
  ] as const;
  for (const [theme, bodyClass] of themes) {
    await setColorTheme(page, theme);
    const { frame } = await waitForTimeline(page, 'the starter run', (st) => st.outcome?.kind === 'completed' && !!st.view?.drawn);
    await frame.waitForFunction((c) => document.body.classList.contains(c), bodyClass, { timeout: 30_000 });
    await page.waitForTimeout(300);
    assert.deepEqual(await illegibleColours(frame), [], theme);
    assert.equal(axeReport(await axeViolations(frame)), '', `axe in the panel, ${theme}`);
    await screenshot(page, `0b-theme-${bodyClass}`);
  }
});
