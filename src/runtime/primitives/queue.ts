// queue.Queue, LifoQueue, PriorityQueue and SimpleQueue: one mutex and three conditions
// (not_empty, not_full, all_tasks_done) as in CPython's Lib/queue.py; the storage discipline is
// the only difference between the kinds.
//
// | word | meaning                                        |
// |------|------------------------------------------------|
// | 0    | PrimKind (Queue, LifoQueue, ...)               |
// | 1    | bound: the smallest size that is full (0 none) |
// | 2    | unfinished tasks                               |
// | 3    | last item id handed out                        |
// | 4-7  | storage (queue-storage.ts)                     |
// | 8-11 | refs: mutex, not_empty, not_full, all_tasks_done |
// | 12-13| maxsize as given (float64: Queue(-3).maxsize is -3, as in Python) |
import { EventKind, PrimKind } from '../../core/trace/kinds';
import { Empty, Full, ValueError } from '../errors';
import { BlockOp } from '../shm/layout';
import { decodeItem, encodeItem } from '../worker/marshal';
import { asKind, Primitive, quietly, wasRevived, WIRE, type HandleWire, type PrimitiveOptions } from './base';
import { checkTimeout, deadlineAfter, recordedTimeout } from './timeout';
import type { Condition } from './condition';
import { Lock } from './lock';
import { locked, newMonitorOn, reviveMonitor } from './monitor';
import { QueueStorage, type Discipline } from './queue-storage';

const MAXSIZE = 1;
const UNFINISHED = 2;
const NEXT_ID = 3;
const MUTEX = 8;
const NOT_EMPTY = 9;
const NOT_FULL = 10;
const ALL_DONE = 11;
const MAXSIZE_F64 = 6;

const disciplineOf: Record<number, Discipline> = {
  [PrimKind.Queue]: 'fifo',
  [PrimKind.SimpleQueue]: 'fifo',
  [PrimKind.LifoQueue]: 'lifo',
  [PrimKind.PriorityQueue]: 'priority',
};

/** queue.Queue: a FIFO queue for passing items between threads, optionally bounded. */
export class Queue<T = unknown> extends Primitive {
  private readonly notEmpty: Condition;
  private readonly notFull: Condition;
  private readonly allTasksDone: Condition;
  private readonly storage: QueueStorage;

  /** A FIFO queue holding up to `maxsize` items (0 or less: no limit); items are copied between threads. */
  constructor(maxsize: number | PrimitiveOptions = 0, options?: PrimitiveOptions) {
    const size = typeof maxsize === 'number' ? maxsize : 0;
    super(queueKind(new.target), 56, typeof maxsize === 'number' ? options : maxsize);
    const c = this.c;
    const i32 = c.heap.i32;
    this.storage = new QueueStorage(c.heap, this.ref >> 2, disciplineOf[i32[this.w(0)]]);
    if (wasRevived(this)) {
      this.notEmpty = reviveMonitor(i32[this.w(NOT_EMPTY)]);
      this.notFull = reviveMonitor(i32[this.w(NOT_FULL)]);
      this.allTasksDone = reviveMonitor(i32[this.w(ALL_DONE)]);
      return;
    }
    const mutex = quietly(() => new Lock());
    this.notEmpty = newMonitorOn(mutex);
    this.notFull = newMonitorOn(mutex);
    this.allTasksDone = newMonitorOn(mutex);
    // Python compares qsize() >= maxsize when maxsize > 0: Queue(2.5) is full at 3 items.
    i32[this.w(MAXSIZE)] = size > 0 ? Math.min(2 ** 31 - 1, Math.ceil(size)) : 0;
    c.heap.f64[(this.ref >> 3) + MAXSIZE_F64] = size;
    i32[this.w(MUTEX)] = mutex.ref;
    i32[this.w(NOT_EMPTY)] = this.notEmpty.ref;
    i32[this.w(NOT_FULL)] = this.notFull.ref;
    i32[this.w(ALL_DONE)] = this.allTasksDone.ref;
    this.storage.init();
  }

  /** The bound given to the constructor, as given (0 or less: unbounded). */
  get maxsize(): number {
    return this.c.heap.f64[(this.ref >> 3) + MAXSIZE_F64];
  }

  /** Items put and not yet marked done by taskDone() (Python's unfinished_tasks). */
  get unfinishedTasks(): number {
    return Atomics.load(this.i32, this.w(UNFINISHED));
  }

  /** Puts `item`, waiting up to `timeout` seconds (none: no limit) for room unless `block` is false; Full if there is none. */
  put(item: T, block = true, timeout?: number | null): void {
    const c = this.c;
    const at = c.operation();
    const bounded = c.heap.i32[this.w(MAXSIZE)] > 0;
    if (block && bounded) checkQueueTimeout(timeout);
    c.emit(EventKind.queuePut, this.ref, block ? recordedTimeout(timeout) : 0, -1, -1, at);
    const bytes = encodeItem(item);
    locked(this.notFull, () => {
      const i32 = c.heap.i32;
      const maxsize = i32[this.w(MAXSIZE)];
      if (maxsize > 0) {
        const deadline = block ? deadlineAfter(c, timeout) : 0;
        while (this.storage.size() >= maxsize) {
          if (!block || c.sched.now() >= deadline) {
            c.emit(EventKind.queueFull, this.ref, this.storage.size(), -1, -1, at);
            throw new Full();
          }
          this.notFull._wait(c, deadline, true, BlockOp.queuePut, this.ref, at);
        }
      }
      const id = ++i32[this.w(NEXT_ID)];
      this.storage.put({ bytes: c.heap.writeBytes(bytes), id });
      i32[this.w(UNFINISHED)]++;
      c.emit(EventKind.queuePutDone, this.ref, this.storage.size(), id, -1, at);
      this.notEmpty._notify(c, 1, id);
    });
  }

  /** Removes and returns an item, waiting up to `timeout` seconds (none: no limit) unless `block` is false; Empty if none came. */
  get(block = true, timeout?: number | null): T {
    const c = this.c;
    const at = c.operation();
    if (block) checkQueueTimeout(timeout);
    c.emit(EventKind.queueGet, this.ref, block ? recordedTimeout(timeout) : 0, -1, -1, at);
    const stored = locked(this.notEmpty, () => {
      const deadline = block ? deadlineAfter(c, timeout) : 0;
      while (this.storage.size() === 0) {
        if (!block || c.sched.now() >= deadline) {
          c.emit(EventKind.queueEmpty, this.ref, 0, -1, -1, at);
          throw new Empty();
        }
        this.notEmpty._wait(c, deadline, true, BlockOp.queueGet, this.ref, at);
      }
      const item = this.storage.get();
      c.emit(EventKind.queueGetDone, this.ref, this.storage.size(), item.id, -1, at);
      this.notFull._notify(c, 1, item.id);
      return item;
    });
    const bytes = c.heap.readBytes(stored.bytes);
    c.heap.free(stored.bytes);
    return decodeItem(bytes) as T;
  }

  /** Puts `item` if there is room at once; Full otherwise (put(item, false)). */
  putNowait(item: T): void {
    this.put(item, false);
  }

  /** Returns an item if one is there at once; Empty otherwise (get(false)). */
  getNowait(): T {
    return this.get(false);
  }

  /** Tells the queue one item taken by get() is processed; join() returns when every item put is. */
  taskDone(): void {
    const c = this.c;
    const at = c.operation();
    locked(this.allTasksDone, () => {
      const i32 = c.heap.i32;
      const unfinished = i32[this.w(UNFINISHED)] - 1;
      if (unfinished < 0) throw new ValueError('task_done() called too many times');
      i32[this.w(UNFINISHED)] = unfinished;
      c.emit(EventKind.queueTaskDone, this.ref, unfinished, -1, -1, at);
      if (unfinished === 0) this.allTasksDone._notify(c, Infinity, -1);
    });
  }

  /** Blocks until every item put has been marked done by taskDone(). */
  join(): void {
    const c = this.c;
    const at = c.operation();
    c.emit(EventKind.queueJoin, this.ref, 0, -1, -1, at);
    locked(this.allTasksDone, () => {
      while (c.heap.i32[this.w(UNFINISHED)] > 0) this.allTasksDone._wait(c, Infinity, true, BlockOp.queueJoin, this.ref, at);
    });
    c.emit(EventKind.queueJoined, this.ref, 0, -1, -1, at);
  }

  /** The number of items in it now (a snapshot: other threads may change it at once). */
  qsize(): number {
    return locked(this.notEmpty, () => this.storage.size());
  }

  /** True if it holds no item now. */
  empty(): boolean {
    return this.qsize() === 0;
  }

  /** True if it holds maxsize items now (never for an unbounded queue). */
  full(): boolean {
    const max = this.maxsize;
    return max > 0 && this.qsize() >= max;
  }
}

/** A blocking put or get with a timeout: CPython's queue rejects a negative one (Lib/queue.py). */
function checkQueueTimeout(timeout: number | null | undefined): void {
  if (timeout != null && timeout < 0) throw new ValueError("'timeout' must be a non-negative number");
  checkTimeout(timeout);
}

/** A LIFO queue (a stack): get() returns the item put last. */
export class LifoQueue<T = unknown> extends Queue<T> {}

/** Items are ordered as Python orders tuples: put [priority, data] pairs; get() returns the lowest. */
export class PriorityQueue<T = unknown> extends Queue<T> {}

/** The kind a queue class records: LifoQueue's, PriorityQueue's (or a subclass's of them), else Queue's. */
function queueKind(cls: abstract new (...a: never[]) => unknown): number {
  if (cls === LifoQueue || cls.prototype instanceof LifoQueue) return PrimKind.LifoQueue;
  if (cls === PriorityQueue || cls.prototype instanceof PriorityQueue) return PrimKind.PriorityQueue;
  return PrimKind.Queue;
}

/** queue.SimpleQueue: unbounded FIFO without task tracking. */
export class SimpleQueue<T = unknown> {
  private readonly q: Queue<T>;

  /** A new unbounded FIFO queue, without taskDone() and join(). */
  constructor(options?: PrimitiveOptions) {
    this.q = asKind(PrimKind.SimpleQueue, () => new Queue<T>(0, options));
  }

  /** @internal */
  get ref(): number {
    return this.q.ref;
  }

  /** @internal */
  [WIRE](): HandleWire {
    return this.q[WIRE]();
  }

  /** Puts `item` (never blocks: the queue is unbounded; `block` and `timeout` are ignored, as in Python). */
  put(item: T, _block = true, _timeout?: number | null): void {
    this.q.put(item);
  }

  /** Puts `item` (as put). */
  putNowait(item: T): void {
    this.q.put(item);
  }

  /** Removes and returns an item, waiting up to `timeout` seconds (none: no limit) unless `block` is false; Empty if none came. */
  get(block = true, timeout?: number | null): T {
    return this.q.get(block, timeout);
  }

  /** Returns an item if one is there at once; Empty otherwise. */
  getNowait(): T {
    return this.q.get(false);
  }

  /** The number of items in it now. */
  qsize(): number {
    return this.q.qsize();
  }

  /** True if it holds no item now. */
  empty(): boolean {
    return this.q.empty();
  }
}
