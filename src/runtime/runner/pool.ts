// The run's scenario workers: MainThread's, the prewarmed ones that start() claims (each idles on
// a mailbox word of the control block), and one per running thread. Workers come from the park; a
// thread that found no idle worker is handed to a new one. A worker's load report settles `loaded`;
// its other messages, errors and exit go to the run.
import type { Worker } from 'node:worker_threads';
import { newRingBuffer } from '../shm/ring';
import { Ctl, POOL_INDEX } from '../shm/layout';
import type { WorkerInit, WorkerToRunner } from '../worker/protocol';
import type { WorkerPark } from './park';

export interface PooledWorker {
  worker: Worker;
  ring: SharedArrayBuffer;
  loaded: Promise<WorkerToRunner & { type: 'loaded' | 'loadError' }>;
  /** The thread it runs; 0 while it idles. */
  tid: number;
}

export interface PoolEvents {
  message(w: PooledWorker, m: WorkerToRunner): void;
  error(w: PooledWorker, e: Error): void;
  exit(w: PooledWorker, code: number): void;
  /** A new worker's event ring (the drain reads it). */
  ring(ring: SharedArrayBuffer): void;
}

/** What every worker of the run boots with, besides its role, mailbox and ring. */
export type RunInit = Omit<WorkerInit, 'role' | 'mailbox' | 'ring'>;

export class WorkerPool {
  /** MainThread's worker (or a list worker), which needs no mailbox. */
  private alone: PooledWorker[] = [];
  /** Prewarmed workers not yet handed a thread. */
  private idle: PooledWorker[] = [];
  readonly byTid = new Map<number, PooledWorker>();

  constructor(
    private readonly ctl: Int32Array,
    private readonly park: WorkerPark,
    private readonly init: RunInit,
    /** Idle workers kept loaded, so start() finds one ready. */
    readonly prewarm: number,
    private readonly on: PoolEvents,
  ) {}

  /** MainThread's worker, or a worker that only loads the file and reports its scenarios. */
  spawnAlone(role: 'main' | 'list'): PooledWorker {
    const w = this.spawn(role, -1);
    this.alone.push(w);
    return w;
  }

  /** Boots idle workers until `prewarm` wait (at once); resolves once all have loaded. */
  async fill(): Promise<void> {
    while (this.idle.length < this.prewarm) this.idle.push(this.spawnPooled());
    await Promise.all(this.idle.map((w) => w.loaded));
  }

  /** Every worker of the run so far (the drain reads their rings from the clock's start). */
  all(): PooledWorker[] {
    return [...new Set([...this.alone, ...this.idle, ...this.byTid.values()])];
  }

  /** No idle worker was there to claim: hand thread `tid` to a new one. */
  handTo(tid: number): void {
    this.spawnPooled(tid);
  }

  /** Worker `w` runs thread `tid` now; an idle worker takes its place. */
  running(w: PooledWorker, tid: number): void {
    w.tid = tid;
    this.byTid.set(tid, w);
    this.idle = this.idle.filter((p) => p !== w);
    if (this.idle.length < this.prewarm) this.idle.push(this.spawnPooled());
  }

  async terminateAll(): Promise<void> {
    const all = this.all();
    this.alone = [];
    this.idle = [];
    await Promise.all(all.map((w) => w.worker.terminate()));
  }

  /** A pool worker with a mailbox, already holding `handTid` if a thread waits for it. */
  private spawnPooled(handTid = 0): PooledWorker {
    // Publish the mailbox as "loading" (-1) or handed, never as a zero a starter could claim.
    const mailbox = Atomics.load(this.ctl, Ctl.POOL_COUNT);
    Atomics.store(this.ctl, POOL_INDEX + mailbox, handTid || -1);
    Atomics.add(this.ctl, Ctl.POOL_COUNT, 1);
    return this.spawn('pool', mailbox);
  }

  private spawn(role: WorkerInit['role'], mailbox: number): PooledWorker {
    const ring = newRingBuffer();
    const worker = this.park.take({ ...this.init, role, mailbox, ring });
    const pw: PooledWorker = {
      worker,
      ring,
      tid: 0,
      loaded: new Promise((resolve) => {
        worker.on('message', (m: WorkerToRunner) => {
          if (m.type === 'loaded' || m.type === 'loadError') resolve(m);
          else this.on.message(pw, m);
        });
        worker.on('error', (e) => {
          resolve({ type: 'loadError', message: e.message, stack: e.stack });
          this.on.error(pw, e);
        });
      }),
    };
    worker.on('exit', (code) => this.on.exit(pw, code));
    this.on.ring(ring);
    return pw;
  }
}
