// The reused workers of an exploration and the shared memory they run in. Between two runs the
// pool resets the memory (thread table, heap, scheduler state; ring read indices) while every
// worker idles on its mailbox having reloaded the scenario module; a run starts by handing
// MainThread to an idle worker. A run that outgrows the pool (more threads than idle workers)
// gets a new worker, which then stays: workers are created for the pool, never for a run.
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DeterministicOptions } from '../../core/protocol/runner';
import { newRingBuffer, RingHeader, RING_HEADER_BYTES } from '../shm/ring';
import { Drain } from './drain';
import { changed } from './deterministic';
import { prepareSched } from '../sched/config';
import { H, T, newSchedBuffer, ti } from '../sched/layout';
import { QUIT } from '../sched/explore-worker';
import { SharedHeap } from '../shm/heap';
import { CONTROL_BYTES, Ctl, POOL_INDEX, Slot, ThreadState, slotIndex } from '../shm/layout';
import type { WorkerInit, WorkerToRunner } from '../worker/protocol';
import { SIZE_CLASSES } from '../shm/heap';

const HEAP_BYTES = 64 << 20;

interface PoolWorker {
  worker: Worker;
  ring: SharedArrayBuffer;
  mailbox: number;
}

export interface PoolSetup {
  distDir: string;
  bundlePath: string;
  sourceMap: string;
  scenario: string;
  sleepScale: number;
  raceFields?: string[];
  root: string;
  /** A worker failed to load the module or died: the exploration cannot go on. */
  onFailure(message: string): void;
}

export class ExplorePool {
  readonly control = new SharedArrayBuffer(CONTROL_BYTES);
  readonly ctl = new Int32Array(this.control);
  readonly heapBuffer = new SharedArrayBuffer(HEAP_BYTES);
  readonly heap = new SharedHeap(this.heapBuffer, this.control);
  readonly sched = newSchedBuffer();
  private readonly s = new Int32Array(this.sched);
  private readonly workers: PoolWorker[] = [];
  private closing = false;
  private failed = false;

  constructor(private readonly setup: PoolSetup) {
    SharedHeap.initialize(this.control);
  }

  private fail(message: string): void {
    if (this.closing) return;
    this.failed = true;
    this.setup.onFailure(message);
    // Whoever waits for the pool or for a run wakes up and sees the failure.
    Atomics.notify(this.s, H.IDLE);
    Atomics.notify(this.s, H.END);
  }

  get size(): number {
    return this.workers.length;
  }

  /** Adds a worker; `handTid` gives it a thread at once (a run asked for one more). */
  spawn(handTid = 0): void {
    const mailbox = Atomics.load(this.ctl, Ctl.POOL_COUNT);
    Atomics.store(this.ctl, POOL_INDEX + mailbox, handTid || -1);
    Atomics.add(this.ctl, Ctl.POOL_COUNT, 1);
    const ring = newRingBuffer();
    const worker = new Worker(join(this.setup.distDir, 'worker.js'), {
      workerData: {
        role: 'explore',
        mailbox,
        control: this.control,
        heap: this.heapBuffer,
        ring,
        bundlePath: this.setup.bundlePath,
        sourceMap: this.setup.sourceMap,
        captureSites: false,
        sleepScale: this.setup.sleepScale,
        sched: this.sched,
        scenario: this.setup.scenario,
        raceFields: this.setup.raceFields,
      } satisfies WorkerInit,
      stdout: true,
      stderr: true,
    });
    // What scenarios print, thousands of runs over, is not worth keeping.
    worker.stdout.resume();
    worker.stderr.resume();
    worker.on('message', (m: WorkerToRunner) => {
      if (m.type === 'start') this.spawn(m.tid);
      else if (m.type === 'loadError') this.fail(m.message);
    });
    worker.on('error', (e) => this.fail(e.message));
    worker.on('exit', () => this.fail('an exploration worker exited (process.exit in the scenario?)'));
    this.workers.push({ worker, ring, mailbox });
  }

  /** Resolves once every worker idles on its mailbox (loaded, no thread). */
  async idle(): Promise<void> {
    for (;;) {
      const seen = Atomics.load(this.s, H.IDLE);
      if (this.failed) throw new Error('the exploration pool failed');
      if (this.workers.every((w) => Atomics.load(this.ctl, POOL_INDEX + w.mailbox) === 0)) return;
      await changed(this.s, H.IDLE, seen);
    }
  }

  /** Clears what the last run left and starts MainThread under `det`; returns the drain of this run's events. */
  start(det: DeterministicOptions): Drain {
    const ctl = this.ctl;
    const last = Math.max(1, Atomics.load(ctl, Ctl.NEXT_THREAD));
    ctl.fill(0, slotIndex(0, 0), slotIndex(last + 1, 0));
    ctl.fill(0, Ctl.FREE_LISTS, Ctl.FREE_LISTS + SIZE_CLASSES);
    ctl[Ctl.HEAP_LOCK] = 0;
    ctl[Ctl.STOP] = 0;
    SharedHeap.initialize(this.control);
    Atomics.store(ctl, Ctl.NEXT_THREAD, 1);
    ctl.fill(0, Ctl.THREAD_NAMES, Ctl.LOCALS + 1);
    prepareSched(this.sched, det, last);
    const drain = new Drain(this.heap, 0, this.setup.root);
    for (const w of this.workers) {
      // Events of earlier runs (and of unwinding) are not this run's.
      const hdr = new Int32Array(w.ring, 0, RING_HEADER_BYTES / 4);
      Atomics.store(hdr, RingHeader.READ, hdr[RingHeader.WRITTEN]);
      Atomics.store(hdr, RingHeader.PUBLISHED, hdr[RingHeader.WRITTEN]);
      drain.add(w.ring);
    }
    ctl[slotIndex(1, Slot.NAME)] = this.heap.writeString('MainThread');
    ctl[slotIndex(1, Slot.INTERVAL)] = -1;
    Atomics.store(ctl, slotIndex(1, Slot.STATE), ThreadState.starting);
    const w = this.workers.find((x) => Atomics.compareExchange(ctl, POOL_INDEX + x.mailbox, 0, 1) === 0);
    if (!w) throw new Error('internal: no idle exploration worker');
    Atomics.notify(ctl, POOL_INDEX + w.mailbox);
    return drain;
  }

  /** Rings whose writer waits for room: advance them (their events go to `drain`) so the run goes on. */
  relieve(drain: Drain): void {
    for (const w of this.workers) {
      const hdr = new Int32Array(w.ring, 0, RING_HEADER_BYTES / 4);
      if (Atomics.load(hdr, RingHeader.WRITER_WAITING) === 1) {
        drain.drain();
        return;
      }
    }
  }

  /** Unwinds every thread of the frozen run (each throws RunAbort out of its scheduling call). */
  abort(): void {
    const s = this.s;
    Atomics.store(s, H.ABORT, 1);
    const last = Atomics.load(this.ctl, Ctl.NEXT_THREAD);
    for (let t = 1; t <= last; t++) {
      Atomics.store(s, ti(t, T.GO), 1);
      Atomics.notify(s, ti(t, T.GO));
    }
    Atomics.notify(s, H.ARRIVALS);
    Atomics.notify(s, H.ANSWER);
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const w of this.workers) {
      Atomics.store(this.ctl, POOL_INDEX + w.mailbox, QUIT);
      Atomics.notify(this.ctl, POOL_INDEX + w.mailbox);
    }
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }
}
