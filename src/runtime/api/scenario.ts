// scenario(title, main): what a scenario file exports. The brand lets the runner find scenarios
// among a module's exports without running them.
export const SCENARIO_BRAND = '__interleaveScenario';

export interface Scenario {
  readonly [SCENARIO_BRAND]: true;
  readonly title: string;
  readonly main: () => unknown;
}

/** A scenario to export from a scenario file: `main` runs in MainThread; `title` names it in the run picker and the timeline. */
export function scenario(title: string, main: () => unknown): Scenario {
  if (typeof title !== 'string' || title.trim() === '') throw new TypeError('scenario(title, main): title must be a non-empty string');
  if (typeof main !== 'function') throw new TypeError(`scenario('${title}', main): main must be a function`);
  return { [SCENARIO_BRAND]: true, title, main };
}

export function isScenario(v: unknown): v is Scenario {
  return typeof v === 'object' && v !== null && (v as Record<string, unknown>)[SCENARIO_BRAND] === true;
}
