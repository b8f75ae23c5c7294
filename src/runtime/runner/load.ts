// What loading a scenario file ends in, for a run and an exploration alike: the scenario chosen
// as `interleave run` chooses it, or an error that says what to do and, when the stack shows it,
// the file's line.
import type { ScenarioEntry } from '../../core/protocol/runner';
import type { ScenarioError } from '../../core/trace/format';

/** By export name or title; the only one; else a usage error. */
export function chooseScenario(scenarios: ScenarioEntry[], file: string, name?: string): ScenarioEntry | ScenarioError {
  if (name !== undefined) {
    const s = scenarios.find((x) => x.name === name || x.title === name);
    if (s) return s;
    return { kind: 'usage', file, message: `no scenario named '${name}' in ${file} (it has: ${scenarios.map((x) => x.name).join(', ') || 'none'})` };
  }
  if (scenarios.length === 1) return scenarios[0];
  if (scenarios.length === 0) return { kind: 'usage', file, message: `${file} exports no scenario: add \`export default scenario('title', () => { ... })\`` };
  return { kind: 'usage', file, message: `${file} has several scenarios (${scenarios.map((s) => s.name).join(', ')}): choose one with --scenario NAME` };
}

/** The module threw while loading: the message and stack, at the first line of `file` the stack names. */
export function loadError(file: string, message: string, stack?: string): ScenarioError {
  const m = stack && new RegExp(`${escapeRe(file)}:(\\d+):(\\d+)`).exec(stack);
  return { kind: 'load', message: `${message}${stack ? `\n${stack}` : ''}`, file, line: m ? Number(m[1]) : undefined, col: m ? Number(m[2]) : undefined };
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
