// A three-state futex word (Drepper, "Futexes Are Tricky", mutex #2; the model of Mozilla's
// js-lock-and-condition): 0 free, 1 locked, 2 locked and someone may be waiting.
// Release notifies only from state 2, so an uncontended pair is two CAS-class operations.
// The blocking itself is injected, so user-visible locks block through the scheduler while the
// heap's private lock blocks directly.

export type WaitFn = (arr: Int32Array, index: number, expected: number, timeoutMs: number) => 'ok' | 'not-equal' | 'timed-out';
export type WakeFn = (arr: Int32Array, index: number, count: number) => void;

export function tryLock(arr: Int32Array, index: number): boolean {
  return Atomics.compareExchange(arr, index, 0, 1) === 0;
}

/** Blocks until locked or `deadline` (ms on `now`'s clock; Infinity for none) passes. */
export function lockSlow(arr: Int32Array, index: number, deadline: number, now: () => number, wait: WaitFn, stop?: () => boolean): boolean {
  let c = Atomics.compareExchange(arr, index, 0, 1);
  if (c === 0) return true;
  if (c !== 2) c = Atomics.exchange(arr, index, 2);
  while (c !== 0) {
    // No clock read for an untimed wait: a contended hammer's waiters would read it at every wake-up.
    const remaining = deadline === Infinity ? Infinity : deadline - now();
    if (remaining <= 0 || stop?.()) return false;
    wait(arr, index, 2, remaining);
    c = Atomics.exchange(arr, index, 2);
  }
  return true;
}

/** Returns false if the word was not locked (the caller raises the user-facing error). */
export function unlock(arr: Int32Array, index: number, wake: WakeFn): boolean {
  const prev = Atomics.sub(arr, index, 1);
  if (prev === 1) return true;
  if (prev === 0) {
    Atomics.store(arr, index, 0);
    return false;
  }
  Atomics.store(arr, index, 0);
  wake(arr, index, 1);
  return true;
}

export const rawWait: WaitFn = (arr, index, expected, timeoutMs) => Atomics.wait(arr, index, expected, timeoutMs === Infinity ? undefined : timeoutMs);
export const rawWake: WakeFn = (arr, index, count) => {
  Atomics.notify(arr, index, count);
};
