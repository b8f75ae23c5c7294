// Who waits on what across processes, for the runner's watchdog. A thread waiting on a
// cross-process object waits in the coordinator, not on a futex, so the runner's thread table sees
// it as running; but every such call passes here, so the coordinator knows exactly which thread
// waits in which call, with or without a timeout, and which thread holds each mp.Lock. This table
// turns that into the same wait-for snapshot core/analysis/stuck.ts reads for threading objects.
import type { WaitSnapshot } from '../../core/analysis/stuck';

interface Wait {
  op: string;
  /** The object (or, for a join, the process's MainThread) waited on. */
  on: number;
  at: number;
  since: number;
  timed: boolean;
}

/** How each coordinator call that can wait reads in a snapshot (the op names of describeWait). */
const WAITING_OPS: Record<string, string> = {
  'queue.get': 'queue.get',
  'queue.put': 'queue.put',
  'queue.join': 'queue.join',
  'pipe.recv': 'pipe.recv',
  'pipe.poll': 'pipe.poll',
  'sem.acquire': 'acquire',
  'event.wait': 'event.wait',
  'pool.result': 'pool.result',
  'pool.any': 'pool.result',
  'pool.next': 'pool.next',
  'proc.join': 'join',
};

export interface Holder {
  thread: number;
  at: number;
  t: number;
}

export class WaitTable {
  private readonly waits = new Map<number, Wait>();
  /** mp.Lock id → the thread holding it (any thread may release an mp.Lock; the last acquirer holds it). */
  readonly holders = new Map<number, Holder>();
  private readonly locks = new Set<number>();

  /** `id` is an mp.Lock: its holder is a wait-for edge. */
  addLock(id: number): void {
    this.locks.add(id);
  }

  /** A call that did not answer at once: its thread now waits in it. `on` is the object, or a joined process's MainThread. */
  begin(tid: number, op: string, on: number, at: number, timeoutMs: number | undefined, since: number): void {
    const name = WAITING_OPS[op];
    if (name) this.waits.set(tid, { op: name, on, at, since, timed: timeoutMs !== undefined && timeoutMs >= 0 });
  }

  /** The call answered; an mp.Lock acquired or released changes hands. */
  end(tid: number, op: string, id: number, result: unknown, at: number, t: number): void {
    this.waits.delete(tid);
    if (!this.locks.has(id)) return;
    if (op === 'sem.acquire' && (result as { acquired?: boolean } | null)?.acquired) this.holders.set(id, { thread: tid, at, t });
    else if (op === 'sem.release' && result) this.holders.delete(id);
  }

  /** The runner's snapshot with the coordinator's waits added; `childLive` are the live threads of child processes. */
  merge(local: WaitSnapshot, childLive: number[]): WaitSnapshot {
    const holds = new Map<number, number[]>();
    for (const [lock, h] of this.holders) holds.set(h.thread, [...(holds.get(h.thread) ?? []), lock]);
    const blocked = local.blocked.map((b) => (holds.has(b.thread) ? { ...b, holds: [...b.holds, ...holds.get(b.thread)!] } : b));
    const live = [...local.live, ...childLive];
    for (const [thread, w] of this.waits) {
      // A thread of a killed process leaves its wait behind: it waits no more.
      if (!live.includes(thread)) continue;
      const holder = this.locks.has(w.on) ? this.holders.get(w.on)?.thread : undefined;
      const heldBy = w.op === 'join' ? [w.on] : holder !== undefined ? [holder] : [];
      blocked.push({ thread, op: w.op, on: w.on, heldBy, holds: holds.get(thread) ?? [], at: w.at, since: w.since, timed: w.timed });
    }
    return { live, blocked };
  }
}
