// A per-run folder that code-server, VS Code's server and Chromium write into instead of $HOME and
// /tmp: TMPDIR, XDG_* dirs, config.yaml, user data (with User/settings.json) and extensions.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Sandbox {
  readonly dir: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  readonly configFile: string;
  /** Environment for every process of the run. */
  readonly env: NodeJS.ProcessEnv;
  /** Creates a workspace folder inside the sandbox holding the given files (path → text). */
  workspace(name: string, files: Record<string, string>): string;
  dispose(): void;
}

export interface SandboxOptions {
  /** Whether Workspace Trust is on; when on, the opened folder starts untrusted unless trusted below. */
  trust?: boolean;
  /** Extra user settings. */
  settings?: Record<string, unknown>;
}

export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const dir = mkdtempSync(join(tmpdir(), 'interleave-e2e-'));
  const sub = (name: string) => {
    const p = join(dir, name);
    mkdirSync(p, { recursive: true });
    return p;
  };
  const userDataDir = sub('data');
  const extensionsDir = sub('exts');
  const tmp = sub('tmp');
  const configFile = join(dir, 'config.yaml');
  writeFileSync(configFile, 'auth: none\ncert: false\n');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  const settings = {
    'workbench.startupEditor': 'none',
    'telemetry.telemetryLevel': 'off',
    'security.workspace.trust.enabled': options.trust ?? false,
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'update.mode': 'none',
    'chat.disableAIFeatures': true,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'workbench.tips.enabled': false,
    'git.enabled': false,
    ...options.settings,
  };
  writeFileSync(join(userDataDir, 'User/settings.json'), JSON.stringify(settings, null, 2));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: sub('home'),
    TMPDIR: tmp,
    XDG_CONFIG_HOME: sub('xdg/config'),
    XDG_DATA_HOME: sub('xdg/data'),
    XDG_CACHE_HOME: sub('xdg/cache'),
    XDG_RUNTIME_DIR: sub('xdg/runtime'),
  };
  // A VS Code started from a VS Code terminal would otherwise attach to that one.
  for (const k of Object.keys(env)) if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE') delete env[k];
  return {
    dir,
    userDataDir,
    extensionsDir,
    configFile,
    env,
    workspace(name, files) {
      const root = sub(join('ws', name));
      for (const [rel, text] of Object.entries(files)) {
        const p = join(root, rel);
        mkdirSync(join(p, '..'), { recursive: true });
        writeFileSync(p, text);
      }
      return root;
    },
    dispose() {
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}

/**
 * The scenario files of the runs the extension has kept for a reload (its traces/index.json in the workspace
 * storage), newest first: a reload test waits for the run it expects back to be on disk before reloading.
 */
export function keptRunFiles(sandbox: Sandbox): string[] {
  const storage = join(sandbox.userDataDir, 'User', 'workspaceStorage');
  if (!existsSync(storage)) return [];
  return readdirSync(storage).flatMap((ws) => {
    const index = join(storage, ws, 'interleave.interleave', 'traces', 'index.json');
    if (!existsSync(index)) return [];
    try {
      return (JSON.parse(readFileSync(index, 'utf8')) as { target?: { file?: string } }[]).map((r) => r.target?.file ?? '');
    } catch {
      return []; // being written
    }
  });
}
