// Runs the extension-host mocha suites (test/vscode/exthost) inside VS Code's own server
// (server-main.js from code-server 4.139.1 on Node 24), in headless Chromium:
//   node --import tsx test/vscode/run-exthost.ts [trusted|untrusted]...
// The extension under test is the VSIX stage out/vsix (the packaged layout, before zipping):
// run `npm run package` first. Exits with the suites' result.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeLongRun } from '../../bench/long-run-file';
import { fixtureFiles } from './harness/fixtures';
import { bundleExtHostTests, extensionDir, parseSuites, suiteSettings, testsBundle, type ExtHostSuite } from './harness/exthost-bundle';
import { artifactsDir, assertToolsInstalled } from './harness/paths';
import { createSandbox } from './harness/sandbox';
import { startVsCodeServer } from './harness/server';
import type { Page } from 'playwright-core';
import { launchBrowser, screenshot } from './harness/workbench';

// INTERLEAVE_E2E_LONG=1 adds the long-run measurements (long-run.spec.ts): binary traces of 3 M and
// 30 M events are written here first (minutes on a busy machine), and the suite gets longer.
// Not when INTERLEAVE_EXTHOST_GREP leaves that spec out (long-editor-run.spec.ts makes its own runs).
const grep = process.env.INTERLEAVE_EXTHOST_GREP;
const LONG_RUNS = process.env.INTERLEAVE_E2E_LONG && (!grep || new RegExp(grep).test('long runs opens a')) ? [3_000_000, 30_000_000] : [];
// The measured long runs from the editor (long-editor-run.spec.ts) take tens of minutes on a busy machine.
const SUITE_TIMEOUT_MS = process.env.INTERLEAVE_E2E_LONG ? 3_600_000 : 420_000;

async function runSuite(suite: ExtHostSuite): Promise<number> {
  const trusted = suite === 'trusted';
  const sandbox = createSandbox({ settings: suiteSettings(suite) });
  sandbox.env.INTERLEAVE_EXTHOST_SUITE = suite;
  const folder = sandbox.workspace('project', fixtureFiles());
  if (trusted && LONG_RUNS.length) {
    const files = LONG_RUNS.map((n) => {
      const path = join(sandbox.dir, `hammer-${n}.ilvtrace`);
      const written = writeLongRun(path, n);
      console.log(`— wrote ${written.events.toLocaleString('en')} events to ${path}`);
      return { path, ...written };
    });
    sandbox.env.INTERLEAVE_LONG_RUNS = JSON.stringify(files);
  }
  let failed = true;
  const server = await startVsCodeServer(sandbox);
  try {
    const browser = await launchBrowser(sandbox);
    try {
      const page = await browser.newPage();
      const exit = new Promise<number>((resolve) => void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code)));
      page.on('console', (m) => {
        // The workbench prefixes forwarded extension-host output with styling (`%c INFO …`).
        const t = m.text();
        const at = t.indexOf('[ext-test] ');
        if (at >= 0) console.log(t.slice(at + '[ext-test] '.length));
        const shot = /\[ext-test\] screenshot (\S+)/.exec(t);
        if (shot)
          void zoomAndShoot(page, shot[1]).then(
            () => shotDone(shot[1], 'ok'),
            (e) => {
              console.error(`screenshot ${shot[1]}: ${e}`);
              shotDone(shot[1], String(e));
            },
          );
        else if (process.env.INTERLEAVE_E2E_VERBOSE) console.log(`[page ${m.type()}] ${t}`);
      });
      const remote = (p: string) => `vscode-remote://127.0.0.1:${server.port}${p}`;
      const payload = [
        ['extensionDevelopmentPath', remote(extensionDir)],
        ['extensionTestsPath', remote(testsBundle)],
      ];
      const url = `${server.url}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
      console.log(`— extension-host suite "${suite}" (workspace ${trusted ? 'trusted' : 'untrusted'})`);
      await page.goto(url);
      const code = await Promise.race([
        exit,
        new Promise<number>((resolve) => setTimeout(() => (console.error(`suite "${suite}" timed out`), resolve(1)), SUITE_TIMEOUT_MS)),
      ]);
      failed = code !== 0;
      return code;
    } finally {
      await browser.close();
    }
  } finally {
    await server.stop();
    if (failed) console.error(`server log and user data kept in ${sandbox.dir}`);
    else sandbox.dispose();
  }
}

/** The spec waits for this file (`<name>.done` beside the pictures) before it goes on. */
function shotDone(name: string, how: string): void {
  writeFileSync(join(artifactsDir, `${name}.done`), how);
}

/**
 * A spec asked for pictures of the newest timeline panel (long-editor-run.spec.ts): the whole run,
 * then zoomed in with the panel's own + button (each ×1.6) until windows of events are drawn.
 */
async function zoomAndShoot(page: Page, name: string): Promise<void> {
  const view = page.frameLocator('iframe.webview').last().frameLocator('#active-frame');
  await screenshot(page, `${name}-a-whole`);
  const zoomIn = view.locator('button[title="Zoom in (+)"]');
  for (let i = 0; i < 12; i++) await zoomIn.click();
  await page.waitForTimeout(3000);
  await screenshot(page, `${name}-b-zoomed`);
  for (let i = 0; i < 12; i++) await zoomIn.click();
  await page.waitForTimeout(3000);
  await screenshot(page, `${name}-c-zoomed-far`);
}

async function main(): Promise<void> {
  assertToolsInstalled();
  await bundleExtHostTests();
  let worst = 0;
  for (const suite of parseSuites(process.argv.slice(2))) worst = Math.max(worst, await runSuite(suite));
  process.exit(worst);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
