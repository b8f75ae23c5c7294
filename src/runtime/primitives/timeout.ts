// CPython's timeout rules in one place. None (null/undefined) waits without limit; a timeout of
// zero or less (or NaN) does not wait at all, it only tries; a timeout longer than TIMEOUT_MAX
// raises OverflowError. CPython raises that one only once the call would wait; here it is checked
// before the call records anything, so no wait is left open in the trace. Lock and RLock differ:
// their "no limit" is -1 and they reject other negatives (checkAcquireArgs in base.ts).
import { OverflowError } from '../errors';
import type { ThreadContext } from '../worker/context';

/** threading.TIMEOUT_MAX of CPython on 64-bit Linux (3.9–3.13): the longest timeout, in seconds. */
export const TIMEOUT_MAX = 9223372036;

/** CPython 3.11+'s wording (3.9 and 3.10: "timestamp too large to convert to C _PyTime_t"). */
export function timeoutTooLarge(): OverflowError {
  return new OverflowError('timestamp out of range for platform time_t');
}

/** Raises CPython's OverflowError for a timeout longer than TIMEOUT_MAX. */
export function checkTimeout(timeout: number | null | undefined): void {
  if (timeout != null && timeout > TIMEOUT_MAX) throw timeoutTooLarge();
}

/** Scheduler deadline (ms) of a wait of `timeout` seconds starting now: Infinity for None, now for <= 0 or NaN. */
export function deadlineAfter(c: ThreadContext, timeout: number | null | undefined): number {
  if (timeout == null) return Infinity;
  return c.sched.now() + (timeout > 0 ? c.ms(timeout) : 0);
}

/** A call's timeout as the trace records it: -1 none, else the seconds it may wait (0 when it only tries). */
export function recordedTimeout(timeout: number | null | undefined): number {
  return timeout == null ? -1 : timeout > 0 ? timeout : 0;
}
