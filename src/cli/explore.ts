// `interleave explore`: runs the schedules in a runner process, draws a progress bar on the
// terminal, prints the outcome table. Ctrl-C stops the exploration and keeps the outcomes so far.
import type { Outcome } from '../core/trace/format';
import type { ExploreRow } from '../core/protocol/runner';
import { exploreScenario } from '../runtime/host/explore';
import type { ExploreArgs } from './args';
import { exploreTable, progressLine } from './explore-table';

/** Exit code: the most serious outcome found (as `run` would exit for it), 0 if every run completed. */
const severity: [ExploreRow['kind'], Outcome['kind']][] = [
  ['deadlock', 'deadlock'],
  ['stall', 'stall'],
  ['timeout', 'timeout'],
  ['exception', 'exception'],
];

export async function exploreCommand(args: ExploreArgs, file: string, exitCodes: Record<Outcome['kind'], number>): Promise<number> {
  const tty = process.stderr.isTTY === true;
  const color = args.color ?? (process.stdout.isTTY === true && !process.env.NO_COLOR);
  const handle = exploreScenario(
    { file, scenario: args.scenario, runs: args.runs, strategy: args.strategy, seed: args.seed, depth: args.depth, sleepScale: args.sleepScale },
    (p) => tty && process.stderr.write(`\r${progressLine(p)}\x1b[K`),
  );
  const onSigint = () => handle.cancel();
  process.on('SIGINT', onSigint);
  const result = await handle.done;
  process.off('SIGINT', onSigint);
  if (tty) process.stderr.write(`\r${progressLine(result)}\x1b[K\n`);
  if (result.error && result.done === 0) {
    const e = result.error;
    console.error(`${e.line ? `${e.file}:${e.line}:${e.col ?? 1}: ` : ''}${e.kind === 'syntax' ? 'syntax error: ' : ''}${e.message}`);
    return 1;
  }
  console.log(exploreTable(result, args.file ?? `--example ${args.example}`, color));
  if (result.error) console.error(`\ninterleave: the exploration stopped early: ${result.error.message}`);
  const worst = severity.find(([kind]) => result.rows.some((r) => r.kind === kind));
  return worst ? exitCodes[worst[1]] : 0;
}
