// Runs a scenario of test/fixtures through the real runner (child process, real workers).
import { join } from 'node:path';
import { runScenario } from '../../src/runtime/host/run';
import type { RunOptions } from '../../src/core/protocol/runner';
import type { Trace } from '../../src/core/trace/format';

export const fixtures = join(__dirname, '..', 'fixtures', 'runtime');

export function runFixture(file: string, scenario?: string, options: Partial<RunOptions> = {}): Promise<Trace> {
  return runScenario({ file: join(fixtures, file), scenario, timeLimitS: 20, captureSites: true, sleepScale: 1, ...options }).done;
}

/** A scenario that checks itself: it must complete with no thread raising. */
export async function expectClean(file: string, scenario: string, options: Partial<RunOptions> = {}): Promise<Trace> {
  const trace = await runFixture(file, scenario, options);
  const problems = trace.threads.filter((t) => t.error).map((t) => `${t.name}: ${t.error!.stack ?? t.error!.message}`);
  if (trace.outcome.kind !== 'completed' || problems.length) {
    throw new Error(`${scenario}: ${trace.outcome.kind} — ${trace.outcome.summary}\n${problems.join('\n')}\n${trace.outcome.explanation}`);
  }
  return trace;
}

export function eventsOf(trace: Trace, kind: string, thread?: number) {
  return trace.events.filter((e) => e.k === kind && (thread === undefined || e.th === thread));
}

export function threadNamed(trace: Trace, name: string) {
  const t = trace.threads.find((x) => x.name === name);
  if (!t) throw new Error(`no thread named ${name} (have ${trace.threads.map((x) => x.name).join(', ')})`);
  return t;
}
