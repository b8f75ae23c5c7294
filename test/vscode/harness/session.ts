// One end-to-end session: sandbox → VSIX installed → code-server → Chromium on the workbench.
// close() always stops the browser and the server (by pid) and removes the sandbox unless kept.
import { after, before } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { assertToolsInstalled } from './paths';
import { createSandbox, type Sandbox, type SandboxOptions } from './sandbox';
import { installVsix, startCodeServer, type Server } from './server';
import { folderUrl, launchBrowser, openWorkbench, screenshot, type Workbench } from './workbench';

export interface Session {
  readonly sandbox: Sandbox;
  readonly server: Server;
  readonly browser: Browser;
  readonly workbench: Workbench;
  readonly folder: string;
  close(): Promise<void>;
}

export interface SessionOptions extends SandboxOptions {
  vsix: string;
  /** Workspace files, path → text. */
  files: Record<string, string>;
  /** Keep the sandbox folder (logs, user data) after close, e.g. when a test failed. */
  keep?: () => boolean;
}

export async function startSession(options: SessionOptions): Promise<Session> {
  assertToolsInstalled();
  const sandbox = createSandbox(options);
  const cleanups: (() => Promise<void> | void)[] = [];
  const close = async () => {
    for (const c of cleanups.reverse()) await Promise.resolve(c()).catch((e) => console.error('cleanup:', e));
    if (options.keep?.()) console.error(`sandbox kept at ${sandbox.dir}`);
    else sandbox.dispose();
  };
  try {
    const folder = sandbox.workspace('project', options.files);
    installVsix(sandbox, options.vsix);
    const server = await startCodeServer(sandbox, { workspaceTrust: options.trust ?? false });
    cleanups.push(() => server.stop());
    const browser = await launchBrowser(sandbox);
    cleanups.push(() => browser.close());
    const workbench = await openWorkbench(browser, folderUrl(server.url, folder));
    return { sandbox, server, browser, workbench, folder, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/**
 * A session for one test file: started before its tests, closed after them. `step` runs one flow;
 * if it fails, the workbench is screenshot (FAILED-name) and the sandbox (logs, user data) is kept.
 */
export function sessionForFile(options: Omit<SessionOptions, 'keep'>): {
  readonly page: Page;
  readonly sandbox: Sandbox;
  step(name: string, body: () => Promise<void>): Promise<void>;
} {
  let session: Session | undefined;
  let failed = false;
  before(async () => {
    session = await startSession({ ...options, keep: () => failed });
  });
  after(async () => session?.close());
  return {
    get page() {
      return session!.workbench.page;
    },
    get sandbox() {
      return session!.sandbox;
    },
    async step(name, body) {
      try {
        await body();
      } catch (e) {
        failed = true;
        await screenshot(session!.workbench.page, `FAILED-${name}`).catch(() => {});
        throw e;
      }
    },
  };
}
