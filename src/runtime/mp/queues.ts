// multiprocessing.Queue and JoinableQueue: a FIFO in the coordinator that any process can put to
// and get from. Items are pickled (copied), as in Python; each put/get is recorded with the item's
// id, so the timeline draws the message from the producer's lane to the consumer's.
import { EventKind } from '../../core/trace/kinds';
import { Empty, Full } from '../errors';
import { ctx } from '../worker/context';
import { revive, WIRE, type PrimitiveOptions } from '../primitives/base';
import type { GetDone, PutDone } from './co-channels';
import { call, ev, record, timeoutMs } from './client';
import { MpHandle, type MpWire } from './handles';
import { pickle, unpickle } from './pickle';
import { recordedTimeout } from '../primitives/timeout';

export interface QueueWire extends MpWire {
  maxsize: number;
}

/** multiprocessing.Queue: a FIFO that every process can put to and get from; items are copied (pickled). */
export class MpQueue<T = unknown> extends MpHandle {
  /** The bound given (0: none). */
  readonly maxsize: number;

  /** A queue holding up to `maxsize` items (0 or less: no limit). */
  constructor(maxsize = 0, options?: PrimitiveOptions) {
    super('queue.new', { maxsize, joinable: new.target === JoinableQueue, name: options?.name }, 'mp.Queue', 'Queue');
    this.maxsize = Math.max(0, Math.trunc(maxsize));
  }

  /** Puts `item`, waiting up to `timeout` seconds (none: no limit) for room unless `block` is false; Full if there is none. */
  put(item: T, block = true, timeout?: number | null): void {
    const at = ctx().operation();
    const bytes = pickle(item);
    const ms = block ? timeoutMs(timeout) : 0;
    const begin = ev(EventKind.queuePut, this.id, block ? recordedTimeout(timeout) : 0, -1, -1, at);
    try {
      call<PutDone>('queue.put', { id: this.id, bytes, block, timeoutMs: ms }, begin, ev(EventKind.queuePutDone, this.id, 0, -1, -1, begin[6]));
    } catch (e) {
      if (e instanceof Full) record(ev(EventKind.queueFull, this.id, 0, -1, -1, begin[6]));
      throw e;
    }
  }

  /** Removes and returns an item, waiting up to `timeout` seconds (none: no limit) unless `block` is false; Empty if none came. */
  get(block = true, timeout?: number | null): T {
    const at = ctx().operation();
    const ms = block ? timeoutMs(timeout) : 0;
    const begin = ev(EventKind.queueGet, this.id, block ? recordedTimeout(timeout) : 0, -1, -1, at);
    let r: GetDone;
    try {
      r = call<GetDone>('queue.get', { id: this.id, block, timeoutMs: ms }, begin);
    } catch (e) {
      if (e instanceof Empty) record(ev(EventKind.queueEmpty, this.id, 0, -1, -1, begin[6]));
      throw e;
    }
    record(ev(EventKind.queueGetDone, this.id, r.size, r.item, -1, begin[6]));
    return unpickle(r.bytes) as T;
  }

  /** Puts `item` if there is room at once; Full otherwise. */
  putNowait(item: T): void {
    this.put(item, false);
  }

  /** Returns an item if one is there at once; Empty otherwise. */
  getNowait(): T {
    return this.get(false);
  }

  /** The number of items in it (approximate in Python, as other processes move on; exact here when asked). */
  qsize(): number {
    return call<number>('queue.size', { id: this.id });
  }

  /** True if it holds no item now. */
  empty(): boolean {
    return this.qsize() === 0;
  }

  /** True if it holds maxsize items now. */
  full(): boolean {
    return this.maxsize > 0 && this.qsize() >= this.maxsize;
  }

  /** No more puts (they raise ValueError); gets still drain what is there. */
  close(): void {
    call('queue.close', { id: this.id });
  }

  /** @internal */
  [WIRE](): QueueWire {
    return { __interleave: this instanceof JoinableQueue ? 'mp.JoinableQueue' : 'mp.Queue', ref: this.id, maxsize: this.maxsize };
  }
}

/** multiprocessing.JoinableQueue: a Queue with taskDone() and join(). */
export class JoinableQueue<T = unknown> extends MpQueue<T> {
  /** Tells the queue one item taken by get() is processed; join() returns when every item put is. */
  taskDone(): void {
    const at = ctx().operation();
    const t = ctx().sched.now();
    const left = call<number>('queue.taskDone', { id: this.id });
    record(ev(EventKind.queueTaskDone, this.id, left, -1, -1, at, t));
  }

  /** Blocks until every item put has been marked done. */
  join(): void {
    const at = ctx().operation();
    const begin = ev(EventKind.queueJoin, this.id, 0, -1, -1, at);
    call('queue.join', { id: this.id }, begin);
    record(ev(EventKind.queueJoined, this.id, 0, -1, -1, begin[6]));
  }
}

export function reviveQueue(w: QueueWire): MpQueue {
  return revive(w.ref, () => (w.__interleave === 'mp.JoinableQueue' ? new JoinableQueue(w.maxsize) : new MpQueue(w.maxsize)));
}
