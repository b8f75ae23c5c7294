// Command-line parsing: every mistake is one line that says what is wrong, then the usage.
import type { DeterministicOptions } from '../core/protocol/runner';
import { DETERMINISTIC_USAGE, deterministicBoolFlags, deterministicValueFlags, parseDeterministic, parseExplore, type ExploreArgs } from './deterministic-args';

export const USAGE = `usage:
  interleave run FILE [--scenario NAME] [--timeout S] [--sleep-scale X] [--no-sites]
                      [--trace out.json] [--chrome-trace out.json[.gz]] [--html out.html] [--no-color] [--width N]
  interleave run --example NAME [same options]
  interleave run [--python PATH] [--timeout S] [output options] SCRIPT.py [script args...]
                                     run a Python script unchanged, traced (arguments after it are the script's)
${DETERMINISTIC_USAGE}
  interleave list FILE
  interleave examples
  interleave check TRACE.json        validate a trace file and print its summary

exit codes: 0 completed, 1 error (or MainThread raised), 2 deadlock, 3 stall, 4 timeout`;

export class UsageError extends Error {}

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
  deterministic?: DeterministicOptions;
  /** A Python script: the interpreter (else python3 on PATH) and the arguments after the script. */
  python?: string;
  scriptArgs?: string[];
}

export type Args = RunArgs | ExploreArgs | { command: 'list'; file: string } | { command: 'examples' } | { command: 'check'; file: string } | { command: 'help' };

const valueFlags = new Set(['--python', '--scenario', '--timeout', '--sleep-scale', '--trace', '--chrome-trace', '--html', '--example', '--width', ...deterministicValueFlags]);
const boolFlags = new Set(['--no-sites', '--no-color', '--color', ...deterministicBoolFlags]);

export function parseArgs(argv: string[]): Args {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') return { command: 'help' };
  const positional: string[] = [];
  const flags = new Map<string, string>();
  let scriptArgs: string[] | undefined;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (command === 'run' && !positional.length && a.endsWith('.py') && !a.startsWith('--')) {
      // As `python3 script.py ARGS`: what follows the script is the script's.
      positional.push(a);
      scriptArgs = rest.slice(i + 1);
      break;
    }
    if (a.startsWith('--')) {
      const [name, inline] = a.split('=', 2);
      if (valueFlags.has(name)) {
        const v = inline ?? rest[++i];
        if (v === undefined || (inline === undefined && v.startsWith('--'))) throw new UsageError(`${name} needs a value`);
        flags.set(name, v);
      } else if (boolFlags.has(name)) flags.set(name, 'true');
      else throw new UsageError(`unknown option ${name}`);
    } else positional.push(a);
  }
  const onlyFile = (what: string) => {
    if (positional.length !== 1) throw new UsageError(`${what} takes exactly one FILE`);
    if (flags.size) throw new UsageError(`${what} takes no options`);
    return positional[0];
  };
  switch (command) {
    case 'list':
      return { command: 'list', file: onlyFile('list') };
    case 'check':
      return { command: 'check', file: onlyFile('check') };
    case 'examples':
      if (positional.length || flags.size) throw new UsageError('examples takes no arguments');
      return { command: 'examples' };
    case 'run': {
      const example = flags.get('--example');
      const isPython = scriptArgs !== undefined;
      if (flags.has('--python') && !isPython) throw new UsageError('--python runs a Python script: give SCRIPT.py after the options');
      if (isPython) {
        const other = ['--scenario', '--sleep-scale', '--no-sites', '--example', ...deterministicValueFlags, ...deterministicBoolFlags].find((f) => flags.has(f));
        if (other) throw new UsageError(`${other} applies to TypeScript scenarios, not to a Python script`);
      }
      if (example === undefined && positional.length !== 1) throw new UsageError('run takes exactly one FILE (or --example NAME)');
      if (example !== undefined && positional.length) throw new UsageError('give either FILE or --example NAME, not both');
      return {
        command: 'run',
        file: positional[0],
        example,
        scenario: flags.get('--scenario'),
        timeoutS: positiveNumber(flags.get('--timeout') ?? '60', '--timeout'),
        sleepScale: positiveNumber(flags.get('--sleep-scale') ?? '1', '--sleep-scale'),
        captureSites: !flags.has('--no-sites'),
        trace: flags.get('--trace'),
        chromeTrace: flags.get('--chrome-trace'),
        html: flags.get('--html'),
        color: flags.has('--no-color') ? false : flags.has('--color') ? true : undefined,
        width: flags.has('--width') ? positiveNumber(flags.get('--width')!, '--width') : undefined,
        deterministic: isPython ? undefined : parseDeterministic(flags),
        ...(isPython ? { python: flags.get('--python'), scriptArgs } : {}),
      };
    }
    case 'explore':
      return parseExplore(positional, flags);
    default:
      throw new UsageError(`unknown command '${command}'`);
  }
}

function positiveNumber(v: string, flag: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} must be a positive number, got '${v}'`);
  return n;
}
