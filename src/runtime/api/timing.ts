// time.sleep and logging.debug for scenarios (both recorded on the calling thread's lane), and
// time's clocks (not recorded: reading a clock is not synchronisation).
import { format } from 'node:util';
import { EventKind } from '../../core/trace/kinds';
import { ctx } from '../worker/context';
import { BlockOp } from '../shm/layout';
import { ValueError } from '../errors';
import { checkTimeout } from '../primitives/timeout';

/** Python's time.sleep(seconds) (scaled by the run's sleep scale). */
export function sleep(seconds: number): void {
  if (Number.isNaN(seconds)) throw new ValueError('Invalid value NaN (not a number)');
  if (!(seconds >= 0)) throw new ValueError('sleep length must be non-negative');
  checkTimeout(seconds);
  const c = ctx();
  const at = c.operation();
  c.emit(EventKind.sleepBegin, 0, seconds, -1, -1, at);
  c.blockBegin(BlockOp.sleep, 0, true, at);
  c.sched.sleep(c.ms(seconds));
  c.blockEnd();
  c.emit(EventKind.sleepEnd, 0, seconds, -1, -1, at);
}

/** Python's time.monotonic(): seconds on a clock that never goes back; shared by every thread; virtual in deterministic mode; divided by the run's sleep scale, so sleep(1) advances it by 1. */
export function monotonic(): number {
  const c = ctx();
  return c.sched.monotonicMs() / 1000 / c.sleepScale;
}

/** Python's time.perf_counter(): the same clock as monotonic() (as in CPython on Linux). */
export function perfCounter(): number {
  return monotonic();
}

/** Python's time.time(): seconds since 1970 (not scaled); in deterministic mode the run's start plus virtual time. */
export function time(): number {
  return ctx().sched.wallMs() / 1000;
}

/** Python's time.monotonic_ns(): monotonic() in integer nanoseconds. */
export function monotonicNs(): bigint {
  return BigInt(Math.round(monotonic() * 1e9));
}

/** Python's time.perf_counter_ns(). */
export function perfCounterNs(): bigint {
  return monotonicNs();
}

/** Python's time.time_ns(): time() in integer nanoseconds. */
export function timeNs(): bigint {
  return BigInt(Math.round(ctx().sched.wallMs() * 1e3)) * 1000n;
}

/** A labelled instant on this thread's lane (console.log formatting). */
export function log(...values: unknown[]): void {
  const c = ctx();
  const text = format(...values);
  c.emit(EventKind.log, 0, c.heap.writeString(text), -1, -1, c.sites.capture());
}
