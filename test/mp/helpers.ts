// Runs the scenarios of test/mp/fixtures through the real runner (child processes and all).
import { join } from 'node:path';
import { runScenario } from '../../src/runtime/host/run';
import type { RunOptions } from '../../src/core/protocol/runner';
import type { Trace } from '../../src/core/trace/format';

export const mpFixtures = join(__dirname, 'fixtures');

export function runMp(file: string, scenario: string, options: Partial<RunOptions> = {}): Promise<Trace> {
  return runScenario({ file: join(mpFixtures, file), scenario, timeLimitS: 30, captureSites: true, sleepScale: 1, ...options }).done;
}

/** A scenario that checks itself: it must complete, and no thread of MainProcess may raise (children may, on purpose). */
export async function expectMp(file: string, scenario: string, options: Partial<RunOptions> = {}): Promise<Trace> {
  const trace = await runMp(file, scenario, options);
  const problems = trace.threads.filter((t) => t.process === undefined && t.error).map((t) => `${t.name}: ${t.error!.stack ?? t.error!.message}`);
  if (trace.outcome.kind !== 'completed' || problems.length) {
    throw new Error(`${scenario}: ${trace.outcome.kind} — ${trace.outcome.summary}\n${problems.join('\n')}\n${trace.outcome.explanation}`);
  }
  return trace;
}

export function processNamed(trace: Trace, name: string) {
  const p = trace.processes?.find((x) => x.name === name);
  if (!p) throw new Error(`no process named ${name} (have ${trace.processes?.map((x) => x.name).join(', ')})`);
  return p;
}

/** The MainThread lane of a process. */
export function laneOf(trace: Trace, name: string) {
  const p = processNamed(trace, name);
  return trace.threads.find((t) => t.id === p.mainThread)!;
}
