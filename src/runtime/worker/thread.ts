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
  /** The function run() calls: an exported function of the scenario file. */
  target?: (...args: never[]) => unknown;
  /** Positional arguments for target, copied into the new thread (primitives, shared records and threads stay live). */
  args?: unknown[];
  /** Keyword arguments: they reach target as one final object argument. */
  kwargs?: Record<string, unknown>;
  /** Default "Thread-N" (N counts the threads named by default), plus " (target)" for a thread with a target. */
  name?: string;
  /** A daemon thread is cut off when MainThread ends; default: the creating thread's. */
  daemon?: boolean | null;
}

const handles = new Map<number, Thread>();

/** An exploration reuses this worker for the next run: its thread ids will mean other threads. */
export function forgetThreads(): void {
  handles.clear();
}

/** Thread's own fields: the rest of an instance's fields are a subclass's (or Timer's), copied into the new thread. */
const THREAD_FIELDS = new Set(['tid', '_target', '_args', '_kwargs']);
/** StartSpec.cls of a Timer (a ':' never begins an export name). */
const TIMER_CLASS = ':Timer';

/** Calls fn as Python calls fn(*args, **kwargs): kwargs, unless empty, as one final object argument. */
function callWith(fn: (...a: never[]) => unknown, args: unknown[], kwargs: Record<string, unknown> | undefined): unknown {
  const rest = kwargs !== undefined && Object.keys(kwargs).length > 0 ? [kwargs] : [];
  return (fn as (...a: unknown[]) => unknown)(...args, ...rest);
}

/**
 * threading.Thread. Give it a target, or subclass it (an exported class) and override run(); the
 * new thread gets a copy of the instance, its fields copied as args are.
 */
export class Thread {
  /** @internal The thread's slot in the shared thread table (its ident once started). */
  readonly tid: number;
  /** @internal */
  protected _target?: (...args: never[]) => unknown;
  /** @internal */
  protected _args: unknown[];
  /** @internal */
  protected _kwargs?: Record<string, unknown>;

  constructor(options: ThreadOptions = {}) {
    this._args = options.args ?? [];
    this._kwargs = options.kwargs;
    this._target = options.target;
    const c = ctx();
    if (c.loading) throw topLevelError('Thread');
    const tid = Atomics.add(c.ctl, Ctl.NEXT_THREAD, 1) + 1;
    this.tid = tid;
    const daemon = options.daemon ?? c.ctl[slotIndex(c.tid, Slot.DAEMON)] === 1;
    c.ctl[slotIndex(tid, Slot.DAEMON)] = daemon ? 1 : 0;
    c.ctl[slotIndex(tid, Slot.PARENT)] = c.tid;
    c.ctl[slotIndex(tid, Slot.NAME)] = c.heap.writeString(options.name ? String(options.name) : defaultName(options.target));
    c.ctl[slotIndex(tid, Slot.INTERVAL)] = -1;
    Atomics.store(c.ctl, slotIndex(tid, Slot.STATE), ThreadState.created);
    handles.set(tid, this);
  }

  /** @internal The handle of thread `tid` in this worker. */
  static forTid(tid: number): Thread {
    let t = handles.get(tid);
    if (!t) {
      t = Object.assign(Object.create(Thread.prototype) as Thread, { tid, _args: [] });
      handles.set(tid, t);
    }
    return t;
  }

  /** @internal The object the thread's own worker runs: of the starter's class, with its fields and target. */
  static adopt(tid: number, spec: StartSpec, target: ((...a: never[]) => unknown) | undefined, exports: Record<string, unknown>): Thread {
    const cls = spec.cls === TIMER_CLASS ? Timer : spec.cls ? exports[spec.cls] : Thread;
    if (typeof cls !== 'function') throw new TypeError(`internal: Thread class '${spec.cls}' is not an export`);
    const t = Object.create((cls as typeof Thread).prototype) as Thread;
    Object.assign(t, spec.fields ?? {}, { tid, _target: target, _args: (spec.args ?? []) as unknown[], _kwargs: spec.kwargs });
    handles.set(tid, t);
    return t;
  }

  /** The thread's name (any thread may rename it). */
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

  /** Python's native_id: the operating system's id of the thread, None (undefined) until started. */
  get nativeId(): number | undefined {
    return this.state() >= ThreadState.running ? ctx().ctl[slotIndex(this.tid, Slot.NATIVE_ID)] : undefined;
  }

  /** A daemon thread is cut off when MainThread ends; settable only before start(). */
  get daemon(): boolean {
    return ctx().ctl[slotIndex(this.tid, Slot.DAEMON)] === 1;
  }

  set daemon(value: boolean) {
    if (this.state() !== ThreadState.created) throw new RuntimeError('cannot set daemon status of active thread');
    ctx().ctl[slotIndex(this.tid, Slot.DAEMON)] = value ? 1 : 0;
  }

  /** True from start() until run() returns. */
  isAlive(): boolean {
    const s = this.state();
    return s === ThreadState.starting || s === ThreadState.running;
  }

  /** Runs run() in a new thread; returns once it runs. Once per thread. */
  start(): void {
    const c = ctx();
    if (this.state() !== ThreadState.created) throw new RuntimeError('threads can only be started once');
    const target = this._target ? exportNameOf(this._target, this instanceof Timer ? 'Timer function' : 'Thread target') : '';
    const spec: StartSpec = { args: toWire(this._args), kwargs: this._kwargs === undefined ? undefined : toWire(this._kwargs), ...this.classSpec() };
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

  /** What the thread does: calls target(...args, kwargs). A subclass overrides it. */
  run(): unknown {
    return this._target ? callWith(this._target, this._args, this._kwargs) : undefined;
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

  /** @internal */
  [WIRE](): HandleWire {
    return { __interleave: 'Thread', ref: this.tid };
  }

  /** Python's repr: `<Thread(name, started 3)>`. */
  toString(): string {
    const s = this.state();
    const status = s === ThreadState.created ? 'initial' : s === ThreadState.done ? 'stopped' : 'started';
    // The class's own name (a bundler may rename Thread and Timer): <Thread(...)>, <Timer(...)>, <Worker(...)>, as Python's repr.
    const cls = this.constructor === Thread ? 'Thread' : this instanceof Timer && this.constructor === Timer ? 'Timer' : this.constructor.name;
    return `<${cls}(${this.name}, ${status}${this.daemon ? ' daemon' : ''} ${this.tid})>`;
  }

  /** The class and fields the new thread's copy is made of. */
  private classSpec(): Pick<StartSpec, 'cls' | 'fields'> {
    const cls = this.constructor;
    if (cls === Thread) return {};
    const fields: Record<string, unknown> = {};
    for (const k of Object.keys(this)) if (!THREAD_FIELDS.has(k)) fields[k] = (this as unknown as Record<string, unknown>)[k];
    const name = cls === Timer ? TIMER_CLASS : exportNameOf(cls, `Thread subclass`);
    return { cls: name, fields: toWire(fields) };
  }

  private state(): number {
    return Atomics.load(ctx().ctl, slotIndex(this.tid, Slot.STATE));
  }
}

/** "Thread-N" with the next N of this process, plus " (target)" as CPython 3.10+ names a thread given a target. */
function defaultName(target: ((...a: never[]) => unknown) | undefined): string {
  const n = Atomics.add(ctx().ctl, Ctl.THREAD_NAMES, 1) + 1;
  return target ? `Thread-${n} (${target.name || 'anonymous'})` : `Thread-${n}`;
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

/** threading.Timer(interval, function, args=None, kwargs=None): a thread that calls function after interval seconds unless cancelled. */
export class Timer extends Thread {
  /** Seconds to wait before calling function. */
  readonly interval: number;
  /** Positional arguments for function. */
  readonly args: unknown[];
  /** Keyword arguments for function (its final object argument unless empty). */
  readonly kwargs: Record<string, unknown>;
  /** Set by cancel() (and once function has run): the timer waits on it. */
  readonly finished: Event;

  constructor(interval: number, fn: (...args: never[]) => unknown, args?: unknown[] | null, kwargs?: Record<string, unknown> | null) {
    // As CPython: Thread.__init__ without a target, so the name is plain "Thread-N".
    super();
    this._target = fn;
    this.interval = interval;
    this.args = args ?? [];
    this.kwargs = kwargs ?? {};
    this.finished = new Event({ name: `${this.name}.finished` });
    const c = ctx();
    c.ctl[slotIndex(this.tid, Slot.INTERVAL)] = Math.round(interval * 1000);
  }

  /** The function the timer calls. */
  get function(): (...args: never[]) => unknown {
    return this._target!;
  }

  /** Stops the timer if it is still waiting. */
  cancel(): void {
    const c = ctx();
    c.emit(EventKind.timerCancel, this.tid, 0, -1, -1, c.sites.capture());
    this.finished.set();
  }

  /** Waits interval seconds (or until cancelled), then calls function(...args, kwargs). */
  override run(): void {
    this.finished.wait(this.interval);
    if (!this.finished.isSet()) callWith(this.function, this.args, this.kwargs);
    this.finished.set();
  }
}

/** The Thread object of the calling thread. */
export function currentThread(): Thread {
  return Thread.forTid(ctx().tid);
}

/** The Thread object of the main thread (the one that runs the scenario's main function). */
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

/** The number of live threads (started, not finished), MainThread included. */
export function activeCount(): number {
  return enumerate().length;
}

/** The calling thread's ident. */
export function getIdent(): number {
  return ctx().tid;
}

/** Python's get_native_id(): the operating system's id of the calling thread. */
export function getNativeId(): number {
  const c = ctx();
  return c.ctl[slotIndex(c.tid, Slot.NATIVE_ID)];
}
