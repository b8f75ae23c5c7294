// How the extension host starts the runner child process. In desktop VS Code the host's
// process.execPath is Electron: with ELECTRON_RUN_AS_NODE=1 it behaves as plain Node, as VS Code
// starts its own language servers. In code-server or VS Code Server it already is Node.
import { join } from 'node:path';
import type { HostEnv } from '../runtime/host/run';

/** A runner waiting for a run this long without one exits; the next scenario seen forks another. */
const SPARE_IDLE_MS = 10 * 60_000;

export function runnerEnv(extensionPath: string): HostEnv {
  const electron = typeof process.versions.electron === 'string';
  return {
    execPath: process.execPath,
    env: electron ? { ELECTRON_RUN_AS_NODE: '1' } : {},
    distDir: join(extensionPath, 'dist'),
    spares: true,
    spareIdleMs: SPARE_IDLE_MS,
  };
}
