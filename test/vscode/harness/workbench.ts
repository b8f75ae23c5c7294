// Debian's Chromium driven by playwright-core, and the few workbench gestures the suites use.
// Selectors follow VS Code 1.139's DOM (see docs/vscode-e2e.md).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type FrameLocator, type Locator, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../helpers/chromium';
import { artifactsDir } from './paths';
import type { Sandbox } from './sandbox';

export interface Workbench {
  readonly page: Page;
  /** Chromium console lines, newest last (for failure reports). */
  readonly console: string[];
  close(): Promise<void>;
}

export async function launchBrowser(sb: Sandbox): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    env: sb.env as Record<string, string>,
    args: CHROMIUM_ARGS,
  });
}

/** Opens the workbench on `folder` and waits until it is drawn. */
export async function openWorkbench(browser: Browser, url: string): Promise<Workbench> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const lines: string[] = [];
  page.on('console', (m) => lines.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => lines.push(`[pageerror] ${e.message}`));
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  return { page, console: lines, close: () => context.close() };
}

export function folderUrl(serverUrl: string, folder: string): string {
  return `${serverUrl}/?folder=${encodeURIComponent(folder)}`;
}

/**
 * Runs a command by its palette title ("Interleave: Run Concurrency Scenario"). The palette lists
 * the commands known when it opens, and the extension host registers ours a few seconds after the
 * workbench appears: reopen it until the title shows up.
 */
export async function runCommand(page: Page, title: string, timeoutMs = 30_000): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await clickOnceListed(page, row, timeoutMs, async () => {
    await page.keyboard.press('F1');
    await input.waitFor();
    await input.fill(`>${title}`);
  });
}

/**
 * Switches the colour theme as a person does: "Preferences: Color Theme", then the theme's row ("Dark Modern").
 * The built-in themes are listed once their extensions are scanned, a few seconds after start: reopen until it shows.
 */
export async function setColorTheme(page: Page, theme: string, timeoutMs = 30_000): Promise<void> {
  // A row's name is its label, then its description if any ("Dark High Contrast, Default High Contrast").
  const name = new RegExp(`^${theme.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(,|$)`);
  const row = page.locator('.quick-input-list').getByRole('option', { name }).first();
  await clickOnceListed(page, row, timeoutMs, async () => {
    await runCommand(page, 'Preferences: Color Theme');
    await page.locator('.quick-input-widget input').fill(theme);
  });
}

/** Opens a quick input with `open` and clicks `row`; while the row is not listed, closes it and opens it again. */
async function clickOnceListed(page: Page, row: Locator, timeoutMs: number, open: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await open();
    try {
      await row.waitFor({ timeout: 2000 });
      await row.click();
      return;
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await page.keyboard.press('Escape');
    }
  }
}

/** Picks a row of the open quick pick by its label text. */
export async function pickQuickItem(page: Page, text: string): Promise<void> {
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first();
  await row.waitFor();
  await row.click();
}

/**
 * Opens a file at the workspace root by clicking it in the Explorer, and waits for its editor in the active
 * editor group (another group may show the same file: after a reload, the group the click opened it in).
 */
export async function openFile(page: Page, name: string): Promise<void> {
  await page.keyboard.press('Escape');
  const row = page.locator('.explorer-folders-view .monaco-list-row', { has: page.getByText(name, { exact: true }) });
  await row.first().click();
  await activeTab(page, name).waitFor();
  await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().waitFor();
}

/** The active tab of the active editor group, if it shows `name`. */
export function activeTab(page: Page, name: string): Locator {
  return page.locator('.editor-group-container.active .tab.active', { hasText: name });
}

/**
 * Waits until an editor group shows `name` with its cursor on `line` (1-based), wherever the focus ended.
 * A click in a webview focuses its group when VS Code's webview host next polls for focus (every 250 ms),
 * which can come after the editor the click revealed took the focus: then the status bar's "Ln, Col" is
 * gone, but the editor's gutter still marks its cursor's line.
 */
export async function revealedLine(page: Page, name: string, line: number, timeout = 10_000): Promise<void> {
  await page
    .locator('.editor-group-container')
    .filter({ has: page.locator('.tab.active', { hasText: name }) })
    .locator('.monaco-editor .line-numbers.active-line-number', { hasText: new RegExp(`^${line}$`) })
    .first()
    .waitFor({ timeout });
}

/** Moves the cursor of the active editor to `line` (1-based), scrolling it into view. */
export async function goToLine(page: Page, line: number): Promise<void> {
  await runCommand(page, 'Go to Line/Column...');
  await page.keyboard.type(String(line));
  await page.keyboard.press('Enter');
  await page
    .locator('.statusbar-item', { hasText: new RegExp(`^Ln ${line},`) })
    .first()
    .waitFor();
}

/** The content of a webview panel, two iframes deep; `which` picks the first or newest panel. */
export function webview(page: Page, which: 'first' | 'last' = 'last'): FrameLocator {
  const outer = page.frameLocator('iframe.webview');
  return (which === 'first' ? outer.first() : outer.last()).frameLocator('#active-frame');
}

/**
 * Clicks `target` and returns Date.now() in the page at the click's mousedown (a capture listener),
 * so a latency measured from it excludes the test driver's own round trips and actionability checks.
 */
export async function clickTimed(page: Page, target: Locator): Promise<number> {
  await page.evaluate(() => {
    const w = window as unknown as { __clickAt?: number };
    w.__clickAt = undefined;
    document.addEventListener('mousedown', () => (w.__clickAt = Date.now()), { capture: true, once: true });
  });
  await target.click();
  return page.evaluate(() => (window as unknown as { __clickAt: number }).__clickAt);
}

/** The CodeLens links titled `title` that are on screen (a file open in two editor groups has hidden copies too). */
export function codeLens(page: Page, title: string | RegExp): Locator {
  return page.locator('.codelens-decoration a', { hasText: title }).filter({ visible: true });
}

/** Saves a full-page screenshot to test-artifacts/vscode/NAME.png and returns the path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(artifactsDir, { recursive: true });
  const path = join(artifactsDir, `${name}.png`);
  await page.screenshot({ path });
  return path;
}
