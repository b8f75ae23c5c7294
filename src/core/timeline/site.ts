// Source locations: the trace stores `file:line:col` with file relative to meta.root when inside
// it; the host's editor wants an absolute file and 1-based line and column.

export interface SourceLocation {
  file: string;
  line: number;
  col: number;
}

const isAbsolute = (f: string) => f.startsWith('/') || /^[A-Za-z]:[\\/]/.test(f) || f.startsWith('\\\\');

/** Parses `file:line:col` (the file may itself contain colons, e.g. `C:\x.ts:3:1`). */
export function parseSite(site: string, root: string): SourceLocation | undefined {
  const m = /^(.*):(\d+):(\d+)$/.exec(site);
  if (!m || !m[1]) return undefined;
  const [, f, line, col] = m;
  const sep = root.includes('\\') && !root.includes('/') ? '\\' : '/';
  const file = isAbsolute(f) || !root ? f : `${root.replace(/[\\/]+$/, '')}${sep}${f}`;
  return { file, line: Math.max(1, Number(line)), col: Math.max(1, Number(col)) };
}

/** The short form shown to people: the site as the trace wrote it, relative when possible. */
export function siteLabel(site: string): string {
  const m = /^(.*?)([^\\/]*):(\d+):(\d+)$/.exec(site);
  return m ? `${m[2]}:${m[3]}` : site;
}
