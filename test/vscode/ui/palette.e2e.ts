import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSession, type Session } from '../harness/session';
import { runCommand, screenshot } from '../harness/workbench';

let s: Session;
before(async () => {
  s = await startSession({ vsix: process.env.INTERLEAVE_VSIX!, files: { 'README.md': '# test\n' } });
});
after(async () => s?.close());

test('New Scenario File opens the starter from the command palette', async () => {
  const page = s.workbench.page;
  await runCommand(page, 'Interleave: New Scenario File');
  await page.locator('.monaco-editor .view-lines', { hasText: 'scenario(' }).first().waitFor();
  await page.locator('.notifications-toasts', { hasText: 'save it as' }).waitFor();
  await screenshot(page, 'new-scenario-file');
  const text = (await page.locator('.monaco-editor .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
  assert.match(text, /import \{ scenario, Thread/);
});
