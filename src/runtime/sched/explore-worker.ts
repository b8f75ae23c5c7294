// An exploration worker's life: idle on its pool mailbox, run the thread it is handed (MainThread
// when handed 1), unwind when the run is torn down (RunAbort), reload the scenario module, and
// be idle again — the same worker serves run after run, never a new one per run.
import { POOL_INDEX } from '../shm/layout';
import { RunAbort } from './controlled';
import { H } from './layout';

/** Mailbox value that tells an explore worker to return (its thread then ends). */
export const QUIT = -2;

export interface ExploreHooks {
  run(tid: number): void;
  /** Loads a fresh instance of the scenario module; false if it no longer loads. */
  reload(): boolean;
}

export function exploreLoop(ctl: Int32Array, sched: SharedArrayBuffer, mailbox: number, hooks: ExploreHooks): void {
  const s = new Int32Array(sched);
  const mb = POOL_INDEX + mailbox;
  for (let first = true; ; first = false) {
    if (!first && !hooks.reload()) return;
    // Idle (0), unless the runner handed us a thread while we loaded.
    Atomics.compareExchange(ctl, mb, -1, 0);
    Atomics.add(s, H.IDLE, 1);
    Atomics.notify(s, H.IDLE);
    while (Atomics.load(ctl, mb) === 0) Atomics.wait(ctl, mb, 0);
    const tid = Atomics.load(ctl, mb);
    if (tid === QUIT) return;
    try {
      hooks.run(tid);
    } catch (e) {
      if (!(e instanceof RunAbort)) throw e;
    }
    Atomics.store(ctl, mb, -1);
  }
}
