// What a run runs: a scenario file (and export), from the workspace or the built-in library.
import { basename } from 'node:path';

export interface RunTarget {
  /** Absolute path of the scenario file. */
  file: string;
  /** Export name; undefined: the file's only scenario. */
  scenario?: string;
  /** Shown in the panel title, status bar and output ("Semaphore(2) with three workers"). */
  label: string;
  /** A scenario of our own library (examples/): it may run in an untrusted workspace. */
  builtin: boolean;
}

/** One panel per key: a rerun of the same target reuses its panel. */
export function targetKey(t: Pick<RunTarget, 'file' | 'scenario'>): string {
  return `${t.file}#${t.scenario ?? ''}`;
}

export function defaultLabel(file: string, scenario?: string): string {
  return scenario && scenario !== 'default' ? `${basename(file)} › ${scenario}` : basename(file);
}

export function isRunTarget(x: unknown): x is RunTarget {
  const t = x as RunTarget;
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof t.file === 'string' &&
    typeof t.label === 'string' &&
    typeof t.builtin === 'boolean' &&
    (t.scenario === undefined || typeof t.scenario === 'string')
  );
}
