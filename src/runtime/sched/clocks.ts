// Deterministic mode: a scenario thread's own clocks read the virtual clock, so a scenario that
// times itself with performance.now() or Date.now() sees what it would see in real time (a wait
// of 0.5 s takes 500 ms) and the same on every replay of a schedule.
import type { Scheduler } from './scheduler';

/** Points this worker's performance.now() and Date.now() at `sched`'s virtual clock. */
export function virtualizeClocks(sched: Scheduler): void {
  Object.defineProperty(performance, 'now', { value: () => sched.now(), configurable: true, writable: true });
  Object.defineProperty(Date, 'now', { value: () => Math.floor(sched.wallMs()), configurable: true, writable: true });
}
