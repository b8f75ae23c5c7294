// Deterministic runs of examples and fixtures through the real runner.
import { join } from 'node:path';
import type { DeterministicOptions, RunOptions, RunnerToHost } from '../../src/core/protocol/runner';
import type { Trace } from '../../src/core/trace/format';
import { builtinExamples, runScenario } from '../../src/runtime/host/run';

export const detFixtures = join(__dirname, 'fixtures');
export const examplesDir = join(__dirname, '..', '..', 'examples');

export function example(name: string): string {
  const e = builtinExamples().find((x) => x.name === name);
  if (!e) throw new Error(`no example ${name}`);
  return e.file;
}

export function runDet(file: string, det: DeterministicOptions, extra: Partial<RunOptions> = {}, onMessage?: (m: RunnerToHost) => void): Promise<Trace> {
  return runScenario({ file, timeLimitS: 30, captureSites: true, sleepScale: 1, deterministic: det, ...extra }, onMessage).done;
}

/** Everything a trace holds except the wall-clock start. */
export function comparable(t: Trace): string {
  const { startedAt: _s, ...meta } = t.meta;
  return JSON.stringify({ ...t, meta });
}
