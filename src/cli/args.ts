// Command-line parsing on node's util.parseArgs, from the one table of options (options.ts).
// Every mistake is one line that says what is wrong; main.ts prints the help after it.
import { parseArgs as parseNodeArgs } from 'node:util';
import type { DeterministicOptions } from '../core/protocol/runner';
import { DEFAULT_CONFIRM_BUDGET_S, DEFAULT_CONFIRM_RUNS } from '../runtime/host/confirm';
import { isCommand, OPTIONS, optionsOf, UsageError, type CommandName, type OptionName } from './options';

export interface RunArgs {
  command: 'run';
  file?: string;
  example?: string;
  scenario?: string;
  timeoutS: number;
  sleepScale: number;
  captureSites: boolean;
  trace?: string;
  chromeTrace?: string;
  html?: string;
  color?: boolean;
  width?: number;
  /** Exit 5 when a completed run has a potential deadlock or a data race. */
  strict?: boolean;
  /** Confirm the findings by replay (not with --no-confirm), bounded by wall seconds and schedules. */
  confirm: { budgetS: number; runs: number } | false;
  deterministic?: DeterministicOptions;
  /** A Python script: the interpreter (else python3 on PATH) and the arguments after the script. */
  python?: string;
  scriptArgs?: string[];
  /** MB this process may use for a run's events; a longer run is summarised in one pass instead of modelled whole. */
  memoryBudgetMB: number;
  /** End the run once this many events are recorded (its prefix kept). */
  maxEvents?: number;
  /** End the run before its binary trace passes this many MB. */
  maxTraceMB?: number;
  /** Print what the run cost: events, trace bytes, peak memory of the runner and of this process. */
  stats: boolean;
}

/** Default of --memory-budget: well under 1 GB per process. */
export const DEFAULT_MEMORY_BUDGET_MB = 512;

export interface ExportArgs {
  command: 'export';
  file: string;
  trace?: string;
  chromeTrace?: string;
  html?: string;
  memoryBudgetMB: number;
}

export interface ExploreArgs {
  command: 'explore';
  file?: string;
  example?: string;
  scenario?: string;
  runs: number;
  strategy: 'random' | 'pct';
  seed: number;
  depth?: number;
  sleepScale: number;
  color?: boolean;
}

export type Args =
  | RunArgs
  | ExportArgs
  | ExploreArgs
  | { command: 'list'; file: string }
  | { command: 'examples' }
  | { command: 'check'; file: string }
  | { command: 'help'; of?: CommandName };

type Values = Partial<Record<OptionName, string | boolean>>;

export function parseArgs(argv: string[]): Args {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    const of = rest[0];
    return { command: 'help', of: of !== undefined && isCommand(of) ? of : undefined };
  }
  if (!isCommand(command)) throw new UsageError(command.startsWith('-') ? `give a command before ${command}` : `unknown command '${command}'`);
  const script = command === 'run' ? pythonScript(rest) : -1;
  const { values, positionals } = parseFor(command, script < 0 ? rest : rest.slice(0, script + 1));
  if (values.help) return { command: 'help', of: command };
  const str = (o: OptionName) => values[o] as string | undefined;
  const has = (o: OptionName) => values[o] !== undefined;
  const color = has('no-color') ? false : has('color') ? true : undefined;
  switch (command) {
    case 'list':
    case 'check':
      if (positionals.length !== 1) throw new UsageError(`${command} takes exactly one ${command === 'check' ? 'TRACE' : 'FILE'}`, command);
      return { command, file: positionals[0] };
    case 'examples':
      if (positionals.length) throw new UsageError('examples takes no arguments', command);
      return { command: 'examples' };
    case 'run': {
      const isPython = script >= 0;
      if (has('python') && !isPython) throw new UsageError('--python runs a Python script: give SCRIPT.py after the options', command);
      const tsOnly = (['scenario', 'sleep-scale', 'no-sites', 'example', 'deterministic', 'seed', 'strategy', 'depth', 'schedule'] as const).find((o) =>
        has(o),
      );
      if (isPython && tsOnly) throw new UsageError(`--${tsOnly} applies to TypeScript scenarios, not to a Python script`, command);
      return {
        command: 'run',
        ...fileOrExample(command, positionals, str('example')),
        scenario: str('scenario'),
        timeoutS: positiveNumber(str('timeout') ?? '60', '--timeout'),
        sleepScale: positiveNumber(str('sleep-scale') ?? '1', '--sleep-scale'),
        captureSites: !has('no-sites'),
        trace: str('trace'),
        chromeTrace: str('chrome-trace'),
        html: str('html'),
        color,
        width: has('width') ? positiveNumber(str('width')!, '--width') : undefined,
        strict: has('strict'),
        confirm: confirmation(values),
        deterministic: isPython ? undefined : deterministic(values),
        ...(isPython ? { python: str('python'), scriptArgs: rest.slice(script + 1) } : {}),
        memoryBudgetMB: positiveNumber(str('memory-budget') ?? String(DEFAULT_MEMORY_BUDGET_MB), '--memory-budget'),
        maxEvents: has('max-events') ? positiveNumber(str('max-events')!, '--max-events') : undefined,
        maxTraceMB: has('max-trace-mb') ? positiveNumber(str('max-trace-mb')!, '--max-trace-mb') : undefined,
        stats: has('stats'),
      };
    }
    case 'export':
      if (positionals.length !== 1) throw new UsageError('export takes exactly one TRACE.ilt', command);
      return {
        command: 'export',
        file: positionals[0],
        trace: str('trace'),
        chromeTrace: str('chrome-trace'),
        html: str('html'),
        memoryBudgetMB: positiveNumber(str('memory-budget') ?? String(DEFAULT_MEMORY_BUDGET_MB), '--memory-budget'),
      };
    case 'explore':
      return {
        command: 'explore',
        ...fileOrExample(command, positionals, str('example')),
        scenario: str('scenario'),
        runs: has('runs') ? positiveInteger(str('runs')!, '--runs') : 1000,
        strategy: strategy(str('strategy') ?? 'pct'),
        seed: has('seed') ? integer(str('seed')!, '--seed') : randomSeed(),
        depth: has('depth') ? positiveInteger(str('depth')!, '--depth') : undefined,
        sleepScale: positiveNumber(str('sleep-scale') ?? '1', '--sleep-scale'),
        color,
      };
  }
}

/** As `python3 script.py ARGS`: the index of the first operand ending in .py (what follows it is the script's), -1 if none. */
function pythonScript(args: string[]): number {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith('-')) {
      const def: { type: string } | undefined = OPTIONS[a.replace(/^--?/, '') as OptionName];
      if (def?.type === 'string' && !a.includes('=')) i++; // its value
    } else if (a.endsWith('.py')) return i;
  }
  return -1;
}

/** util.parseArgs with the options `command` takes; its errors become one line of ours. */
function parseFor(command: CommandName, args: string[]): { values: Values; positionals: string[] } {
  const options = Object.fromEntries(optionsOf(command).map((o) => [o, OPTIONS[o]]));
  try {
    const { values, positionals } = parseNodeArgs({ args, options, allowPositionals: true, strict: true });
    return { values: values as Values, positionals };
  } catch (e) {
    const code = (e as { code?: string }).code;
    const flag = /'(-[^' ]+)/.exec((e as Error).message)?.[1]?.replace(/^(--[^=]+)=.*/, '$1') ?? '';
    const name = flag.replace(/^--/, '') as OptionName;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      if (Object.hasOwn(OPTIONS, name))
        throw new UsageError(`${flag} is not an option of ${command} (it is one of ${OPTIONS[name].commands.join(', ')})`, command);
      throw new UsageError(`unknown option ${flag}`, command);
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      throw new UsageError(OPTIONS[name]?.type === 'boolean' ? `${flag} takes no value` : `${flag} needs a value`, command);
    }
    throw new UsageError((e as Error).message, command);
  }
}

function fileOrExample(command: CommandName, positionals: string[], example: string | undefined): { file?: string; example?: string } {
  if (example === undefined && positionals.length !== 1) throw new UsageError(`${command} takes exactly one FILE (or --example NAME)`, command);
  if (example !== undefined && positionals.length) throw new UsageError('give either FILE or --example NAME, not both', command);
  return { file: positionals[0], example };
}

/** run's deterministic options: --seed, --strategy, --depth or --schedule imply --deterministic. */
function deterministic(values: Values): DeterministicOptions | undefined {
  if (!(['deterministic', 'seed', 'strategy', 'schedule', 'depth'] as const).some((o) => values[o] !== undefined)) return undefined;
  const v = (o: OptionName) => values[o] as string | undefined;
  return {
    seed: v('seed') !== undefined ? integer(v('seed')!, '--seed') : randomSeed(),
    strategy: strategy(v('strategy') ?? 'random'),
    depth: v('depth') !== undefined ? positiveInteger(v('depth')!, '--depth') : undefined,
    schedule: v('schedule') !== undefined ? schedule(v('schedule')!) : undefined,
  };
}

/** --no-confirm, or the bounds of the confirmation by replay. */
function confirmation(values: Values): RunArgs['confirm'] {
  const v = (o: OptionName) => values[o] as string | undefined;
  if (values['no-confirm'] !== undefined) {
    const bound = (['confirm-budget', 'confirm-runs'] as const).find((o) => values[o] !== undefined);
    if (bound) throw new UsageError(`--no-confirm and --${bound} contradict each other: give one`, 'run');
    return false;
  }
  return {
    budgetS: positiveNumber(v('confirm-budget') ?? String(DEFAULT_CONFIRM_BUDGET_S), '--confirm-budget'),
    runs: positiveInteger(v('confirm-runs') ?? String(DEFAULT_CONFIRM_RUNS), '--confirm-runs'),
  };
}

function strategy(v: string): 'random' | 'pct' {
  if (v !== 'random' && v !== 'pct') throw new UsageError(`--strategy must be random or pct, got '${v}'`);
  return v;
}

/** Thread ids, and -n for a delay at decision n (DeterministicOptions.schedule). */
function schedule(v: string): number[] {
  const ids = v.split(',').map((x) => x.trim());
  if (ids.some((x) => !/^-?[1-9]\d*$/.test(x)))
    throw new UsageError(`--schedule must list thread ids like 1,2,1 (and -N for a delay at decision N), got '${v}'`);
  return ids.map(Number);
}

function positiveNumber(v: string, flag: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} must be a positive number, got '${v}'`);
  return n;
}

function integer(v: string, flag: string): number {
  if (!/^-?\d+$/.test(v) || Math.abs(Number(v)) > 2 ** 31 - 1) throw new UsageError(`${flag} must be a 32-bit integer, got '${v}'`);
  return Number(v);
}

function positiveInteger(v: string, flag: string): number {
  const n = integer(v, flag);
  if (n < 1) throw new UsageError(`${flag} must be at least 1, got '${v}'`);
  return n;
}

function randomSeed(): number {
  return Math.floor(Math.random() * 2 ** 31);
}
