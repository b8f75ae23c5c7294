// threading.Semaphore and BoundedSemaphore: a counter over a private condition (CPython).
//
// | word | meaning                                   |
// |------|-------------------------------------------|
// | 0    | PrimKind.Semaphore / BoundedSemaphore     |
// | 1    | value (permits left)                      |
// | 2    | seq, bumped by acquire and release        |
// | 3    | ref of the private condition              |
// | 4    | initial value (the bound)                 |
import { EventKind, PrimKind } from '../../core/trace/kinds';
import { ValueError } from '../errors';
import { BlockOp } from '../shm/layout';
import { holdOf, Primitive, reviving, wasRevived, withHeld, type PrimitiveOptions } from './base';
import { checkTimeout, deadlineAfter, recordedTimeout } from './timeout';
import type { Condition } from './condition';
import { locked, newMonitor, reviveMonitor } from './monitor';

const VALUE = 1;
const SEQ = 2;
const COND = 3;
const INITIAL = 4;

/** threading.Semaphore: a counter of permits; acquire waits while it is 0. */
export class Semaphore extends Primitive {
  /** @internal */
  protected readonly cond: Condition;

  /** A counter of `value` permits: acquire takes one (waiting while there are none), release gives one back. */
  constructor(value: number | PrimitiveOptions = 1, options?: PrimitiveOptions) {
    const v = typeof value === 'number' ? value : 1;
    const opts = typeof value === 'number' ? options : value;
    if (!reviving() && !(v >= 0)) throw new ValueError('semaphore initial value must be >= 0');
    // CPython accepts Semaphore(1.5), whose count then goes fractional.
    if (!reviving() && !Number.isInteger(v)) throw new ValueError('semaphore initial value must be an integer');
    const bounded = new.target === BoundedSemaphore || new.target.prototype instanceof BoundedSemaphore;
    super(bounded ? PrimKind.BoundedSemaphore : PrimKind.Semaphore, 24, opts);
    if (wasRevived(this)) {
      this.cond = reviveMonitor(this.i32[this.w(COND)]);
      return;
    }
    this.cond = newMonitor();
    const i32 = this.i32;
    i32[this.w(VALUE)] = v;
    i32[this.w(INITIAL)] = v;
    i32[this.w(COND)] = this.cond.ref;
  }

  /** Takes a permit, waiting up to `timeout` seconds (none: no limit) unless `blocking` is false; true if it got one. */
  acquire(blocking = true, timeout?: number | null): boolean {
    if (!blocking && timeout != null) throw new ValueError("can't specify timeout for non-blocking acquire");
    checkTimeout(timeout);
    const c = this.c;
    const at = c.operation();
    const t = blocking ? recordedTimeout(timeout) : 0;
    c.emit(EventKind.acquireRequest, this.ref, t, -1, -1, at);
    const i32 = c.heap.i32;
    return locked(this.cond, () => {
      let deadline = 0;
      let token = -1;
      for (let first = true; i32[this.w(VALUE)] === 0; first = false) {
        // As CPython: the deadline is fixed when it first has to wait.
        if (blocking && first) deadline = deadlineAfter(c, timeout);
        if (!blocking || c.sched.now() >= deadline) {
          c.emit(EventKind.acquireFailed, this.ref, t, -1, -1, at);
          return false;
        }
        token = this.cond._wait(c, deadline, true, BlockOp.acquire, this.ref, at).token;
      }
      const value = --i32[this.w(VALUE)];
      c.emit(EventKind.acquired, this.ref, value, ++i32[this.w(SEQ)], token, at);
      return true;
    });
  }

  /** Gives back `n` permits, waking as many waiting threads. */
  release(n = 1): void {
    if (n < 1) throw new ValueError('n must be one or more');
    const c = this.c;
    const at = c.operation();
    const i32 = c.heap.i32;
    locked(this.cond, () => {
      if (this.bounded && i32[this.w(VALUE)] + n > i32[this.w(INITIAL)]) {
        c.emit(EventKind.semaphoreOverRelease, this.ref, i32[this.w(VALUE)], -1, -1, at);
        throw new ValueError('Semaphore released too many times');
      }
      const value = (i32[this.w(VALUE)] += n);
      const seq = ++i32[this.w(SEQ)];
      c.emit(EventKind.release, this.ref, value, seq, -1, at);
      this.cond._notify(c, n, seq);
    });
  }

  /** @internal */
  protected get bounded(): boolean {
    return false;
  }

  /** Runs `fn` holding a permit and returns its result (Python's `with sem:`). */
  with<T>(fn: () => T): T {
    return withHeld(this, fn);
  }

  /** Holds a permit until the enclosing block ends: `using _ = sem.hold();`. */
  hold(): Disposable & { release(): void } {
    return holdOf(this);
  }

  /** Permits left (not in Python's API; handy in scenarios and tests). */
  get value(): number {
    return Atomics.load(this.i32, this.w(VALUE));
  }
}

/** Raises ValueError when released more times than acquired. */
export class BoundedSemaphore extends Semaphore {
  /** @internal */
  protected override get bounded(): boolean {
    return true;
  }
}
