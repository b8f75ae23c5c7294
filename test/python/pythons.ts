// The Python interpreters the tracer's tests run on: every CPython 3.9–3.13 under pyenv (the
// machine image has them; CI uses the same image), else `python3` on PATH.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { Run } from '../examples/run-example';
import { runPython } from '../../src/runtime/host/python/run';

export interface Interpreter {
  label: string;
  path: string;
}

export function interpreters(): Interpreter[] {
  const root = process.env.PYENV_ROOT ?? join(homedir(), '.pyenv');
  const dir = join(root, 'versions');
  const found: Interpreter[] = [];
  if (existsSync(dir)) {
    for (const minor of [9, 10, 11, 12, 13]) {
      const v = readdirSync(dir)
        .filter((d) => new RegExp(`^3\\.${minor}\\.\\d+$`).test(d))
        .sort((a, b) => Number(b.split('.')[2]) - Number(a.split('.')[2]))[0];
      const path = v && join(dir, v, 'bin', 'python3');
      if (path && existsSync(path)) found.push({ label: v, path });
    }
  }
  if (!found.length) found.push({ label: 'python3', path: 'python3' });
  return found;
}

export const FIXTURES = resolve(__dirname, '..', 'fixtures', 'python');
export const EXAMPLES_PY = resolve(__dirname, '..', '..', 'examples', 'python');
export const CLI = resolve(__dirname, '..', '..', 'bin', 'interleave');

export interface Traced {
  run: Run;
  stdout: string;
  stderr: string;
  status: number | null;
}

/** Runs a script under the tracer (as the CLI and VS Code do) and keeps its output apart. */
export async function traced(py: Interpreter, file: string, args: string[] = [], timeLimitS = 20): Promise<Traced> {
  let stdout = '';
  let stderr = '';
  const handle = runPython({ file, args, python: py.path, timeLimitS, cwd: FIXTURES }, undefined, {
    onOutput: (text, stream) => (stream === 'stdout' ? (stdout += text) : (stderr += text)),
  });
  const trace = await handle.done;
  return { run: new Run(trace), stdout, stderr, status: await handle.exitStatus };
}

/** The same script under plain python3. */
export function plain(py: Interpreter, file: string, args: string[] = []): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(py.path, [file, ...args], { encoding: 'utf8', cwd: FIXTURES, timeout: 30000 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

/** A site without its column: "file.py:12" (columns differ between Python versions). */
export const siteLine = (s: string | undefined): string | undefined => s?.replace(/:\d+$/, '');

/** 1-based number of the first line of `file` that contains `text`. */
export function lineOf(file: string, text: string): number {
  const lines = readFileSync(file, 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(text));
  if (i < 0) throw new Error(`${file} has no line with '${text}'`);
  return i + 1;
}
