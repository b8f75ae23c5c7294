// `npm run test:e2e`: the VS Code end-to-end suites on a real workbench (code-server 4.139.1 on
// Node 24, headless Debian Chromium; see docs/vscode-e2e.md):
//   1. installs code-server + Node 24 into .vscode-test/ when missing (scripts/install-vscode-server.sh),
//   2. builds and packages the VSIX (the suites test the packaged extension),
//   3. runs the UI suites (test/vscode/ui/*.e2e.ts, node:test + playwright-core),
//   4. runs the extension-host mocha suites, trusted and untrusted (test/vscode/run-exthost.ts).
// Screenshots and timings land in test-artifacts/vscode/. Exits non-zero if any suite failed.
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const vsix = join(root, 'out/interleave-e2e.vsix');
const node = process.execPath;

function step(name, cmd, args, env = {}) {
  console.log(`\n=== ${name}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) console.error(`=== ${name}: failed (${r.status ?? r.signal})`);
  return r.status === 0;
}

// Screenshots of earlier runs would pass for this one's.
rmSync(join(root, 'test-artifacts/vscode'), { recursive: true, force: true });

const ready =
  step('install code-server and Node 24', 'bash', ['scripts/install-vscode-server.sh']) &&
  step('build', node, ['scripts/build.mjs']) &&
  step('package the VSIX', node, ['scripts/package-vsix.mjs', `--out=${vsix}`]);
if (!ready) process.exit(1);

const uiSuites = readdirSync(join(root, 'test/vscode/ui'))
  .filter((f) => f.endsWith('.e2e.ts'))
  .sort()
  .map((f) => `test/vscode/ui/${f}`);
const ui = step('UI suites', node, ['--import', 'tsx', '--test', '--test-concurrency=1', ...uiSuites], { INTERLEAVE_VSIX: vsix });
const exthost = step('extension-host suites', node, ['--import', 'tsx', 'test/vscode/run-exthost.ts']);
process.exit(ui && exthost ? 0 : 1);
