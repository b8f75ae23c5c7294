// Confirms the trace analyses' findings by replay: one bounded exploration of the scenario with
// the deterministic scheduler, then
// - a potential deadlock is `confirmed` by a schedule that deadlocks on the same locks (replayed
//   once to read which locks its cycle waits on), else `notReproduced` in N schedules;
// - a data race is `confirmed` when the field ends with different values in different schedules
//   (the lost update: "x = 1 in 37 of 200"), each value with a schedule that gives it.
// The search is random, biased (DeterministicOptions.preemptHolders) to switch away from a thread
// that holds a lock: a lock-order cycle of n locks needs n such switches, each between a thread's
// two acquisitions, which uniform choices rarely make (the naive philosophers without a pause
// deadlocked in 0 of 300 plain random schedules). For races it postpones the accesses to the raced
// fields (DeterministicOptions.postponeRaces): on virtual time, threads that sleep between a read
// and its write run in lockstep, and without delays every schedule of examples/lost-update.ts lost
// the same five updates (count = 5 in 200 of 200), so the race never showed a second value.
import type { ExploreResult, ExploreRow } from '../../core/protocol/runner';
import type { DataRace, Findings, LockCycle } from '../../core/trace/format';
import type { TraceHeader } from '../../core/trace/source';
import { exploreScenario } from './explore';
import { runScenario, type HostEnv } from './run';

export interface ConfirmOptions {
  /** Schedules to try (default 200). */
  runs?: number;
  /** Wall time for the whole confirmation, in seconds (default 20): the search stops then, and no replay starts after it. */
  budgetS?: number;
  env?: HostEnv;
  /** Schedules run so far, for a progress display. */
  onProgress?: (p: { done: number; total: number; elapsedMs: number }) => void;
  /** Aborting stops the search after its current schedule; the findings keep what it showed by then. */
  signal?: AbortSignal;
}

/** What a confirmation did, for the CLI's line and the editor's status. */
export interface ConfirmSummary {
  /** Schedules run. */
  runs: number;
  elapsedMs: number;
  /** Why the search ended: all `runs` ran; every finding was shown (early); the time budget ran out; cancelled. */
  ended: 'allRuns' | 'allShown' | 'budget' | 'cancelled';
  /** The scenario could not be explored (it fails to load, …): the findings stay unconfirmed. */
  error?: string;
}

export const DEFAULT_CONFIRM_RUNS = 200;
export const DEFAULT_CONFIRM_BUDGET_S = 20;

/** Scenario files the deterministic scheduler can run (a Python trace cannot be replayed). */
export function canConfirm(trace: TraceHeader): boolean {
  return /\.(ts|mts|js|mjs|cjs)$/.test(trace.meta.file) && trace.outcome.kind !== 'error';
}

/** The findings `confirmFindings` would search for: potential deadlocks and data races. */
export function hasConfirmable(findings: Findings): boolean {
  return findings.races.length > 0 || findings.cycles.some((c) => c.kind === 'potentialDeadlock');
}

/**
 * Sets `confirmation` on every potential deadlock and data race of `findings` (undefined when the
 * search failed or was cancelled before its first schedule). The search ends early once it has
 * shown every finding (a deadlock per cycle, two final values per raced field): its counts are
 * then over the schedules run, which the confirmation says.
 */
export async function confirmFindings(trace: TraceHeader, findings: Findings, o: ConfirmOptions = {}): Promise<ConfirmSummary> {
  const started = performance.now();
  const elapsedMs = () => performance.now() - started;
  const budgetMs = (o.budgetS ?? DEFAULT_CONFIRM_BUDGET_S) * 1000;
  const cycles = findings.cycles.filter((c) => c.kind === 'potentialDeadlock');
  if (!canConfirm(trace) || !hasConfirmable(findings)) return { runs: 0, elapsedMs: 0, ended: 'allRuns' };
  let ended: ConfirmSummary['ended'] = 'allRuns';
  const x = exploreScenario(
    {
      file: trace.meta.file,
      scenario: trace.meta.scenario,
      runs: o.runs ?? DEFAULT_CONFIRM_RUNS,
      strategy: 'random',
      seed: 1,
      sleepScale: trace.meta.sleepScale,
      preemptHolders: cycles.length > 0,
      raceFields: [...new Set(findings.races.map((r) => fieldName(trace, r)).filter((f) => f !== undefined))],
    },
    (p) => {
      o.onProgress?.(p);
      if (ended === 'allRuns' && allShown(trace, findings, cycles.length, p.rows)) stop('allShown');
    },
    o.env,
  );
  const stop = (why: ConfirmSummary['ended']) => {
    if (ended === 'allRuns') ended = why;
    x.cancel();
  };
  const timer = setTimeout(() => stop('budget'), budgetMs);
  const onAbort = () => stop('cancelled');
  if (o.signal?.aborted) onAbort();
  o.signal?.addEventListener('abort', onAbort);
  const result = await x.done.finally(() => {
    clearTimeout(timer);
    o.signal?.removeEventListener('abort', onAbort);
  });
  if (result.error) return { runs: result.done, elapsedMs: elapsedMs(), ended, error: result.error.message };
  if (result.done === 0) return { runs: 0, elapsedMs: elapsedMs(), ended };
  for (const r of findings.races) r.confirmation = confirmRace(trace, r, result);
  // A replay reads which locks a deadlock waits on; none starts once the budget is spent or the search was cancelled.
  const replayable = () => ended !== 'cancelled' && !o.signal?.aborted && elapsedMs() < budgetMs;
  for (const c of cycles) c.confirmation = await confirmCycle(trace, c, result, replayable, o.env);
  return { runs: result.done, elapsedMs: elapsedMs(), ended };
}

/** "3 schedules in 3.7 s (stopped early: every finding was shown)": what a confirmation did. */
export function confirmSummaryText(s: ConfirmSummary, budgetS: number): string {
  const took = `${s.runs} schedule${s.runs === 1 ? '' : 's'} in ${(s.elapsedMs / 1000).toFixed(1)} s`;
  if (s.error) return `failed after ${took}: ${s.error.split('\n')[0]}`;
  const why = {
    allRuns: 'all of them run',
    allShown: 'stopped early: every finding was shown',
    budget: `stopped at the budget of ${budgetS} s`,
    cancelled: 'cancelled',
  }[s.ended];
  return `${took} (${why})`;
}

/** Every cycle has a deadlock row to replay and every raced field ended with two values. */
function allShown(trace: TraceHeader, findings: Findings, cycles: number, rows: ExploreRow[]): boolean {
  if (rows.filter((r) => r.kind === 'deadlock').length < cycles) return false;
  return findings.races.every((r) => {
    const label = sharedLabel(trace, r);
    return label !== undefined && new Set(rows.map((row) => finalValue(row, label)).filter((v) => v !== undefined)).size > 1;
  });
}

async function confirmCycle(trace: TraceHeader, c: LockCycle, x: ExploreResult, replayable: () => boolean, env?: HostEnv): Promise<LockCycle['confirmation']> {
  const name = (t: TraceHeader, id: number) => t.primitives.find((p) => p.id === id)?.name;
  const wanted = new Set(c.locks.map((l) => name(trace, l)));
  // Deadlock rows, most frequent first; a few replays at most.
  for (const row of x.rows.filter((r) => r.kind === 'deadlock').slice(0, 3)) {
    if (!replayable()) break;
    const replay = await runScenario(
      {
        file: trace.meta.file,
        scenario: trace.meta.scenario,
        timeLimitS: 30,
        captureSites: false,
        sleepScale: trace.meta.sleepScale,
        deterministic: { seed: row.seed, strategy: 'replay', schedule: row.schedule },
      },
      undefined,
      env,
    ).done;
    const cycle = replay.outcome.cycle ?? [];
    const on = new Set(replay.outcome.stuck?.filter((s) => cycle.includes(s.thread)).map((s) => name(replay, s.on)));
    if (on.size === wanted.size && [...wanted].every((w) => on.has(w))) return { status: 'confirmed', runs: x.done, seed: row.seed, schedule: row.schedule };
  }
  return { status: 'notReproduced', runs: x.done };
}

function confirmRace(trace: TraceHeader, r: DataRace, x: ExploreResult): DataRace['confirmation'] {
  const label = sharedLabel(trace, r);
  if (label === undefined) return { status: 'notReproduced', runs: x.done };
  const values = new Map<string, { value: string; count: number; seed: number; schedule: number[] }>();
  for (const row of x.rows) {
    const value = finalValue(row, label);
    if (value === undefined) continue;
    const v = values.get(value);
    if (v) v.count += row.count;
    else values.set(value, { value, count: row.count, seed: row.seed, schedule: row.schedule });
  }
  const list = [...values.values()].sort((a, b) => b.count - a.count);
  return list.length > 1
    ? { status: 'confirmed', runs: x.done, values: list }
    : { status: 'notReproduced', runs: x.done, ...(list.length && { values: list }) };
}

/** The raced field's name, as its record was created. */
function fieldName(trace: TraceHeader, r: DataRace): string | undefined {
  const rec = trace.primitives.find((p) => p.id === r.record);
  return (rec?.init?.fields as string[] | undefined)?.[r.field];
}

/** How the exploration's labels name the raced field: "x" (one shared record) or "d.x" (several). */
function sharedLabel(trace: TraceHeader, r: DataRace): string | undefined {
  const rec = trace.primitives.find((p) => p.id === r.record);
  const field = fieldName(trace, r);
  if (!rec || field === undefined) return undefined;
  return Object.keys(trace.outcome.shared ?? {}).length > 1 ? `${rec.name}.${field}` : field;
}

/** A row's final value of the field: labels list them as "x = 2" or "d.x = 2, e.y = true", after "t raised …; " if one did. */
function finalValue(row: ExploreRow, label: string): string | undefined {
  const part = row.label.split(/[,;] /).find((p) => p.startsWith(`${label} = `));
  return part?.slice(label.length + 3);
}
