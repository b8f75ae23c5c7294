// Every command and option of `interleave`, declared once: node's util.parseArgs reads OPTIONS,
// the help is written from both tables, and args.ts turns the values into typed arguments.
// A new option is one row of OPTIONS (its commands, its help) and one line in args.ts.

export type CommandName = 'run' | 'explore' | 'list' | 'examples' | 'check' | 'export';

export interface CommandDef {
  /** What follows the command name in its usage line. */
  args: string;
  summary: string;
}

export const COMMANDS: Record<CommandName, CommandDef> = {
  run: {
    args: 'FILE | --example NAME | SCRIPT.py [script args...]',
    summary: 'run a scenario (or a Python script, unchanged and traced) and show its timeline, outcome and contention in the terminal',
  },
  explore: { args: 'FILE | --example NAME', summary: 'run many deterministic schedules and group them by outcome; Ctrl-C keeps what was found' },
  list: { args: 'FILE', summary: "list a file's scenarios (export name, title)" },
  examples: { args: '', summary: 'list the built-in examples' },
  check: { args: 'TRACE', summary: 'validate a trace file (JSON, or binary .ilt) and print its summary' },
  export: { args: 'TRACE.ilt', summary: "write a binary trace's JSON (chunk by chunk), Chrome trace or report" },
};

export interface OptionDef {
  type: 'string' | 'boolean';
  short?: string;
  /** The value's name in the help (string options). */
  value?: string;
  /** The commands that take it. */
  commands: readonly CommandName[];
  help: string;
}

const ALL: readonly CommandName[] = ['run', 'explore', 'list', 'examples', 'check', 'export'];

export const OPTIONS = {
  help: { type: 'boolean', short: 'h', commands: ALL, help: 'show this help' },
  example: { type: 'string', value: 'NAME', commands: ['run', 'explore'], help: 'a built-in example instead of FILE (`interleave examples` lists them)' },
  scenario: { type: 'string', value: 'NAME', commands: ['run', 'explore'], help: 'which scenario, when FILE exports several (export name or title)' },
  python: { type: 'string', value: 'PATH', commands: ['run'], help: 'the interpreter that runs SCRIPT.py (default: python3 on PATH)' },
  timeout: { type: 'string', value: 'S', commands: ['run'], help: 'seconds before the run is stopped as a timeout; its trace is kept (default 60)' },
  'sleep-scale': { type: 'string', value: 'X', commands: ['run', 'explore'], help: 'multiplies every sleep() and timeout of the scenario (default 1)' },
  'no-sites': { type: 'boolean', commands: ['run'], help: 'do not record the source line of each operation (faster)' },
  trace: {
    type: 'string',
    value: 'FILE',
    commands: ['run', 'export'],
    help: 'write the trace: FILE.json as JSON (docs/trace-format.md), any other name as the binary trace (docs/trace-store.md); `interleave check` reads both',
  },
  'chrome-trace': {
    type: 'string',
    value: 'FILE',
    commands: ['run', 'export'],
    help: 'write a Chrome/Perfetto trace, gzipped when FILE ends in .gz (ui.perfetto.dev, chrome://tracing, speedscope)',
  },
  html: { type: 'string', value: 'FILE', commands: ['run', 'export'], help: 'write the timeline as one offline HTML file' },
  'memory-budget': {
    type: 'string',
    value: 'MB',
    commands: ['run', 'export'],
    help: "MB this process may use for a run's events (default 512); a longer run is printed from a one-pass summary",
  },
  'max-events': { type: 'string', value: 'N', commands: ['run'], help: 'end the run once N events are recorded, keeping them (outcome stopped)' },
  'max-trace-mb': { type: 'string', value: 'MB', commands: ['run'], help: 'end the run before its binary trace passes MB, keeping what was written' },
  stats: {
    type: 'boolean',
    commands: ['run'],
    help: 'print events, bytes per event, peak memory of runner and CLI, and the time from the end of the scenario to the printed outcome and to the printed findings',
  },
  color: { type: 'boolean', commands: ['run', 'explore'], help: 'colour the output even when it is not a terminal' },
  'no-color': { type: 'boolean', commands: ['run', 'explore'], help: 'no colour (also when NO_COLOR is set)' },
  width: { type: 'string', value: 'N', commands: ['run'], help: 'columns of the terminal timeline (default: the terminal, at most 120)' },
  strict: { type: 'boolean', commands: ['run'], help: 'exit 5 when the run completed with a potential deadlock or a data race (for CI)' },
  'no-confirm': {
    type: 'boolean',
    commands: ['run'],
    help: 'print the potential deadlocks and data races without confirming them by replay (that search runs deterministic schedules of the scenario)',
  },
  'confirm-budget': {
    type: 'string',
    value: 'S',
    commands: ['run'],
    help: 'seconds the confirmation by replay may take (default 20); it stops early once every finding is shown',
  },
  'confirm-runs': { type: 'string', value: 'N', commands: ['run'], help: 'deterministic schedules the confirmation by replay may run (default 200)' },
  deterministic: { type: 'boolean', commands: ['run'], help: 'one schedule chosen by a seed, on virtual time: the same seed or schedule gives the same trace' },
  seed: { type: 'string', value: 'S', commands: ['run', 'explore'], help: 'the seed of the schedule (implies --deterministic; default: random, printed)' },
  strategy: { type: 'string', value: 'random|pct', commands: ['run', 'explore'], help: 'how schedules are chosen (run: random, explore: pct)' },
  depth: { type: 'string', value: 'D', commands: ['run', 'explore'], help: 'PCT: the number of priority changes' },
  schedule: {
    type: 'string',
    value: '1,2,1',
    commands: ['run'],
    help: 'replay this schedule: the thread ids in the order they ran, -N where decision N let time pass (implies --deterministic)',
  },
  runs: { type: 'string', value: 'N', commands: ['explore'], help: 'schedules to run (default 1000)' },
} as const satisfies Record<string, OptionDef>;

export type OptionName = keyof typeof OPTIONS;

/** A mistake in the command line: one line saying what is wrong; the help follows it. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** The command whose help fits, if known. */
    readonly command?: CommandName,
  ) {
    super(message);
  }
}

export const EXIT_CODES = 'exit codes: 0 completed, 1 error (or MainThread raised), 2 deadlock, 3 stall, 4 timeout, 5 findings (--strict)';

export function isCommand(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}

export function optionsOf(command: CommandName): OptionName[] {
  return (Object.keys(OPTIONS) as OptionName[]).filter((o) => (OPTIONS[o].commands as readonly string[]).includes(command));
}

/** `interleave --help`: every command on one line. */
export function usage(): string {
  const width = Math.max(...Object.entries(COMMANDS).map(([name, c]) => `${name} ${c.args}`.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  interleave ${`${name} ${c.args}`.padEnd(width)}  ${c.summary}`);
  return `usage:\n${lines.join('\n')}\n\n'interleave COMMAND --help' lists the command's options.\n${EXIT_CODES}`;
}

/** `interleave COMMAND --help`: its usage line and every option it takes. */
export function commandHelp(command: CommandName): string {
  const c = COMMANDS[command];
  const rows = optionsOf(command).map((o) => {
    const d: OptionDef = OPTIONS[o];
    return [`${d.short ? `-${d.short}, ` : ''}--${o}${d.value ? ` ${d.value}` : ''}`, d.help];
  });
  const width = Math.max(...rows.map(([flag]) => flag.length));
  const options = rows.map(([flag, help]) => `  ${flag.padEnd(width)}  ${help}`).join('\n');
  return `usage: interleave ${command}${c.args ? ` ${c.args}` : ''}${rows.length > 1 ? ' [options]' : ''}\n${c.summary}\n\noptions:\n${options}${command === 'run' || command === 'explore' ? `\n\n${EXIT_CODES}` : ''}`;
}
