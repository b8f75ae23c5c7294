// threading.Thread and Timer, and the module functions that look at threads. A Thread is a slot
// in the shared thread table; start() asks the runner to run the target's export in a prepared
// worker and returns once it runs, as Python's does.
import { EventKind } from '../../core/trace/kinds';
import { RuntimeError, ValueError } from '../errors';
import { serialize } from 'node:v8';
import { ctx, type StartSpec } from './context';
import type { Scheduler } from '../sched/scheduler';
import { toWire } from './marshal';
import { Event } from '../primitives/event';
import { WIRE, type HandleWire, topLevelError } from '../primitives/base';
import { checkTimeout, deadlineAfter, recordedTimeout } from '../primitives/timeout';
import { BlockOp, Ctl, POOL_INDEX, Slot, ThreadState, slotIndex } from '../shm/layout';
import { exportNameOf } from './targets';

export interface ThreadOptions {
  target?: (...args: never[]) => unknown;
  args?: unknown[];
  kwargs?: Record<string, unknown>;
  name?: string;
  daemon?: boolean | null;
}

const handles = new Map<number, Thread>();

/** An exploration reuses this worker for the next run: its thread ids will mean other threads. */
export function forgetThreads(): void {
  handles.clear();
}

export class Thread {
  readonly tid: number;
  private readonly target?: (...args: never[]) => unknown;
  private readonly args: unknown[];
  private readonly kwargs?: Record<string, unknown>;

  constructor(options: ThreadOptions = {}, existingTid?: number) {
    this.args = options.args ?? [];
    this.kwargs = options.kwargs;
    this.target = options.target;
    if (existingTid !== undefined) {
      this.tid = existingTid;
      return;
    }
    const c = ctx();
    if (c.loading) throw topLevelError('Thread');
    const tid = Atomics.add(c.ctl, Ctl.NEXT_THREAD, 1) + 1;
    this.tid = tid;
    const daemon = options.daemon ?? c.ctl[slotIndex(c.tid, Slot.DAEMON)] === 1;
    const targetName = options.target ? ` (${options.target.name || 'anonymous'})` : '';
    c.ctl[slotIndex(tid, Slot.DAEMON)] = daemon ? 1 : 0;
    c.ctl[slotIndex(tid, Slot.PARENT)] = c.tid;
    c.ctl[slotIndex(tid, Slot.NAME)] = c.heap.writeString(options.name ?? `Thread-${tid - 1}${targetName}`);
    c.ctl[slotIndex(tid, Slot.INTERVAL)] = -1;
    Atomics.store(c.ctl, slotIndex(tid, Slot.STATE), ThreadState.created);
    handles.set(tid, this);
  }

  static forTid(tid: number): Thread {
    let t = handles.get(tid);
    if (!t) {
      t = new Thread({}, tid);
      handles.set(tid, t);
    }
    return t;
  }

  get name(): string {
    const c = ctx();
    return c.heap.readString(c.ctl[slotIndex(this.tid, Slot.NAME)]);
  }

  set name(value: string) {
    const c = ctx();
    c.ctl[slotIndex(this.tid, Slot.NAME)] = c.heap.writeString(String(value));
  }

  /** Python's ident: None (undefined) until started. */
  get ident(): number | undefined {
    return this.state() >= ThreadState.starting ? this.tid : undefined;
  }

  get daemon(): boolean {
    return ctx().ctl[slotIndex(this.tid, Slot.DAEMON)] === 1;
  }

  set daemon(value: boolean) {
    if (this.state() !== ThreadState.created) throw new RuntimeError('cannot set daemon status of active thread');
    ctx().ctl[slotIndex(this.tid, Slot.DAEMON)] = value ? 1 : 0;
  }

  isAlive(): boolean {
    const s = this.state();
    return s === ThreadState.starting || s === ThreadState.running;
  }

  start(): void {
    const c = ctx();
    if (this.state() !== ThreadState.created) throw new RuntimeError('threads can only be started once');
    const target = this.target ? exportNameOf(this.target, 'Thread target') : '';
    const spec: StartSpec = { args: toWire(this.args), kwargs: this.kwargs === undefined ? undefined : toWire(this.kwargs), timer: this.timerSpec() };
    const at = c.operation();
    c.ctl[slotIndex(this.tid, Slot.TARGET)] = target ? c.heap.writeString(target) : 0;
    c.ctl[slotIndex(this.tid, Slot.START)] = c.heap.writeBytes(serialize(spec));
    Atomics.store(c.ctl, slotIndex(this.tid, Slot.STATE), ThreadState.starting);
    c.emit(EventKind.threadSpawn, this.tid, 0, -1, -1, at);
    c.rec.publish();
    if (!claimIdleWorker(c.ctl, this.tid, c.sched)) c.post({ type: 'start', tid: this.tid });
    const state = slotIndex(this.tid, Slot.STATE);
    while (Atomics.load(c.ctl, state) === ThreadState.starting) c.sched.wait(c.ctl, state, ThreadState.starting, Infinity);
  }

  /** Python's join(timeout=None); check isAlive() afterwards to tell a timeout. A timeout of 0 or less does not wait. */
  join(timeout?: number | null): void {
    const c = ctx();
    if (this.state() < ThreadState.starting) throw new RuntimeError('cannot join thread before it is started');
    if (this.tid === c.tid) throw new RuntimeError('cannot join current thread');
    // CPython 3.13 (3.9–3.12 read a NaN timeout as 0).
    if (Number.isNaN(timeout)) throw new ValueError('Invalid value NaN (not a number)');
    checkTimeout(timeout);
    joinThread(this.tid, timeout ?? null, c.operation(), false);
  }

  [WIRE](): HandleWire {
    return { __interleave: 'Thread', ref: this.tid };
  }

  toString(): string {
    const s = this.state();
    const status = s === ThreadState.created ? 'initial' : s === ThreadState.done ? 'stopped' : 'started';
    return `<Thread(${this.name}, ${status}${this.daemon ? ' daemon' : ''} ${this.tid})>`;
  }

  protected timerSpec(): { intervalS: number; finished: unknown } | undefined {
    return undefined;
  }

  private state(): number {
    return Atomics.load(ctx().ctl, slotIndex(this.tid, Slot.STATE));
  }
}

/** Hands thread `tid` to an idle (or loading) pooled worker with one CAS; false if there is none. */
function claimIdleWorker(ctl: Int32Array, tid: number, sched: Scheduler): boolean {
  const n = Atomics.load(ctl, Ctl.POOL_COUNT);
  for (let i = 0; i < n; i++) {
    if (Atomics.compareExchange(ctl, POOL_INDEX + i, 0, tid) === 0) {
      sched.wake(ctl, POOL_INDEX + i, 1);
      return true;
    }
  }
  // None idle: one still loading runs it as soon as it has loaded (sooner than a new spawn).
  for (let i = 0; i < n; i++) {
    if (Atomics.compareExchange(ctl, POOL_INDEX + i, -1, tid) === -1) return true;
  }
  return false;
}

/** Waits for thread `tid` to finish (null: without limit); records the join. `atExit`: the interpreter's own wait at shutdown. */
export function joinThread(tid: number, timeout: number | null, at: number, atExit: boolean): boolean {
  const c = ctx();
  c.emit(EventKind.joinBegin, tid, recordedTimeout(timeout), atExit ? 1 : 0, -1, at);
  const state = slotIndex(tid, Slot.STATE);
  const deadline = deadlineAfter(c, timeout);
  let s = Atomics.load(c.ctl, state);
  if (s !== ThreadState.done) {
    c.blockBegin(BlockOp.join, tid, timeout !== null, at);
    while ((s = Atomics.load(c.ctl, state)) !== ThreadState.done) {
      const left = deadline - c.sched.now();
      if (left <= 0) break;
      c.sched.wait(c.ctl, state, s, left);
    }
    c.blockEnd();
  }
  const joined = s === ThreadState.done;
  c.emit(EventKind.joinEnd, tid, joined ? 1 : 0, -1, -1, at);
  return joined;
}

/** threading.Timer(interval, function, args=None, kwargs=None). */
export class Timer extends Thread {
  readonly interval: number;
  readonly finished: Event;

  constructor(interval: number, fn: (...args: never[]) => unknown, args?: unknown[], kwargs?: Record<string, unknown>) {
    super({ target: fn, args, kwargs });
    this.interval = interval;
    this.finished = new Event({ name: `${this.name}.finished` });
    const c = ctx();
    c.ctl[slotIndex(this.tid, Slot.INTERVAL)] = Math.round(interval * 1000);
  }

  /** Stops the timer if it is still waiting. */
  cancel(): void {
    const c = ctx();
    c.emit(EventKind.timerCancel, this.tid, 0, -1, -1, c.sites.capture());
    this.finished.set();
  }

  protected override timerSpec(): { intervalS: number; finished: unknown } {
    return { intervalS: this.interval, finished: toWire(this.finished) };
  }
}

export function currentThread(): Thread {
  return Thread.forTid(ctx().tid);
}

export function mainThread(): Thread {
  return Thread.forTid(1);
}

/** Live threads (started, not finished), MainThread first. */
export function enumerate(): Thread[] {
  const c = ctx();
  const last = Atomics.load(c.ctl, Ctl.NEXT_THREAD);
  const out: Thread[] = [];
  for (let tid = 1; tid <= last; tid++) {
    const s = Atomics.load(c.ctl, slotIndex(tid, Slot.STATE));
    if (s === ThreadState.starting || s === ThreadState.running) out.push(Thread.forTid(tid));
  }
  return out;
}

export function activeCount(): number {
  return enumerate().length;
}

export function getIdent(): number {
  return ctx().tid;
}
