// Functions that run in another thread travel by name: a worker loads the scenario module and
// calls its export. Anything else cannot cross, so it fails early with the fix.
import { ctx } from './context';

export function exportNameOf(fn: unknown, what: string): string {
  if (typeof fn !== 'function') throw new TypeError(`${what} must be a function, got ${typeof fn}`);
  const exports = ctx().exports;
  for (const name of Object.keys(exports)) {
    if (exports[name] === fn) return name;
  }
  const label = fn.name ? `'${fn.name}'` : 'an anonymous function';
  throw new TypeError(
    `${what} ${label} is not an exported function of the scenario file. It runs in another thread, which loads the ` +
      `scenario module afresh and finds it by its export name: declare it at the top level as \`export function ${fn.name || 'worker'}(...)\`.`,
  );
}

/**
 * Targets the runtime itself runs in a scenario thread (a pool worker process's task loop). Their
 * names contain a ':' and are looked up before the exports, so a scenario cannot shadow them.
 */
const builtinTargets = new Map<string, (...args: never[]) => unknown>();

export function registerBuiltinTarget(name: string, fn: (...args: never[]) => unknown): void {
  builtinTargets.set(name, fn);
}

export function builtinTarget(name: string): ((...args: never[]) => unknown) | undefined {
  return builtinTargets.get(name);
}
