// Confirms the trace analyses' findings by replay: one bounded exploration of the scenario with
// the deterministic scheduler, then
// - a potential deadlock is `confirmed` by a schedule that deadlocks on the same locks (replayed
//   once to read which locks its cycle waits on), else `notReproduced` in N schedules;
// - a data race is `confirmed` when the field ends with different values in different schedules
//   (the lost update: "x = 1 in 37 of 200"), each value with a schedule that gives it.
// The search is random, biased (DeterministicOptions.preemptHolders) to switch away from a thread
// that holds a lock: a lock-order cycle of n locks needs n such switches, each between a thread's
// two acquisitions, which uniform choices rarely make (the naive philosophers without a pause
// deadlocked in 0 of 300 plain random schedules).
import type { ExploreResult } from '../../core/protocol/runner';
import type { DataRace, Findings, LockCycle } from '../../core/trace/format';
import type { TraceHeader } from '../../core/trace/source';
import { exploreScenario } from './explore';
import { runScenario, type HostEnv } from './run';

export interface ConfirmOptions {
  /** Schedules to try (default 200). */
  runs?: number;
  /** Wall time for the whole search, in seconds (default 20): the exploration is cancelled then. */
  timeLimitS?: number;
  env?: HostEnv;
}

/** Scenario files the deterministic scheduler can run (a Python trace cannot be replayed). */
export function canConfirm(trace: TraceHeader): boolean {
  return /\.(ts|mts|js|mjs|cjs)$/.test(trace.meta.file) && trace.outcome.kind !== 'error';
}

/** Sets `confirmation` on every potential deadlock and data race of `findings`. */
export async function confirmFindings(trace: TraceHeader, findings: Findings, o: ConfirmOptions = {}): Promise<void> {
  const cycles = findings.cycles.filter((c) => c.kind === 'potentialDeadlock');
  if (!canConfirm(trace) || (cycles.length === 0 && findings.races.length === 0)) return;
  const x = exploreScenario(
    {
      file: trace.meta.file,
      scenario: trace.meta.scenario,
      runs: o.runs ?? 200,
      strategy: 'random',
      seed: 1,
      sleepScale: trace.meta.sleepScale,
      preemptHolders: cycles.length > 0,
    },
    undefined,
    o.env,
  );
  const timer = setTimeout(() => x.cancel(), (o.timeLimitS ?? 20) * 1000);
  const result = await x.done.finally(() => clearTimeout(timer));
  if (result.error) return;
  for (const c of cycles) c.confirmation = await confirmCycle(trace, c, result, o.env);
  for (const r of findings.races) r.confirmation = confirmRace(trace, r, result);
}

async function confirmCycle(trace: TraceHeader, c: LockCycle, x: ExploreResult, env?: HostEnv): Promise<LockCycle['confirmation']> {
  const name = (t: TraceHeader, id: number) => t.primitives.find((p) => p.id === id)?.name;
  const wanted = new Set(c.locks.map((l) => name(trace, l)));
  // Deadlock rows, most frequent first; a few replays at most.
  for (const row of x.rows.filter((r) => r.kind === 'deadlock').slice(0, 3)) {
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
  const rec = trace.primitives.find((p) => p.id === r.record);
  const field = (rec?.init?.fields as string[] | undefined)?.[r.field];
  if (!rec || field === undefined) return { status: 'notReproduced', runs: x.done };
  // Labels list final values as "x = 2" (one record) or "d.x = 2, e.y = true" (several), after "t raised …; " if one did.
  const shared = Object.keys(trace.outcome.shared ?? {}).length > 1 ? `${rec.name}.${field}` : field;
  const values = new Map<string, { value: string; count: number; seed: number; schedule: number[] }>();
  for (const row of x.rows) {
    const m = row.label.split(/[,;] /).find((part) => part.startsWith(`${shared} = `));
    if (!m) continue;
    const value = m.slice(shared.length + 3);
    const v = values.get(value);
    if (v) v.count += row.count;
    else values.set(value, { value, count: row.count, seed: row.seed, schedule: row.schedule });
  }
  const list = [...values.values()].sort((a, b) => b.count - a.count);
  return list.length > 1
    ? { status: 'confirmed', runs: x.done, values: list }
    : { status: 'notReproduced', runs: x.done, ...(list.length && { values: list }) };
}
