// multiprocessing.Queue and JoinableQueue: a FIFO in the coordinator that any process can put to
// and get from. Items are pickled (copied), as in Python; each put/get is recorded with the item's
// id, so the timeline draws the message from the producer's lane to the consumer's.
import { EventKind } from '../../core/trace/kinds';
import { Empty, Full } from '../errors';
import { ctx } from '../worker/context';
import { WIRE, type PrimitiveOptions } from '../primitives/base';
import type { GetDone, PutDone } from './co-channels';
import { call, ev, record, timeoutMs } from './client';
import { MpHandle, type MpWire } from './handles';
import { pickle, unpickle } from './pickle';
import { recordedTimeout } from '../primitives/timeout';

export interface QueueWire extends MpWire {
  maxsize: number;
}

export class MpQueue<T = unknown> extends MpHandle {
  readonly maxsize: number;

  constructor(maxsize = 0, options?: PrimitiveOptions, existing?: number) {
    super('queue.new', { maxsize, joinable: new.target === JoinableQueue, name: options?.name }, 'mp.Queue', 'Queue', existing);
    this.maxsize = Math.max(0, Math.trunc(maxsize));
  }

  /** Python's put(obj, block=True, timeout=None): raises Full if there is no room in time. */
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

  /** Python's get(block=True, timeout=None): raises Empty if nothing came in time. */
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

  putNowait(item: T): void {
    this.put(item, false);
  }

  getNowait(): T {
    return this.get(false);
  }

  /** Approximate in Python (other processes move on); exact here at the moment it is asked. */
  qsize(): number {
    return call<number>('queue.size', { id: this.id });
  }

  empty(): boolean {
    return this.qsize() === 0;
  }

  full(): boolean {
    return this.maxsize > 0 && this.qsize() >= this.maxsize;
  }

  /** No more puts (they raise ValueError); gets still drain what is there. */
  close(): void {
    call('queue.close', { id: this.id });
  }

  [WIRE](): QueueWire {
    return { __interleave: this instanceof JoinableQueue ? 'mp.JoinableQueue' : 'mp.Queue', ref: this.id, maxsize: this.maxsize };
  }
}

/** multiprocessing.JoinableQueue: a Queue with taskDone() and join(). */
export class JoinableQueue<T = unknown> extends MpQueue<T> {
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
  return w.__interleave === 'mp.JoinableQueue' ? new JoinableQueue(w.maxsize, undefined, w.ref) : new MpQueue(w.maxsize, undefined, w.ref);
}
