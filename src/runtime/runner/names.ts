// A primitive's name, read from the statement that created it: `const lock = new Lock()` → "lock",
// `this.mutex = new RLock()` → "mutex", `forks[i] = new Lock()` → "forks[i]".
export function inferName(line: string | undefined, kind: string): string | undefined {
  if (!line) return undefined;
  const ctor = kind === 'Shared' ? 'shared\\s*(?:<[^>]*>)?\\s*\\(' : `new\\s+(?:\\w+\\.)?${kind}\\b`;
  const m = new RegExp(`([A-Za-z_$][\\w$]*(?:\\[[^\\]]*\\])?)\\s*(?::[^=]+)?=\\s*${ctor}`).exec(line);
  if (m) return m[1];
  const prop = new RegExp(`([A-Za-z_$][\\w$]*)\\s*:\\s*${ctor}`).exec(line);
  return prop?.[1];
}
