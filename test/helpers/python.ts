// The newest CPython on this machine (pyenv's versions, else python3 on PATH), for the Python
// twins of runtime scenarios: the reference they are compared with. Undefined if there is none.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface Python {
  path: string;
  version: string;
}

function versionOf(path: string): number[] | undefined {
  try {
    const out = execFileSync(path, ['-c', 'import sys; print("%d.%d.%d" % sys.version_info[:3])'], { encoding: 'utf8', timeout: 10_000 });
    return out.trim().split('.').map(Number);
  } catch {
    return undefined;
  }
}

function pyenvRoot(): string {
  try {
    return execFileSync('pyenv', ['root'], { encoding: 'utf8', timeout: 10_000 }).trim();
  } catch {
    return process.env.PYENV_ROOT ?? join(homedir(), '.pyenv');
  }
}

let found: Python | null | undefined;

export function newestPython(): Python | undefined {
  if (found !== undefined) return found ?? undefined;
  const versions = join(pyenvRoot(), 'versions');
  const candidates = existsSync(versions)
    ? readdirSync(versions)
        .map((v) => join(versions, v, 'bin', 'python3'))
        .filter((p) => existsSync(p))
    : [];
  candidates.push('python3');
  let best: { path: string; v: number[] } | undefined;
  for (const path of candidates) {
    const v = versionOf(path);
    if (!v || v[0] !== 3 || v[1] < 9) continue;
    if (!best || v[1] > best.v[1] || (v[1] === best.v[1] && v[2] > best.v[2])) best = { path, v };
  }
  found = best ? { path: best.path, version: best.v.join('.') } : null;
  return found ?? undefined;
}

/** Runs `script` with the newest Python and parses the JSON it prints. */
export function runTwin(python: Python, script: string, ...args: string[]): unknown {
  return JSON.parse(execFileSync(python.path, [script, ...args], { encoding: 'utf8', timeout: 60_000 }));
}
