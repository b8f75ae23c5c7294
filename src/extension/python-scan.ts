// Where "▶ Run with Interleave" goes in a Python file, found by reading its text (never running
// it, so lenses show in untrusted workspaces too). No vscode here: the unit tests read it directly.

const MODULES = new Set(['threading', 'queue', 'multiprocessing', 'concurrent', 'concurrent.futures', '_thread']);
const usesModule = (name: string) => MODULES.has(name) || name.startsWith('multiprocessing.') || name.startsWith('concurrent.futures.');

/** The 0-based line the lens goes on, or undefined when the file uses none of those modules. */
export function pythonLensLine(text: string): number | undefined {
  const lines = text.split('\n');
  let firstImport: number | undefined;
  let main: number | undefined;
  lines.forEach((line, i) => {
    const imp = /^\s*import\s+([\w., ]+)/.exec(line);
    const from = /^\s*from\s+([\w.]+)\s+import\b/.exec(line);
    const names = imp ? imp[1].split(',').map((n) => n.trim().split(/\s+as\s+|\s/)[0]) : from ? [from[1]] : [];
    if (firstImport === undefined && names.some(usesModule)) firstImport = i;
    if (main === undefined && /^if\s+__name__\s*==\s*(['"])__main__\1\s*:/.test(line)) main = i;
  });
  return firstImport === undefined ? undefined : (main ?? firstImport);
}
