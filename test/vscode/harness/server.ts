// Starts code-server (UI tests) or VS Code's own server (extension-host test suites) on the
// Node 24 binary, inside a sandbox, on a free port; stop() kills it by pid and waits for the exit.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { codeServerEntry, node24, vscodeServerMain } from './paths';
import type { Sandbox } from './sandbox';

export interface Server {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  readonly url: string;
  readonly port: number;
  /** Everything the server printed so far. */
  output(): string;
  stop(): Promise<void>;
}

const codeServerFlags = (sb: Sandbox) => [
  '--user-data-dir',
  sb.userDataDir,
  '--extensions-dir',
  sb.extensionsDir,
  '--config',
  sb.configFile,
  '--disable-telemetry',
  '--disable-update-check',
  '--disable-getting-started-override',
];

/** Installs a VSIX into the sandbox's extensions folder with the same binary that will serve it. */
export function installVsix(sb: Sandbox, vsix: string): void {
  const r = spawnSync(node24, [codeServerEntry, ...codeServerFlags(sb), '--install-extension', vsix, '--force'], {
    env: sb.env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (r.status !== 0 || !/successfully installed/i.test(r.stdout + r.stderr)) {
    throw new Error(`installing ${vsix} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
}

export function startCodeServer(sb: Sandbox, opts: { workspaceTrust: boolean }): Promise<Server> {
  const args = [
    codeServerEntry,
    '--auth',
    'none',
    '--bind-addr',
    '127.0.0.1:0',
    ...codeServerFlags(sb),
    '--ignore-last-opened',
    ...(opts.workspaceTrust ? [] : ['--disable-workspace-trust']),
  ];
  return start(sb, args, /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/, 'code-server');
}

export function startVsCodeServer(sb: Sandbox): Promise<Server> {
  const args = [
    vscodeServerMain,
    '--host',
    '127.0.0.1',
    '--port',
    '0',
    '--without-connection-token',
    '--accept-server-license-terms',
    '--enable-smoke-test-driver',
    '--user-data-dir',
    sb.userDataDir,
    '--server-data-dir',
    sb.userDataDir,
    '--extensions-dir',
    sb.extensionsDir,
  ];
  return start(sb, args, /Extension host agent listening on (\d+)/, 'vscode-server');
}

/** Servers still running; killed if this process ends first (a failed assertion, a closed pipe). */
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of live) c.kill('SIGKILL');
});
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(sig, () => process.exit(130));
}

function start(sb: Sandbox, args: string[], ready: RegExp, name: string): Promise<Server> {
  const child = spawn(node24, args, { env: sb.env, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  child.once('exit', () => live.delete(child));
  const log = createWriteStream(join(sb.dir, `${name}.log`));
  let text = '';
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  return new Promise<Server>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`${name} did not start in 30 s:\n${text}`)), 30_000);
    const fail = (e: Error) => {
      clearTimeout(timer);
      kill(child);
      reject(e);
    };
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      log.write(chunk);
      const m = ready.exec(text);
      if (m) {
        clearTimeout(timer);
        const port = Number(m[1]);
        resolve({
          url: `http://127.0.0.1:${port}`,
          port,
          output: () => text,
          async stop() {
            kill(child);
            await exited;
            log.end();
          },
        });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => fail(new Error(`${name} exited with ${code} before it was ready:\n${text}`)));
  });
}

function kill(child: ChildProcess): void {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  // The extension host is a grandchild; the server takes it down on SIGTERM, SIGKILL is the fallback.
  const t = setTimeout(() => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'), 5000);
  child.once('exit', () => clearTimeout(t));
}
