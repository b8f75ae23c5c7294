// multiprocessing.Process: the target runs in a separate OS process (a child of the runner) with
// its own memory. Arguments are pickled (pickle.ts): data is copied, a shared() record too, and
// only multiprocessing objects (mp.Queue, Pipe ends, mp.Lock, ...) stay connected.
import { cpus } from 'node:os';
import { serialize } from 'node:v8';
import { EventKind } from '../../core/trace/kinds';
import { ctx, type StartSpec } from '../worker/context';
import { WIRE, topLevelError, type HandleWire } from '../primitives/base';
import { exportNameOf } from '../worker/targets';
import { call, ev, identity, record, timeoutMs } from './client';
import { AssertionError } from './errors';
import { pickleWire } from './pickle';
import { recordedTimeout } from '../primitives/timeout';

export interface ProcessOptions {
  target?: (...args: never[]) => unknown;
  args?: unknown[];
  /** Reaches the target as one final argument object (TypeScript has no keyword arguments). */
  kwargs?: Record<string, unknown>;
  name?: string;
  /** Default: the creating process's daemon flag. A daemonic process is terminated when its parent exits. */
  daemon?: boolean | null;
}

interface Started {
  id: number;
  pid: number;
  /** Trace id of the child's MainThread. */
  tid: number;
}

export interface ProcessWire extends HandleWire, Started {
  __interleave: 'mp.Process';
  name: string;
  daemon: boolean;
}

const SIGNALS = { SIGTERM: 15, SIGKILL: 9 } as const;

/** multiprocessing.Process: runs a target function in a new process. */
export class Process {
  private started?: Started;
  private _name?: string;
  private _daemon?: boolean;
  private readonly options: ProcessOptions;

  constructor(options: ProcessOptions = {}) {
    if (ctx().loading) throw topLevelError('Process');
    this.options = options;
    this._name = options.name;
    this._daemon = options.daemon ?? undefined;
  }

  /** @internal A handle on an already started process (revived from another thread, or currentProcess()). */
  static of(w: Omit<ProcessWire, '__interleave' | 'ref'>): Process {
    const p = Object.create(Process.prototype) as Process;
    Object.assign(p, { options: {}, started: { id: w.id, pid: w.pid, tid: w.tid }, _name: w.name, _daemon: w.daemon });
    return p;
  }

  /** Given, or Python's Process-N (Process-1:2 in a child) once started. */
  get name(): string {
    return this._name ?? 'Process';
  }

  set name(v: string) {
    this._name = String(v);
  }

  /** A daemonic process is terminated when its parent exits; set it before start(). */
  get daemon(): boolean {
    return this._daemon ?? identity().daemon;
  }

  set daemon(v: boolean) {
    if (this.started) throw new AssertionError('process has already started');
    this._daemon = Boolean(v);
  }

  /** The OS process id; undefined (Python's None) before start(). */
  get pid(): number | undefined {
    return this.started?.pid;
  }

  /** The same as pid. */
  get ident(): number | undefined {
    return this.pid;
  }

  /** Python's exitcode: null while it runs (or before start), 0, 1 if the target raised, -N if signal N ended it. */
  get exitCode(): number | null {
    if (!this.started) return null;
    return call<number | null>('proc.status', { id: this.started.id });
  }

  /** Starts the process: a new child runs the target there; AssertionError if started before. */
  start(): void {
    const c = ctx();
    if (this.started) throw new AssertionError('cannot start a process twice');
    const at = c.operation();
    const target = this.options.target ? exportNameOf(this.options.target, 'Process target') : '';
    const { args = [], kwargs } = this.options;
    const spec: StartSpec = { args: pickleWire(args), kwargs: kwargs === undefined ? undefined : pickleWire(kwargs) };
    const t = c.sched.now();
    const r = call<Started & { name: string; daemon: boolean }>('proc.start', { target, spec: serialize(spec), name: this._name, daemon: this._daemon });
    this.started = { id: r.id, pid: r.pid, tid: r.tid };
    this._name = r.name;
    this._daemon = r.daemon;
    record(ev(EventKind.processStart, r.tid, r.pid, r.id, -1, at, t));
  }

  /** Python's join(timeout=None); check exitCode or isAlive() afterwards to tell a timeout. */
  join(timeout?: number | null): void {
    const s = this.started;
    if (!s) throw new AssertionError('can only join a started process');
    const at = ctx().operation();
    const ms = timeoutMs(timeout);
    const begin = ev(EventKind.joinBegin, s.tid, recordedTimeout(timeout), -1, -1, at);
    const code = call<number | null>('proc.join', { id: s.id, timeoutMs: ms }, begin);
    record(ev(EventKind.joinEnd, s.tid, code === null ? 0 : 1, -1, -1, begin[6]));
  }

  /** True from start() until the process ends. */
  isAlive(): boolean {
    return this.started !== undefined && this.exitCode === null;
  }

  /** Sends SIGTERM (Python's terminate()); exitCode becomes -15. */
  terminate(): void {
    this.signal('SIGTERM');
  }

  /** Sends SIGKILL; exitCode becomes -9. */
  kill(): void {
    this.signal('SIGKILL');
  }

  /** @internal */
  [WIRE](): ProcessWire {
    const s = this.started;
    if (!s) throw new TypeError('a Process can be passed to another thread only once started');
    return { __interleave: 'mp.Process', ref: s.id, ...s, name: this.name, daemon: this.daemon };
  }

  /** Python's repr: name, pid, state and daemon flag. */
  toString(): string {
    const state = !this.started ? 'initial' : 'started';
    return `<Process name='${this.name}'${this.started ? ` pid=${this.started.pid}` : ''} ${state}${this.daemon ? ' daemon' : ''}>`;
  }

  private signal(signal: keyof typeof SIGNALS): void {
    const s = this.started;
    if (!s) throw new AssertionError('can only terminate a started process');
    const at = ctx().operation();
    const e = ev(EventKind.processSignal, s.tid, SIGNALS[signal], -1, -1, at);
    call('proc.signal', { id: s.id, signal });
    record(e);
  }
}

/** The process this code runs in (MainProcess in the scenario's main process). */
export function currentProcess(): Process {
  const me = identity();
  return Process.of({ id: me.id, pid: process.pid, tid: -1, name: me.name, daemon: me.daemon });
}

/** Python's multiprocessing.cpu_count(): the number of logical CPUs. */
export function cpuCount(): number {
  return cpus().length;
}
