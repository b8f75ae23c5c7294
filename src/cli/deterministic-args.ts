// The deterministic-mode options of `interleave run` and the `interleave explore` command.
import type { DeterministicOptions } from '../core/protocol/runner';
import { UsageError } from './args';

export const DETERMINISTIC_USAGE = `  interleave run FILE --deterministic [--seed S] [--strategy random|pct] [--depth D] [--schedule 1,2,1]
                      one schedule, virtual time; the same seed or schedule gives the same trace
  interleave explore FILE [--scenario NAME] [--runs N] [--strategy random|pct] [--seed S] [--depth D]
                      N schedules (default 1000, pct), grouped by outcome; Ctrl-C keeps what was found`;

export const deterministicValueFlags = ['--seed', '--strategy', '--schedule', '--depth', '--runs'];
export const deterministicBoolFlags = ['--deterministic'];

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

/** run's deterministic options: --seed, --strategy, --depth or --schedule imply --deterministic. */
export function parseDeterministic(flags: Map<string, string>): DeterministicOptions | undefined {
  if (flags.has('--runs')) throw new UsageError('--runs is an option of explore, not run');
  if (!['--deterministic', '--seed', '--strategy', '--schedule', '--depth'].some((f) => flags.has(f))) return undefined;
  const schedule = flags.has('--schedule') ? parseSchedule(flags.get('--schedule')!) : undefined;
  return {
    seed: flags.has('--seed') ? integer(flags.get('--seed')!, '--seed') : randomSeed(),
    strategy: strategy(flags.get('--strategy') ?? 'random'),
    depth: flags.has('--depth') ? positiveInteger(flags.get('--depth')!, '--depth') : undefined,
    schedule,
  };
}

export function parseExplore(positional: string[], flags: Map<string, string>): ExploreArgs {
  const allowed = new Set(['--scenario', '--example', '--runs', '--strategy', '--seed', '--depth', '--sleep-scale', '--no-color', '--color']);
  for (const f of flags.keys()) if (!allowed.has(f)) throw new UsageError(`${f} is not an option of explore`);
  const example = flags.get('--example');
  if (example === undefined && positional.length !== 1) throw new UsageError('explore takes exactly one FILE (or --example NAME)');
  if (example !== undefined && positional.length) throw new UsageError('give either FILE or --example NAME, not both');
  const scale = Number(flags.get('--sleep-scale') ?? '1');
  if (!(scale > 0)) throw new UsageError(`--sleep-scale must be a positive number, got '${flags.get('--sleep-scale')}'`);
  return {
    command: 'explore',
    file: positional[0],
    example,
    scenario: flags.get('--scenario'),
    runs: flags.has('--runs') ? positiveInteger(flags.get('--runs')!, '--runs') : 1000,
    strategy: strategy(flags.get('--strategy') ?? 'pct'),
    seed: flags.has('--seed') ? integer(flags.get('--seed')!, '--seed') : randomSeed(),
    depth: flags.has('--depth') ? positiveInteger(flags.get('--depth')!, '--depth') : undefined,
    sleepScale: scale,
    color: flags.has('--no-color') ? false : flags.has('--color') ? true : undefined,
  };
}

function strategy(v: string): 'random' | 'pct' {
  if (v !== 'random' && v !== 'pct') throw new UsageError(`--strategy must be random or pct, got '${v}'`);
  return v;
}

function parseSchedule(v: string): number[] {
  const ids = v.split(',').map((x) => x.trim());
  if (ids.some((x) => !/^[1-9]\d*$/.test(x))) throw new UsageError(`--schedule must list thread ids like 1,2,1, got '${v}'`);
  return ids.map(Number);
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
