// The task loop of a pool worker process (Python's multiprocessing.pool.worker): ask for a task
// (handing in the last result), run it, repeat until the pool says stop. It runs as the worker
// process's MainThread, so its lane shows the waits for tasks and each task as a span.
import { EventKind } from '../../core/trace/kinds';
import { ctx } from '../worker/context';
import { formatThreadError } from '../worker/errors-format';
import { registerBuiltinTarget } from '../worker/targets';
import type { TaskDone, TaskMsg } from './co-pool';
import { call, ev, record } from './client';
import { pickle, unpickle } from './pickle';
import { POOL_WORKER_TARGET } from './protocol';

function poolWorker(pool: number): void {
  let done: TaskDone | undefined;
  for (;;) {
    const begin = ev(EventKind.queueGet, pool, -1);
    const task = call<TaskMsg | null>('pool.next', { id: pool, done }, begin);
    // Python's workers get None (the sentinel) when the pool closes: that get ends the loop.
    const got = ev(EventKind.queueGetDone, pool, task?.size ?? 0, task?.task ?? -1, -1, begin[6]);
    if (!task) return record(got);
    const start = ev(EventKind.poolTaskStart, pool, task.fnString, task.task, -1, 0);
    done = run(task);
    record(got, start, ev(EventKind.poolTaskEnd, pool, 'error' in done ? 0 : 1, task.task, -1, 0));
  }
}

function run(task: TaskMsg): TaskDone {
  try {
    const fn = ctx().exports[task.fn] as (...a: unknown[]) => unknown;
    const calls = unpickle(task.chunk) as unknown[];
    const values = calls.map((args) => (task.star ? fn(...(args as unknown[])) : fn(args)));
    return { task: task.task, value: pickle(values) };
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    return { task: task.task, error: { name: err.name, message: err.message, remoteStack: formatThreadError(err) } };
  }
}

registerBuiltinTarget(POOL_WORKER_TARGET, poolWorker);
