// Where each lock was last acquired, followed batch by batch as a run's events arrive: a deadlock
// explanation says where the stuck thread took the lock it asks for again ("acquired Lock `lock`
// at x.py:9:5 (at 0.002 s)"). Runners feed it every batch, whether the events then stay in memory
// or go to a binary trace file, so both give the same explanation.
import { formatDuration } from '../format/time';
import type { EventBatch } from '../trace/format';
import { EventKind } from '../trace/kinds';

export interface Acquisition {
  thread: number;
  /** Site index. */
  at: number;
  /** ns since the run's start. */
  t: number;
}

export class LastAcquired {
  private readonly last = new Map<number, Acquisition>();

  /** Batches may interleave threads out of time order: the latest in time wins. */
  note(batch: EventBatch): void {
    const { k, p, th, at, t } = batch;
    for (let i = 0; i < k.length; i++) {
      if (k[i] !== EventKind.acquired) continue;
      const prev = this.last.get(p[i]);
      if (!prev || prev.t <= t[i]) this.last.set(p[i], { thread: th[i], at: at[i], t: t[i] });
    }
  }

  get(prim: number): Acquisition | undefined {
    return this.last.get(prim);
  }
}

/** The Namer's `acquiredAt`: the line and time `thread` took the lock, if it was the last to take it. */
export function acquiredAtText(a: Acquisition | undefined, thread: number, sites: readonly string[]): string | undefined {
  return a && a.thread === thread ? `${sites[a.at] ?? 'an unknown line'} (at ${formatDuration(a.t)})` : undefined;
}
