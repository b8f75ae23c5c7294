// The coordinator's side of a Pool: the task queue its worker processes pull from, the results
// callers wait for, and the pool's state (RUN, CLOSE, TERMINATE as in multiprocessing.pool).
// A task is one chunk: a function's export name and the pickled list of its argument tuples.
import { fail, firstLive, ok, Pending, type Reply } from './pending';
import type { MpError } from './protocol';

/** What a worker receives. */
export interface TaskMsg {
  task: number;
  fn: string;
  /** Trace string id of the function's name (for the task's span). */
  fnString: number;
  chunk: Uint8Array;
  star: boolean;
  /** Tasks still queued after this one was taken. */
  size: number;
}

/** What a worker sends back with its next request. */
export type TaskDone = { task: number; value: Uint8Array } | { task: number; error: MpError };

/** What a caller receives for a task. */
export type TaskResult = { ready: false } | { ready: true; task: number; value: Uint8Array } | { ready: true; task: number; error: MpError };

interface Task {
  id: number;
  fn: string;
  fnString: number;
  chunk: Uint8Array;
  star: boolean;
  /** Process id of the worker running it. */
  worker?: number;
  result?: TaskDone;
  waiters: Pending[];
}

export class PoolState {
  state: 'RUN' | 'CLOSE' | 'TERMINATE' = 'RUN';
  /** Live worker processes. */
  readonly workers = new Set<number>();
  private readonly queue: Task[] = [];
  private readonly tasks = new Map<number, Task>();
  /** Workers waiting for a task. */
  private readonly idle: (Pending & { worker: number })[] = [];
  private readonly anyWaiters: { ids: Set<number>; p: Pending }[] = [];
  private nextTask = 0;

  constructor(
    readonly id: number,
    readonly size: number,
  ) {}

  /** Queues one task per chunk; answers their ids and the queue's size after each. */
  submit(fn: string, fnString: number, chunks: Uint8Array[], star: boolean): { tasks: number[]; sizes: number[] } {
    if (this.state !== 'RUN') throw Object.assign(new Error('Pool not running'), { name: 'ValueError' });
    const out = { tasks: [] as number[], sizes: [] as number[] };
    for (const chunk of chunks) {
      const t: Task = { id: ++this.nextTask, fn, fnString, chunk, star, waiters: [] };
      this.tasks.set(t.id, t);
      this.queue.push(t);
      out.tasks.push(t.id);
      out.sizes.push(this.queue.length);
    }
    for (let w = firstLive(this.idle); w && this.queue.length; w = firstLive(this.idle)) {
      this.idle.shift();
      w.resolve(ok(this.take(this.queue.shift()!, w.worker)));
    }
    return out;
  }

  /** A worker's request for its next task (with the result of its last one); null tells it to exit. */
  next(worker: number, done: TaskDone | undefined, reply: Reply): void {
    if (done) this.complete(done);
    if (this.state === 'TERMINATE') return reply(ok(null));
    const t = this.queue.shift();
    if (t) return reply(ok(this.take(t, worker)));
    if (this.state === 'CLOSE') return reply(ok(null));
    this.idle.push(Object.assign(new Pending(reply, -1, () => ok(null)), { worker }));
  }

  result(task: number, timeoutMs: number, reply: Reply): void {
    const t = this.tasks.get(task);
    if (!t) return reply(fail('ValueError', `no task ${task} in this pool`));
    if (t.result) return reply(ok(this.resultOf(t)));
    if (timeoutMs === 0) return reply(ok({ ready: false } satisfies TaskResult));
    t.waiters.push(new Pending(reply, timeoutMs, () => ok({ ready: false } satisfies TaskResult)));
  }

  /** The first of `ids` to have a result (imapUnordered). */
  any(ids: number[], timeoutMs: number, reply: Reply): void {
    for (const id of ids) {
      const t = this.tasks.get(id);
      if (t?.result) return reply(ok(this.resultOf(t)));
    }
    const p = new Pending(reply, timeoutMs, () => ok({ ready: false } satisfies TaskResult));
    this.anyWaiters.push({ ids: new Set(ids), p });
  }

  ready(task: number): boolean {
    return this.tasks.get(task)?.result !== undefined;
  }

  close(): void {
    if (this.state === 'RUN') this.state = 'CLOSE';
    for (const w of this.idle.splice(0)) w.resolve(ok(null));
  }

  /** Stops at once; outstanding results never arrive (as in Python), so get(timeout) raises TimeoutError. */
  terminate(): void {
    this.state = 'TERMINATE';
    this.queue.length = 0;
    for (const w of this.idle.splice(0)) w.resolve(ok(null));
  }

  /** A worker process ended; a task it was running fails (Python would wait forever for it). */
  workerExited(worker: number, why: string): void {
    this.workers.delete(worker);
    if (this.state === 'TERMINATE') return;
    for (const t of this.tasks.values()) {
      if (t.worker === worker && !t.result) {
        this.complete({ task: t.id, error: { name: 'RuntimeError', message: `the pool worker running this task ended: ${why}` } });
      }
    }
  }

  private take(t: Task, worker: number): TaskMsg {
    t.worker = worker;
    return { task: t.id, fn: t.fn, fnString: t.fnString, chunk: t.chunk, star: t.star, size: this.queue.length };
  }

  private complete(done: TaskDone): void {
    const t = this.tasks.get(done.task);
    if (!t || t.result) return;
    t.result = done;
    const r = ok(this.resultOf(t));
    for (const w of t.waiters.splice(0)) w.resolve(r);
    for (let i = this.anyWaiters.length - 1; i >= 0; i--) {
      const a = this.anyWaiters[i];
      if (a.p.done) this.anyWaiters.splice(i, 1);
      else if (a.ids.has(t.id)) {
        this.anyWaiters.splice(i, 1);
        a.p.resolve(r);
      }
    }
  }

  private resultOf(t: Task): TaskResult {
    return { ready: true, ...t.result! };
  }
}
