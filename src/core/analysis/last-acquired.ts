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
  // By primitive id (trace ids are given out one by one, so small and dense): no object per acquisition, tens of millions go by.
  private t = new Float64Array(64).fill(-Infinity);
  private thread = new Int32Array(64);
  private at = new Int32Array(64);

  /** Batches may interleave threads out of time order: the latest in time wins. */
  note(batch: EventBatch): void {
    const { k, p, th, at, t } = batch;
    for (let i = 0; i < k.length; i++) if (k[i] === EventKind.acquired) this.noteOne(p[i], t[i], th[i], at[i]);
  }

  /** One acquisition (a batch's, in its order: of two at one time, the later one wins). */
  noteOne(id: number, t: number, thread: number, at: number): void {
    if (id < 0) return;
    if (id >= this.t.length) this.grow(id);
    if (this.t[id] <= t) {
      this.t[id] = t;
      this.thread[id] = thread;
      this.at[id] = at;
    }
  }

  get(prim: number): Acquisition | undefined {
    return prim >= 0 && prim < this.t.length && this.t[prim] > -Infinity ? { thread: this.thread[prim], at: this.at[prim], t: this.t[prim] } : undefined;
  }

  private grow(id: number): void {
    const n = Math.max(id + 1, 2 * this.t.length);
    const t = new Float64Array(n).fill(-Infinity);
    t.set(this.t);
    const thread = new Int32Array(n);
    thread.set(this.thread);
    const at = new Int32Array(n);
    at.set(this.at);
    this.t = t;
    this.thread = thread;
    this.at = at;
  }
}

/** The Namer's `acquiredAt`: the line and time `thread` took the lock, if it was the last to take it. */
export function acquiredAtText(a: Acquisition | undefined, thread: number, sites: readonly string[]): string | undefined {
  return a && a.thread === thread ? `${sites[a.at] ?? 'an unknown line'} (at ${formatDuration(a.t)})` : undefined;
}
