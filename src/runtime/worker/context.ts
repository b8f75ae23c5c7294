// The per-thread view of a run: which thread this is, the shared buffers, the scheduler, the
// recorder and the call-site capture. Set once when a worker starts; everything in the public API
// reaches the run through ctx().
import type { Recorder } from '../shm/ring';
import { RealtimeScheduler, type Scheduler } from '../sched/scheduler';
import type { WaitFn, WakeFn } from '../shm/futex';
import type { SharedHeap } from '../shm/heap';
import type { SiteCapture } from './sites';
import type { WorkerToRunner } from './protocol';
import { SINCE_F64_OFFSET_BYTES, Slot, slotIndex } from '../shm/layout';
import { EventKind, PrimKind } from '../../core/trace/kinds';

/** What start() leaves in the thread's START slot for the worker that runs it (wire form). */
export interface StartSpec {
  args: unknown;
  kwargs?: unknown;
  /** The Thread's class: '' Thread, ':Timer', else the export name of a Thread subclass. */
  cls?: string;
  /** The instance's own fields (a subclass's, Timer's), wire form: the new thread's copy of the object. */
  fields?: unknown;
}

export class ThreadContext {
  readonly ctl: Int32Array;
  readonly since: Float64Array;
  tid = 0;
  /** True while the scenario module's top level runs: primitives made then would differ per thread. */
  loading = false;
  exports: Record<string, unknown> = {};

  /** The scheduler's functions bound once: the futex helpers take functions, and a bind per call is garbage. */
  readonly waitFn: WaitFn;
  readonly wakeFn: WakeFn;
  readonly nowFn: () => number;
  /**
   * Whether the recorder's stamps are readings of the scheduler's clock (real time), so a wait may
   * begin at its request's stamp instead of reading the clock again. In deterministic mode every
   * stamp moves the virtual clock one tick on, and a wait begins after its request's tick.
   */
  readonly stampIsNow: boolean;

  constructor(
    control: SharedArrayBuffer,
    readonly heap: SharedHeap,
    readonly sched: Scheduler,
    readonly rec: Recorder,
    readonly sites: SiteCapture,
    readonly sleepScale: number,
    readonly post: (m: WorkerToRunner) => void,
  ) {
    this.ctl = new Int32Array(control);
    this.waitFn = sched.wait.bind(sched);
    this.wakeFn = sched.wake.bind(sched);
    this.nowFn = sched.now.bind(sched);
    this.stampIsNow = sched instanceof RealtimeScheduler;
    this.since = new Float64Array(control, SINCE_F64_OFFSET_BYTES);
  }

  /** Locks and RLocks this thread holds (deterministic mode's preemptHolders reads it). */
  locksHeld = 0;

  /**
   * The prologue of every operation a scenario calls (one hook, as parking_lot and loom have one):
   * a scheduling point, where the deterministic scheduler may run another thread first, then the
   * user's call site, which the operation's events carry. Returns the site ref. `racing`: see Scheduler.point;
   * `write`: a field's write (SiteCapture.capture).
   */
  operation(racing = false, write = false): number {
    this.sched.point(racing);
    return this.sites.capture(write);
  }

  /** Names of the shared fields a confirming exploration looks at (WorkerInit.raceFields). */
  raceFields: ReadonlySet<string> = new Set();

  /** Records an event at the user's call site `at` (a site ref from operation()). */
  emit(k: number, p: number, a: number, q: number, l: number, at: number): void {
    this.rec.emit(k, p, a, q, l, at);
    this.countLocks(k, p, a);
  }

  private countLocks(k: number, p: number, a: number): void {
    // A first acquisition has depth 1, a last release depth 0 (docs/trace-format.md); only locks have owners.
    if ((k === EventKind.acquired && a === 1) || (k === EventKind.release && a === 0)) {
      const kind = this.heap.i32[p >> 2];
      if (kind === PrimKind.Lock || kind === PrimKind.RLock) this.locksHeld += k === EventKind.acquired ? 1 : -1;
    }
  }

  /** Publishes what this thread is about to wait in, and since when (scheduler ms), for the runner's wait-for graph. */
  blockBegin(op: number, on: number, timed: boolean, at: number, since = this.sched.now()): void {
    const base = slotIndex(this.tid, 0);
    this.since[this.tid] = since;
    this.ctl[base + Slot.BLOCK_ON] = on;
    this.ctl[base + Slot.BLOCK_TIMED] = timed ? 1 : 0;
    this.ctl[base + Slot.BLOCK_AT] = at;
    Atomics.store(this.ctl, base + Slot.BLOCK_OP, op);
    this.rec.publish();
  }

  blockEnd(): void {
    Atomics.store(this.ctl, slotIndex(this.tid, Slot.BLOCK_OP), 0);
  }

  /** Seconds (as the API takes them) to scheduler milliseconds, with the run's sleep scale. */
  ms(seconds: number): number {
    return seconds * 1000 * this.sleepScale;
  }
}

let current: ThreadContext | undefined;

export function setContext(c: ThreadContext): void {
  current = c;
}

export function ctx(): ThreadContext {
  if (!current) {
    throw new Error("interleave: this works only inside a scenario run by 'interleave run FILE' or the VS Code extension");
  }
  return current;
}
