// Which Python runs a script: the one asked for, else `python3` on PATH; 3.9 or newer.
import { execFile } from 'node:child_process';

export const MIN_PYTHON: readonly [number, number] = [3, 9];

export class PythonNotFound extends Error {}

export interface PythonInfo {
  /** What to spawn. */
  path: string;
  /** e.g. "3.11.7" */
  version: string;
  /** sys.executable: the binary behind a shim or a venv's link. */
  executable: string;
}

/** The default when nothing is configured. */
export function defaultPython(): string {
  return process.platform === 'win32' ? 'python' : 'python3';
}

/**
 * Checks `path` (or the default) runs and is new enough. `howToChoose` ends each error message
 * with what to do in the caller's world ("pass --python PATH", "set interleave.pythonPath").
 */
export function resolvePython(path: string | undefined, howToChoose: string): Promise<PythonInfo> {
  const exe = path || defaultPython();
  return new Promise((resolvePy, reject) => {
    execFile(exe, ['-c', 'import sys; print("%d.%d.%d" % sys.version_info[:3]); print(sys.executable)'], { timeout: 20000 }, (err, stdout) => {
      if (err) {
        const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
        reject(
          new PythonNotFound(
            missing
              ? `no Python interpreter found: '${exe}' is not ${path ? 'a program that exists' : 'on PATH'}. Install Python ${MIN_PYTHON.join('.')} or newer, or ${howToChoose}.`
              : `'${exe}' did not run as Python (${err.message.split('\n')[0]}). ${howToChoose[0].toUpperCase()}${howToChoose.slice(1)}.`,
          ),
        );
        return;
      }
      const [version = '', executable = exe] = stdout.trim().split('\n');
      const [major, minor] = version.split('.').map(Number);
      if (!(major > MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor >= MIN_PYTHON[1]))) {
        reject(
          new PythonNotFound(`'${exe}' is Python ${version}; the tracer needs ${MIN_PYTHON.join('.')} or newer. Install a newer Python, or ${howToChoose}.`),
        );
        return;
      }
      resolvePy({ path: exe, version, executable });
    });
  });
}
