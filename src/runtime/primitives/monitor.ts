// The private mutex + condition pair that Semaphore, Event, Barrier and Queue are built on
// (CPython: `Condition(Lock())`). Quiet: the owning primitive records its own events.
import { Condition } from './condition';
import { Lock } from './lock';
import { ctx } from '../worker/context';
import { PrimKind } from '../../core/trace/kinds';

/** A new quiet condition over a new quiet lock; returns it. */
export function newMonitor(): Condition {
  return new Condition(new Lock(undefined, true), undefined, true);
}

/** A quiet condition sharing `lock` (Queue's three conditions share one mutex). */
export function newMonitorOn(lock: Lock): Condition {
  return new Condition(lock, undefined, true);
}

export function reviveMonitor(ref: number): Condition {
  if (ctx().heap.i32[ref >> 2] !== PrimKind.Condition) throw new Error(`internal: ${ref} is not a condition`);
  return new Condition(undefined, undefined, true, ref);
}

/** Runs fn holding the monitor's lock without recording. */
export function locked<T>(m: Condition, fn: () => T): T {
  (m.lock as Lock)._lockQuiet();
  try {
    return fn();
  } finally {
    (m.lock as Lock)._unlockQuiet();
  }
}
