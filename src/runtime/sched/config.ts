// Prepares the scheduler's shared state for one run: seed, strategy, the schedule to replay,
// PCT's change points, step mode. Called by the runner (never by scenario threads) before the
// main thread starts, and again between the runs of an exploration.
import type { DeterministicOptions } from '../../core/protocol/runner';
import { nextInt } from './rng';
import { CHOICE_INDEX, End, F, H, LIST_CAPACITY, MAX_DEPTH, REPLAY_INDEX, Strategy, T, TF, tf, ti } from './layout';

export const DEFAULT_DEPTH = 3;
/** PCT's estimate of a run's length in scheduling steps when none is given. */
export const DEFAULT_PCT_STEPS = 100;

export function strategyCode(name: 'random' | 'pct' | 'replay'): number {
  return Strategy[name];
}

/**
 * Clears the state a previous run left (threads 1..lastTid) and sets up the next one:
 * thread 1 (MainThread) holds the baton from the start.
 */
export function prepareSched(buf: SharedArrayBuffer, o: DeterministicOptions, lastTid: number): void {
  const i32 = new Int32Array(buf);
  const f64 = new Float64Array(buf);
  const idle = i32[H.IDLE];
  i32.fill(0, 0, F.VNOW * 2);
  i32[H.IDLE] = idle;
  f64.fill(0, F.VNOW, F.VNOW + 8);
  f64[F.EPOCH_MS] = Date.now();
  for (let tid = 0; tid <= lastTid; tid++) {
    i32.fill(0, ti(tid, 0), ti(tid + 1, 0));
    f64[tf(tid, TF.DEADLINE)] = 0;
    f64[tf(tid, TF.PRIO)] = 0;
  }
  i32[H.RNG] = o.seed | 0;
  const replaying = o.strategy === 'replay' || (o.schedule?.length ?? 0) > 0;
  const base = o.strategy === 'replay' ? 'random' : o.strategy;
  i32[H.STRATEGY] = replaying ? Strategy.replay : Strategy[base];
  i32[H.FALLBACK] = Strategy[base];
  const schedule = (o.schedule ?? []).slice(0, LIST_CAPACITY);
  i32.set(schedule, REPLAY_INDEX);
  i32[H.REPLAY_LEN] = schedule.length;
  const depth = Math.max(1, Math.min(MAX_DEPTH, o.depth ?? DEFAULT_DEPTH));
  const k = Math.max(1, o.steps ?? DEFAULT_PCT_STEPS);
  i32[H.DEPTH] = depth;
  i32[H.PCT_K] = k;
  // PCT: d - 1 priority change points, uniform over the first k steps (Burckhardt et al. 2010).
  for (let j = 0; j < depth - 1; j++) i32[H.CHANGE_AT + j] = 1 + nextInt(i32, H.RNG, k);
  i32[H.MAX_STEPS] = o.maxSteps ?? 0;
  i32[H.PREEMPT_HOLDERS] = o.preemptHolders ? 1 : 0;
  i32[H.POSTPONE_RACES] = o.postponeRaces ? 1 : 0;
  if (o.step) {
    i32[H.STEP_MODE] = 1;
    i32[H.PAUSE_STEP] = o.step.pauseAtStep ?? 0;
    f64[F.PAUSE_AT_NS] = o.step.pauseAtNs ?? 0;
  }
  i32[H.END] = End.running;
  i32[H.BATON] = 1;
  i32[ti(1, T.GO)] = 1;
}

/** The choices recorded so far (what replays this run). */
export function recordedSchedule(buf: SharedArrayBuffer): number[] {
  const i32 = new Int32Array(buf);
  const n = Math.min(Atomics.load(i32, H.CHOICES), LIST_CAPACITY);
  return Array.from(i32.subarray(CHOICE_INDEX, CHOICE_INDEX + n));
}

/** Virtual time in ns. */
export function virtualNow(buf: SharedArrayBuffer): number {
  return new Float64Array(buf)[F.VNOW];
}
