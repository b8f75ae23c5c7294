// Step mode in the editor: while a run waits at a pause, each source line where a thread is about
// to act (or is blocked) gets a highlight saying who and what ("◀ a: shared.read · may go next").
// Threads on one line share it. Pure, no vscode: the decorations are painted by step-highlights.ts.
import type { StepPause, StepThread } from '../core/protocol/runner';

export interface StepLine {
  /** Absolute file, 1-based line. */
  file: string;
  line: number;
  text: string;
  /** Some thread on this line may go next. */
  runnable: boolean;
}

const STATUS: Record<StepThread['status'], string> = {
  runnable: 'may go next',
  blocked: 'blocked',
  waiting: 'cannot go now',
  starting: 'starting',
};

export function stepLines(pause: StepPause): StepLine[] {
  const byLine = new Map<string, { file: string; line: number; threads: StepThread[] }>();
  for (const t of pause.threads) {
    if (!t.file || !t.line) continue;
    const key = `${t.file}\0${t.line}`;
    const entry = byLine.get(key) ?? { file: t.file, line: t.line, threads: [] };
    entry.threads.push(t);
    byLine.set(key, entry);
  }
  return [...byLine.values()].map(({ file, line, threads }) => ({
    file,
    line,
    text: `◀ ${threads.map((t) => `${t.name}: ${t.next} · ${STATUS[t.status]}`).join('; ')}`,
    runnable: threads.some((t) => t.status === 'runnable'),
  }));
}
