// multiprocessing.Pool: worker processes (SpawnPoolWorker-N, daemonic) that pull tasks from the
// pool's queue in the coordinator and run them, reused task after task. A task is a chunk of
// calls of one exported function; its result (or its exception, with the remote stack) comes
// back pickled. On the timeline: the submit → pick-up arrow, the task's span on the worker's
// lane, and the arrow from its end to the get() that received it.
import { EventKind } from '../../core/trace/kinds';
import { ValueError } from '../errors';
import { ctx } from '../worker/context';
import { WIRE, type PrimitiveOptions } from '../primitives/base';
import { exportNameOf } from '../worker/targets';
import type { TaskResult } from './co-pool';
import { call, ev, record, timeoutMs, toError } from './client';
import { MpTimeoutError } from './errors';
import { MpHandle, type MpWire } from './handles';
import { pickle, unpickle } from './pickle';
import { cpuCount, Process } from './process';

type Fn = (...args: never[]) => unknown;

export interface PoolWire extends MpWire {
  processes: number;
}

/** multiprocessing.Pool: worker processes that run the functions given to them, results in order. */
export class Pool extends MpHandle {
  /** The number of worker processes. */
  readonly processes: number;

  /** A pool of `processes` worker processes (default: one per CPU) that run the tasks given to it. */
  constructor(processes?: number | null, options?: PrimitiveOptions) {
    const n = processes ?? cpuCount();
    if (!(n >= 1)) throw new ValueError('Number of processes must be at least 1');
    super('pool.new', { processes: n, name: options?.name }, 'Pool', 'Pool');
    this.processes = n;
  }

  /** Python's map(func, iterable, chunksize=None): results in order; the first exception re-raises here. */
  map<T, R>(fn: (item: T) => R, items: Iterable<T>, chunksize?: number | null): R[] {
    return this.mapAsync(fn, items, chunksize).get() as R[];
  }

  /** As map, each item being the argument list of one call (Python's starmap). */
  starmap<R>(fn: (...args: never[]) => R, items: Iterable<unknown[]>, chunksize?: number | null): R[] {
    return this.submit(fn, [...items], chunksize, true, 'list').get() as R[];
  }

  /** As map, without waiting: the AsyncResult gives the list (Python's map_async). */
  mapAsync<T, R>(fn: (item: T) => R, items: Iterable<T>, chunksize?: number | null): AsyncResult<R[]> {
    return this.submit(fn, [...items], chunksize, false, 'list') as AsyncResult<R[]>;
  }

  /** Python's apply_async(func, args=(), kwds={}); kwds reaches fn as one final argument object. */
  applyAsync<R>(fn: (...args: never[]) => R, args: unknown[] = [], kwds?: Record<string, unknown>): AsyncResult<R> {
    return this.submit(fn, [kwds === undefined ? args : [...args, kwds]], 1, true, 'single') as AsyncResult<R>;
  }

  /** Runs `fn(...args)` in a worker and returns its result (Python's apply). */
  apply<R>(fn: (...args: never[]) => R, args: unknown[] = [], kwds?: Record<string, unknown>): R {
    return this.applyAsync(fn, args, kwds).get();
  }

  /** Python's imap(func, iterable, chunksize=1): results in order, each as soon as it (and those before it) are ready. */
  *imap<T, R>(fn: (item: T) => R, items: Iterable<T>, chunksize = 1): Generator<R> {
    const r = this.submit(fn, [...items], chunksize, false, 'list');
    for (const task of r.tasks) yield* r.take(task, -1) as R[];
  }

  /** Python's imap_unordered: results in the order tasks finish. */
  *imapUnordered<T, R>(fn: (item: T) => R, items: Iterable<T>, chunksize = 1): Generator<R> {
    const r = this.submit(fn, [...items], chunksize, false, 'list');
    const left = new Set(r.tasks);
    while (left.size) {
      const got = r.takeAny([...left]);
      left.delete(got.task);
      yield* got.values as R[];
    }
  }

  /** No more tasks; the workers exit once the queued ones are done. */
  close(): void {
    call('pool.close', { id: this.id });
  }

  /** Stops the workers at once (SIGTERM); outstanding results never arrive. */
  terminate(): void {
    call('pool.terminate', { id: this.id });
  }

  /** Waits for the workers to exit; close() or terminate() first (else ValueError). */
  join(): void {
    const workers = call<{ id: number; tid: number }[]>('pool.workers', { id: this.id });
    for (const w of workers) Process.of({ ...w, pid: 0, name: '', daemon: true }).join();
  }

  /** `using pool = new Pool(2)`: terminate() at the end of the block, as Python's `with Pool() as pool`. */
  [Symbol.dispose](): void {
    this.terminate();
  }

  /** @internal */
  [WIRE](): PoolWire {
    return { __interleave: 'mp.Pool', ref: this.id, processes: this.processes };
  }

  private submit(fn: Fn, calls: unknown[], chunksize: number | null | undefined, star: boolean, kind: 'single' | 'list'): AsyncResult<unknown> {
    const c = ctx();
    const at = c.operation();
    const name = exportNameOf(fn, 'Pool task function');
    const size = chunksize ?? defaultChunksize(calls.length, this.processes);
    if (!(size >= 1) && calls.length) throw new ValueError('Chunksize must be 1+, not ' + size);
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < calls.length; i += size) chunks.push(pickle(calls.slice(i, i + size)));
    const t = c.sched.now();
    const r = call<{ tasks: number[]; sizes: number[] }>('pool.submit', { id: this.id, fn: name, chunks, star });
    record(
      ...r.tasks.flatMap((task, i) => [ev(EventKind.queuePut, this.id, -1, -1, -1, at, t), ev(EventKind.queuePutDone, this.id, r.sizes[i], task, -1, at, t)]),
    );
    return AsyncResult.of(this.id, r.tasks, kind);
  }
}

/** Python's default: about four chunks per worker. */
function defaultChunksize(n: number, workers: number): number {
  const base = Math.floor(n / (workers * 4));
  return n % (workers * 4) ? base + 1 : Math.max(1, base);
}

/** The result of a task given to a Pool (mapAsync, applyAsync), to come. Made by the Pool, never constructed. */
export class AsyncResult<T> {
  private readonly results = new Map<number, TaskResult & { ready: true }>();
  /** @internal The pool's task ids it covers. */
  readonly tasks: number[];

  private constructor(
    private readonly pool: number,
    tasks: number[],
    private readonly kind: 'single' | 'list',
  ) {
    this.tasks = tasks;
  }

  /** @internal The result of `tasks` of pool `pool`. */
  static of<T>(pool: number, tasks: number[], kind: 'single' | 'list'): AsyncResult<T> {
    return new AsyncResult<T>(pool, tasks, kind);
  }

  /** The result; re-raises the task's exception; TimeoutError if not ready within `timeout` seconds. */
  get(timeout: number | null = null): T {
    const ms = timeoutMs(timeout);
    const deadline = ms < 0 ? Infinity : performance.now() + ms;
    const out: unknown[] = [];
    for (const task of this.tasks) out.push(...this.take(task, deadline === Infinity ? -1 : Math.max(0, deadline - performance.now()), timeout));
    return (this.kind === 'single' ? out[0] : out) as T;
  }

  /** Waits up to `timeout` seconds for the result, without raising. */
  wait(timeout: number | null = null): void {
    try {
      this.get(timeout);
    } catch {
      // Python's wait() only waits: the outcome is for get() and successful().
    }
  }

  /** True if every task it covers has finished. */
  ready(): boolean {
    return this.tasks.every((task) => this.results.has(task) || call<boolean>('pool.ready', { id: this.pool, task }));
  }

  /** Whether it returned without raising; ValueError if it is not ready. */
  successful(): boolean {
    if (!this.ready()) throw new ValueError(`${this} not ready`);
    return this.tasks.every((task) => !('error' in this.fetch(task, 0, 0)));
  }

  /** @internal The values of one task (waiting up to `ms`, -1 none), or its exception raised. */
  take(task: number, ms: number, timeoutS: number | null = null): unknown[] {
    const r = this.fetch(task, ms, timeoutS);
    if (!r.ready) throw new MpTimeoutError('');
    if ('error' in r) throw toError(r.error);
    return unpickle(r.value) as unknown[];
  }

  /** @internal The first of `tasks` to finish (imapUnordered). */
  takeAny(tasks: number[]): { task: number; values: unknown[] } {
    const begin = ev(EventKind.poolResultWait, this.pool, -1);
    const r = call<TaskResult>('pool.any', { id: this.pool, tasks, timeoutMs: -1 }, begin);
    if (!r.ready) throw new MpTimeoutError('');
    record(ev(EventKind.poolResultDone, this.pool, 1, r.task, -1, begin[6]));
    if ('error' in r) throw toError(r.error);
    return { task: r.task, values: unpickle(r.value) as unknown[] };
  }

  /** Which of the pool's tasks it covers. */
  toString(): string {
    return `<AsyncResult tasks=${this.tasks.join(',')}>`;
  }

  private fetch(task: number, ms: number, timeoutS: number | null): TaskResult {
    const known = this.results.get(task);
    if (known) return known;
    const at = ctx().operation();
    const begin = ev(EventKind.poolResultWait, this.pool, timeoutS ?? -1, task, -1, at);
    const r = call<TaskResult>('pool.result', { id: this.pool, task, timeoutMs: ms }, begin);
    record(ev(EventKind.poolResultDone, this.pool, r.ready ? 1 : 0, task, -1, begin[6]));
    if (r.ready) this.results.set(task, r);
    return r;
  }
}
