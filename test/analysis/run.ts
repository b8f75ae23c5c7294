// Real runs of the analysis fixtures (test/fixtures/analyses) and the examples, and their findings.
import { join, resolve } from 'node:path';
import { analyzeRun } from '../../src/core/analysis/findings';
import type { DeterministicOptions } from '../../src/core/protocol/runner';
import type { Findings, Trace } from '../../src/core/trace/format';
import { splitTrace } from '../../src/core/trace/source';
import { runScenario } from '../../src/runtime/host/run';

export const analysisFixtures = resolve(__dirname, '..', 'fixtures', 'analyses');
export const examples = resolve(__dirname, '..', '..', 'examples');

export function run(file: string, scenario?: string, deterministic?: DeterministicOptions): Promise<Trace> {
  return runScenario({ file, scenario, timeLimitS: 20, captureSites: true, sleepScale: 1, deterministic }).done;
}

export function fixture(name: string): string {
  return join(analysisFixtures, name);
}

export function findingsOf(trace: Trace): Findings {
  const { header, events } = splitTrace(trace);
  return analyzeRun(header, events);
}

/** Names instead of ids, for assertions that read like the report. */
export function named(trace: Trace) {
  const prim = (id: number) => trace.primitives.find((p) => p.id === id)?.name;
  const thread = (id: number) => trace.threads.find((t) => t.id === id)?.name;
  const line = (at: number) => trace.sites[at]?.split(':')[1];
  return { prim, thread, line };
}
