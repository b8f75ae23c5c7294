// multiprocessing.Lock, Semaphore, BoundedSemaphore and Event: usable from every process. They
// live in the coordinator (no memory is shared between processes), so each operation is a round
// trip, where a threading Lock is a futex. A multiprocessing Lock is a semaphore of one: any
// thread of any process may release it; releasing it when free raises ValueError.
import { EventKind } from '../../core/trace/kinds';
import { ctx } from '../worker/context';
import { holdOf, WIRE, withHeld, type PrimitiveOptions } from '../primitives/base';
import { recordedTimeout } from '../primitives/timeout';
import type { Acquired, EventWoken, Released } from './co-sync';
import { call, ev, record, timeoutMs } from './client';
import { MpHandle, type MpWire } from './handles';

type SemKind = 'Lock' | 'Semaphore' | 'BoundedSemaphore';

abstract class MpSemaphoreBase extends MpHandle {
  protected constructor(
    private readonly kind: SemKind,
    value: number,
    options: PrimitiveOptions | undefined,
    existing: number | undefined,
  ) {
    super('sem.new', { kind, value, name: options?.name }, `mp.${kind}`, kind, existing);
  }

  /** Python's acquire(block=True, timeout=None): a timeout of 0 or less only tries; without block, a timeout is ignored (as CPython's SemLock). */
  acquire(block = true, timeout: number | null = null): boolean {
    const at = ctx().operation();
    const ms = block ? timeoutMs(timeout) : 0;
    const begin = ev(EventKind.acquireRequest, this.id, block ? recordedTimeout(timeout) : 0, -1, -1, at);
    const r = call<Acquired>('sem.acquire', { id: this.id, block, timeoutMs: ms }, begin);
    if (r.acquired) record(ev(EventKind.acquired, this.id, this.kind === 'Lock' ? 1 : r.value, r.seq, r.wokenBy, begin[6]));
    else record(ev(EventKind.acquireFailed, this.id, 0, -1, -1, begin[6]));
    return r.acquired;
  }

  release(): void {
    const c = ctx();
    const at = c.operation();
    const t = c.sched.now();
    const r = call<Released>('sem.release', { id: this.id });
    record(ev(EventKind.release, this.id, this.kind === 'Lock' ? 0 : r.value, r.seq, -1, at, t));
  }

  /** Runs fn holding it (Python's `with`). */
  with<T>(fn: () => T): T {
    return withHeld(this, fn);
  }

  /** `using _ = lock.hold()`. */
  hold(): Disposable & { release(): void } {
    return holdOf(this);
  }

  [WIRE](): MpWire {
    return { __interleave: `mp.${this.kind}`, ref: this.id };
  }
}

export class MpLock extends MpSemaphoreBase {
  constructor(options?: PrimitiveOptions, existing?: number) {
    super('Lock', 1, options, existing);
  }
}

export class MpSemaphore extends MpSemaphoreBase {
  constructor(value = 1, options?: PrimitiveOptions, existing?: number) {
    super(new.target === MpBoundedSemaphore ? 'BoundedSemaphore' : 'Semaphore', value, options, existing);
  }

  /** Python's get_value(). */
  getValue(): number {
    return call<number>('sem.value', { id: this.id });
  }
}

/** Raises ValueError on a release past its initial value. */
export class MpBoundedSemaphore extends MpSemaphore {}

export class MpEvent extends MpHandle {
  constructor(options?: PrimitiveOptions, existing?: number) {
    super('event.new', { name: options?.name }, 'mp.Event', 'Event', existing);
  }

  set(): void {
    const c = ctx();
    const at = c.operation();
    const t = c.sched.now();
    const seq = call<number>('event.set', { id: this.id });
    record(ev(EventKind.eventSet, this.id, 0, seq, -1, at, t));
  }

  clear(): void {
    const c = ctx();
    const at = c.operation();
    const t = c.sched.now();
    call('event.clear', { id: this.id });
    record(ev(EventKind.eventClear, this.id, 0, -1, -1, at, t));
  }

  isSet(): boolean {
    return call<boolean>('event.isSet', { id: this.id });
  }

  /** True if the flag was set (even if cleared again since), false on timeout. */
  wait(timeout: number | null = null): boolean {
    const at = ctx().operation();
    const ms = timeoutMs(timeout);
    const begin = ev(EventKind.eventWait, this.id, recordedTimeout(timeout), -1, -1, at);
    const r = call<EventWoken>('event.wait', { id: this.id, timeoutMs: ms }, begin);
    record(ev(EventKind.eventWake, this.id, r.set ? 1 : 0, -1, r.wokenBy, begin[6]));
    return r.set;
  }

  [WIRE](): MpWire {
    return { __interleave: 'mp.Event', ref: this.id };
  }
}
