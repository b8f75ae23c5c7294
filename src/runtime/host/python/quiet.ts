// A stall across processes. Each Python process's watchdog sees only its own threads: when all of
// them wait with no timeout and some wait on another process (a multiprocessing Queue, Lock, Pipe,
// a child's join), it reports 'quiet' every 100 ms instead of ending the run (src/python/
// interleave_trace/_watch.py). Only the host sees every process: the run is a stall once every
// live process is quiet and each has reported the same waits twice since the last one went quiet
// (so a wake-up sent just before a process went quiet has been seen by its receiver's watchdog).
import type { PySnapshot } from './wire';

interface Quiet {
  key: string;
  /** The epoch its current report counts in, and how many reports with this key it sent in it. */
  epoch: number;
  count: number;
  snapshot: PySnapshot;
}

export class CrossProcessStall<P> {
  private readonly live = new Set<P>();
  private readonly quiet = new Map<P, Quiet>();
  /** Children started whose tracer has not connected yet (pid): they may still wake someone. */
  private readonly booting = new Set<number>();
  private readonly connected = new Set<number>();
  /** Bumped whenever a process starts a new quiet streak: the others must confirm after it. */
  private epoch = 0;

  connect(p: P, pid: number): void {
    this.live.add(p);
    this.connected.add(pid);
    this.booting.delete(pid);
  }

  spawned(pid: number): void {
    if (!this.connected.has(pid)) this.booting.add(pid);
  }

  /** The main script ended (the interpreter's exit join of children is not traced), or a child exited. */
  ended(p: P): void {
    this.live.delete(p);
    this.quiet.delete(p);
    // Whoever joined it must be seen to wait still (or not) after it went.
    this.epoch++;
  }

  busy(p: P): void {
    this.quiet.delete(p);
  }

  /** A quiet report; returns every process's snapshot (mapped to the run's ids) when the run is a stall. */
  report(p: P, key: string, snapshot: PySnapshot): PySnapshot | undefined {
    const q = this.quiet.get(p);
    if (q && q.key === key) {
      if (q.epoch === this.epoch) q.count++;
      else Object.assign(q, { epoch: this.epoch, count: 1 });
      q.snapshot = snapshot;
    } else {
      this.quiet.set(p, { key, epoch: ++this.epoch, count: 1, snapshot });
    }
    if (this.booting.size || this.live.size === 0) return undefined;
    for (const l of this.live) {
      const s = this.quiet.get(l);
      if (!s || s.epoch !== this.epoch || s.count < 2) return undefined;
    }
    const all = [...this.live].map((l) => this.quiet.get(l)!.snapshot);
    return { live: all.flatMap((s) => s.live), blocked: all.flatMap((s) => s.blocked) };
  }
}
