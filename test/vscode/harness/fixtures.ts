// The workspace the end-to-end suites open: test/vscode/fixtures/workspace/, read into memory so
// each run writes a fresh copy into its sandbox.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from './paths';

export const fixtureDir = join(repoRoot, 'test/vscode/fixtures/workspace');

export function fixtureFiles(dir = fixtureDir, out: Record<string, string> = {}): Record<string, string> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) fixtureFiles(p, out);
    else out[relative(fixtureDir, p)] = readFileSync(p, 'utf8');
  }
  return out;
}
