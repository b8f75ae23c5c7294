// Finds `scenario(...)` declarations in a scenario file's text without running it: the CodeLens
// and the quick pick must work in untrusted workspaces and before any run, so they read the text
// only. Export names follow what the runner looks up (`default` for the default export).

export interface ScenarioDecl {
  /** Export name (`default`), or undefined when the scenario is not exported (the runner cannot find it). */
  exportName: string | undefined;
  /** The title literal, when the first argument is a plain string. */
  title: string | undefined;
  /** 0-based position of the `scenario` identifier. */
  line: number;
  character: number;
}

/**
 * Replaces comments with spaces, keeping every offset and line break, so matches inside them
 * vanish; string literals are stepped over whole, so a `//` inside one is not taken for a comment.
 */
function blankComments(text: string): string {
  return text.replace(/(['"`])(?:\\[\s\S]|(?!\1)[^\\])*\1|\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, (c) => (c.startsWith('/') ? c.replace(/[^\n]/g, ' ') : c));
}

const declRe =
  /(?<def>\bexport\s+default\s+)?(?:(?<exp>\bexport\s+)?\b(?:const|let|var)\s+(?<name>[A-Za-z_$][\w$]*)\s*(?::[^=]*)?=\s*)?\bscenario\s*\(\s*(?:(?<q>['"`])(?<title>(?:\\.|(?!\k<q>)[^\\])*)\k<q>)?/g;

export function scanScenarios(text: string): ScenarioDecl[] {
  const code = blankComments(text);
  // `const x = scenario(...)` exported later, as `export { x }`, `export { x as y }` or `export default x`.
  const laterExports = new Map<string, string>();
  for (const m of code.matchAll(/\bexport\s*\{([^}]*)\}/g)) {
    for (const part of m[1].split(',')) {
      const [local, as] = part.trim().split(/\s+as\s+/);
      if (local) laterExports.set(local, as ?? local);
    }
  }
  for (const m of code.matchAll(/\bexport\s+default\s+([A-Za-z_$][\w$]*)\s*;?\s*$/gm)) laterExports.set(m[1], 'default');

  const lineStarts = [0];
  for (let i = 0; i < code.length; i++) if (code[i] === '\n') lineStarts.push(i + 1);
  const position = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - lineStarts[lo] };
  };

  const found: ScenarioDecl[] = [];
  for (const m of code.matchAll(declRe)) {
    const g = m.groups!;
    // Skip the import list and other mentions: only a call counts (the regex already requires `(`),
    // and a property access like `x.scenario(` is not ours.
    const at = m.index! + m[0].search(/\bscenario\s*\(/);
    if (at > 0 && code[at - 1] === '.') continue;
    let exportName: string | undefined;
    if (g.def) exportName = 'default';
    else if (g.name) exportName = g.exp ? g.name : laterExports.get(g.name);
    found.push({ exportName, title: g.title?.replace(/\\(.)/g, '$1'), ...position(at) });
  }
  return found;
}

/** Whether a JS/TS file imports the runtime: such files are scenario files wherever they live. */
export function importsInterleave(text: string): boolean {
  return /\bfrom\s*['"]interleave['"]|\brequire\s*\(\s*['"]interleave['"]\s*\)|\bimport\s*\(\s*['"]interleave['"]\s*\)/.test(text);
}

/** Glob of files that are scenario files by name. */
export const scenarioFileGlob = '**/*.scenario.{ts,js,mjs}';
