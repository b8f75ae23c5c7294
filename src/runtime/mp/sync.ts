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
  ) {
    super('sem.new', { kind, value, name: options?.name }, `mp.${kind}`, kind);
  }

  /** Takes it, waiting up to `timeout` seconds (none: no limit) unless `block` is false; true if it got it. A timeout of 0 or less only tries. */
  acquire(block = true, timeout: number | null = null): boolean {
    const at = ctx().operation();
    const ms = block ? timeoutMs(timeout) : 0;
    const begin = ev(EventKind.acquireRequest, this.id, block ? recordedTimeout(timeout) : 0, -1, -1, at);
    const r = call<Acquired>('sem.acquire', { id: this.id, block, timeoutMs: ms }, begin);
    if (r.acquired) record(ev(EventKind.acquired, this.id, this.kind === 'Lock' ? 1 : r.value, r.seq, r.wokenBy, begin[6]));
    else record(ev(EventKind.acquireFailed, this.id, 0, -1, -1, begin[6]));
    return r.acquired;
  }

  /** Gives it back; any thread of any process may release it. */
  release(): void {
    const c = ctx();
    const at = c.operation();
    const t = c.sched.now();
    const r = call<Released>('sem.release', { id: this.id });
    record(ev(EventKind.release, this.id, this.kind === 'Lock' ? 0 : r.value, r.seq, -1, at, t));
  }

  /** Runs `fn` holding it and returns its result (Python's `with`). */
  with<T>(fn: () => T): T {
    return withHeld(this, fn);
  }

  /** Holds it until the enclosing block ends: `using _ = lock.hold();`. */
  hold(): Disposable & { release(): void } {
    return holdOf(this);
  }

  /** @internal */
  [WIRE](): MpWire {
    return { __interleave: `mp.${this.kind}`, ref: this.id };
  }
}

/** multiprocessing.Lock: a lock shared by every process. */
export class MpLock extends MpSemaphoreBase {
  /** A new lock, free; `name` labels it on the timeline. */
  constructor(options?: PrimitiveOptions) {
    super('Lock', 1, options);
  }
}

/** multiprocessing.Semaphore: a counter of permits shared by every process. */
export class MpSemaphore extends MpSemaphoreBase {
  /** A semaphore of `value` permits. */
  constructor(value = 1, options?: PrimitiveOptions) {
    super(new.target === MpBoundedSemaphore ? 'BoundedSemaphore' : 'Semaphore', value, options);
  }

  /** The permits left now (Python's get_value()). */
  getValue(): number {
    return call<number>('sem.value', { id: this.id });
  }
}

/** Raises ValueError on a release past its initial value. */
export class MpBoundedSemaphore extends MpSemaphore {}

/** multiprocessing.Event: a flag shared by every process. */
export class MpEvent extends MpHandle {
  /** A new event, its flag false. */
  constructor(options?: PrimitiveOptions) {
    super('event.new', { name: options?.name }, 'mp.Event', 'Event');
  }

  /** Sets the flag and wakes every process's threads waiting for it. */
  set(): void {
    const c = ctx();
    const at = c.operation();
    const t = c.sched.now();
    const seq = call<number>('event.set', { id: this.id });
    record(ev(EventKind.eventSet, this.id, 0, seq, -1, at, t));
  }

  /** Clears the flag. */
  clear(): void {
    const c = ctx();
    const at = c.operation();
    const t = c.sched.now();
    call('event.clear', { id: this.id });
    record(ev(EventKind.eventClear, this.id, 0, -1, -1, at, t));
  }

  /** True if the flag is set. */
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

  /** @internal */
  [WIRE](): MpWire {
    return { __interleave: 'mp.Event', ref: this.id };
  }
}
