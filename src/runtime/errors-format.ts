// How a thread's exception reads on its lane and in the CLI: message, then the stack frames of
// the user's code (the runtime's own frames are noise to a learner).
export function formatThreadError(e: unknown, bundlePath: string): string {
  if (!(e instanceof Error)) return `${typeof e === 'string' ? e : JSON.stringify(e)}`;
  const lines = (e.stack ?? `${e.name}: ${e.message}`).split('\n');
  const head = lines.filter((l) => !/^\s+at /.test(l));
  const frames = lines.filter((l) => /^\s+at /.test(l) && !/[\\/]dist[\\/](worker|runner)\.js/.test(l) && !l.includes('node:internal'));
  return [...head, ...frames].join('\n').replaceAll(bundlePath, '<scenario bundle>');
}
