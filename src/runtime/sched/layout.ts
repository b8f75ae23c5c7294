// The controlled scheduler's state, in one SharedArrayBuffer every scenario thread maps. Only the
// thread holding the baton writes it (the runner writes it before a run starts and reads it once
// the run is frozen), except a thread's own arrival and the runner's answers in step mode, which
// go through Atomics.
//
// Header (int32):
// | word        | meaning                                                                  |
// |-------------|--------------------------------------------------------------------------|
// | BATON       | thread id allowed to run (exactly one scenario thread runs at a time)    |
// | END         | End below: why the run cannot go on; the runner waits on this word       |
// | ABORT       | 1: the run is being torn down, every scheduling call throws RunAbort     |
// | STEPS       | decisions made so far (one per scheduling point or block)                 |
// | RNG         | PRNG state (mulberry32)                                                   |
// | STRATEGY    | Strategy below; FALLBACK: what replay continues with once its list ends   |
// | DEPTH, PCT_K| PCT's depth bound d and its estimate k of the run's length in steps       |
// | REPLAY_LEN/POS | the schedule being replayed and how far it got                         |
// | CHOICES     | choices recorded so far (decisions with two or more candidates)           |
// | BLOCK_SEQ   | counter giving blocked threads their FIFO order (futex wake order)         |
// | ARRIVALS    | bumped when a started thread arrives; deciders wait on it                  |
// | MAX_STEPS   | 0 unlimited; else the run ends as End.steps after that many decisions       |
// | DIVERGED    | 1 once a replayed choice was not a candidate (the rest follows FALLBACK)   |
// | STEP_MODE   | 1: a person chooses (step mode); PAUSE_STEP: pause from this decision on   |
// | PAUSED      | thread id of the decider waiting for a person's choice, 0 none            |
// | PAUSE_SEQ   | bumped at each pause (the runner waits on it)                              |
// | ANSWER      | the person's answer (Answer below or a thread id), 0 while none            |
// | CANDIDATES  | how many thread ids the paused decider wrote at CAND_INDEX                 |
// | UNTIL_BLOCK | 1: "run to next block": keep the running thread until it blocks            |
// | IDLE        | explore: bumped whenever a worker is back on its mailbox (kept across runs) |
// | CHANGE_AT.. | PCT change points (step numbers), MAX_DEPTH - 1 of them                    |
// | PREEMPT_HOLDERS | 1: random choices prefer threads that hold no lock (DeterministicOptions) |
// | POSTPONE_RACES | 1: random choices postpone threads at a racing access (DeterministicOptions) |
// Float64 header: VNOW, the virtual clock in ns; PAUSE_AT_NS: step mode pauses from this time on;
// EPOCH_MS: the wall time (ms since 1970) at the run's start, where the virtual clock's zero is.
// Per thread (int32): STATUS, KEY (what it waits on), RESULT, BSEQ, GO (its baton word), OP, SITE,
// HOLDS (1 while it holds a Lock or RLock, as of its last decision), RACING (1 while it waits at a
// scheduling point before a racing access: Scheduler.point);
// per thread (float64): DEADLINE (ns), PRIO (PCT priority, 0 until assigned).
import { MAX_THREADS } from '../shm/layout';

export const H = {
  BATON: 0,
  END: 1,
  ABORT: 2,
  STEPS: 3,
  RNG: 4,
  STRATEGY: 5,
  FALLBACK: 6,
  DEPTH: 7,
  PCT_K: 8,
  REPLAY_LEN: 9,
  REPLAY_POS: 10,
  CHOICES: 11,
  BLOCK_SEQ: 12,
  ARRIVALS: 13,
  MAX_STEPS: 14,
  DIVERGED: 15,
  STEP_MODE: 16,
  PAUSE_STEP: 17,
  PAUSED: 18,
  PAUSE_SEQ: 19,
  ANSWER: 20,
  CANDIDATES: 21,
  UNTIL_BLOCK: 22,
  IDLE: 23,
  CHANGE_AT: 24,
  PREEMPT_HOLDERS: 40,
  POSTPONE_RACES: 41,
} as const;
export const MAX_DEPTH = 9;
const HDR_INTS = 64;
/** Float64 indices of the header's clocks. */
export const F = { VNOW: HDR_INTS / 2, PAUSE_AT_NS: HDR_INTS / 2 + 1, EPOCH_MS: HDR_INTS / 2 + 2 } as const;
const F64_HDR = 8;

export const End = { running: 0, mainDone: 1, stuck: 2, steps: 3 } as const;
export const Strategy = { random: 0, pct: 1, replay: 2 } as const;
export const Status = { absent: 0, ready: 1, blocked: 2, running: 3, exited: 4 } as const;
export const Result = { ok: 0, timedOut: 1 } as const;
/** Step-mode answers besides a thread id. */
export const Answer = { untilBlock: -1, toEnd: -2 } as const;

export const T = { STATUS: 0, KEY: 1, RESULT: 2, BSEQ: 3, GO: 4, OP: 5, SITE: 6, HOLDS: 7, RACING: 8 } as const;
/** Even, so that the per-thread float64s after the table stay 8-byte aligned. */
const T_INTS = 10;
const THREADS_AT = HDR_INTS + F64_HDR * 2;
const THREAD_F64_AT = (THREADS_AT + (MAX_THREADS + 1) * T_INTS) / 2;
export const TF = { DEADLINE: 0, PRIO: 1 } as const;

/** Capacity of the replayed schedule and of the recorded choices (int32 entries each). */
export const LIST_CAPACITY = 1 << 18;
export const CAND_INDEX = THREAD_F64_AT * 2 + (MAX_THREADS + 1) * 4;
export const REPLAY_INDEX = CAND_INDEX + MAX_THREADS;
export const CHOICE_INDEX = REPLAY_INDEX + LIST_CAPACITY;
export const SCHED_BYTES = (CHOICE_INDEX + LIST_CAPACITY) * 4;

/** Key of a wait that no wake matches (sleep). */
export const NO_KEY = -1;

export function ti(tid: number, field: number): number {
  return THREADS_AT + tid * T_INTS + field;
}

export function tf(tid: number, field: number): number {
  return THREAD_F64_AT + tid * 2 + field;
}

export function newSchedBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(SCHED_BYTES);
}
