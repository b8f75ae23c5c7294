// How a thread's exception reads on its lane and in the CLI: the message, then the frames of the
// user's code. The runtime's own frames (its sources or its bundles) are noise to a learner.
import { resolve } from 'node:path';

const runtimeRoot = resolve(__dirname, '..');
const runtimeFrame = [`${runtimeRoot}/src/`, `${runtimeRoot}/dist/`, 'node:internal'];

export function formatThreadError(e: unknown): string {
  if (!(e instanceof Error)) return typeof e === 'string' ? e : JSON.stringify(e);
  const lines = (e.stack ?? `${e.name}: ${e.message}`).split('\n');
  return lines.filter((l) => !/^\s+at /.test(l) || !runtimeFrame.some((r) => l.includes(r))).join('\n');
}
