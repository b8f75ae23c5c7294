// The one component that owns scheduling points: blocking, waking, timeouts, sleeping and the
// clock. Primitives never call Atomics.wait/notify or read a clock themselves, so the
// deterministic mode can put a controlled scheduler with virtual time here without touching them.
import type { WaitFn, WakeFn } from '../shm/futex';

export interface Scheduler {
  /** Milliseconds on this run's clock (monotonic; virtual in deterministic mode). */
  now(): number;
  /** Milliseconds on a monotonic clock every thread reads alike (time.monotonic; virtual in deterministic mode). */
  monotonicMs(): number;
  /** Milliseconds since the Unix epoch (time.time; the run's start plus virtual time in deterministic mode). */
  wallMs(): number;
  /**
   * Called before every observable operation; the controlled scheduler may switch threads here.
   * `racing`: the operation reads or writes a shared field a race was found on (an exploration's
   * raceFields), where a confirming search postpones the thread (DeterministicOptions.postponeRaces).
   */
  point(racing?: boolean): void;
  /** Blocks while arr[index] === expected, for at most timeoutMs (Infinity: no limit). */
  wait: WaitFn;
  wake: WakeFn;
  /** Sleeps ms on this run's clock. */
  sleep(ms: number): void;
  /** A thread begins (before its first event); the controlled scheduler waits here for its first turn. */
  enter(): void;
  /** A thread is done (after its last event); the controlled scheduler passes the baton on. */
  exit(): void;
}

/** Real threads, real time: the operating system schedules, Atomics block. */
export class RealtimeScheduler implements Scheduler {
  now(): number {
    return perf.now();
  }

  /** CLOCK_MONOTONIC, the clock of CPython's time.monotonic() on Linux: one for every worker (performance.now() counts from each worker's start). */
  monotonicMs(): number {
    return Number(process.hrtime.bigint()) / 1e6;
  }

  wallMs(): number {
    return perf.timeOrigin + perf.now();
  }

  point(): void {}

  enter(): void {}

  exit(): void {}

  wait(arr: Int32Array, index: number, expected: number, timeoutMs: number): 'ok' | 'not-equal' | 'timed-out' {
    return Atomics.wait(arr, index, expected, timeoutMs === Infinity ? undefined : Math.max(0, timeoutMs));
  }

  wake(arr: Int32Array, index: number, count: number): void {
    Atomics.notify(arr, index, count);
  }

  sleep(ms: number): void {
    if (ms <= 0) return;
    const deadline = performance.now() + ms;
    // Atomics.wait never returns early on this word, but re-check against the clock anyway.
    for (let left = ms; left > 0; left = deadline - performance.now()) Atomics.wait(sleepWord, 0, 0, left);
  }
}

const sleepWord = new Int32Array(new SharedArrayBuffer(4));
// The global `performance` is a lazy getter in Node 20: read it once, not per event.
const perf = performance;
