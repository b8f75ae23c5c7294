// The private mutex + condition pair that Semaphore, Event, Barrier and Queue are built on
// (CPython: `Condition(Lock())`). Quiet: the owning primitive records its own events.
import { Condition } from './condition';
import { Lock } from './lock';
import { ctx } from '../worker/context';
import { PrimKind } from '../../core/trace/kinds';
import { quietly, revive } from './base';

/** A new quiet condition over a new quiet lock; returns it. */
export function newMonitor(): Condition {
  const lock = quietly(() => new Lock());
  return quietly(() => new Condition(lock));
}

/** A quiet condition sharing `lock` (Queue's three conditions share one mutex). */
export function newMonitorOn(lock: Lock): Condition {
  return quietly(() => new Condition(lock));
}

export function reviveMonitor(ref: number): Condition {
  if (ctx().heap.i32[ref >> 2] !== PrimKind.Condition) throw new Error(`internal: ${ref} is not a condition`);
  return revive(ref, () => new Condition());
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
