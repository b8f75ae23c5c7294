// threading.RLock: a Lock plus owner and recursion count (CPython's _PyRLock layering).
//
// | word | meaning                                  |
// |------|------------------------------------------|
// | 0    | PrimKind.RLock                           |
// | 1    | futex of the underlying lock             |
// | 2    | owner thread id (0 when free)            |
// | 3    | seq, bumped under the lock               |
// | 4    | recursion count                          |
import { EventKind, PrimKind } from '../../core/trace/kinds';
import { RuntimeError } from '../errors';
import { unlock } from '../shm/futex';
import { acquireOwnedLock, OwnedLock } from './lock';
import { checkAcquireArgs, type PrimitiveOptions } from './base';

const STATE = 1; // words 1-3 as in Lock: acquireOwnedLock works on both
const OWNER = 2;
const SEQ = 3;
const COUNT = 4;

/** threading.RLock: a re-entrant lock; its holder may acquire it again and must release it as many times. */
export class RLock extends OwnedLock {
  /** A new re-entrant lock: the thread that holds it may acquire it again, and must release it as often. */
  constructor(options?: PrimitiveOptions) {
    super(PrimKind.RLock, 24, options);
  }

  /** Takes the lock, or one level more if this thread holds it; waits up to `timeout` seconds (-1: no limit) unless `blocking` is false. */
  acquire(blocking = true, timeout = -1): boolean {
    checkAcquireArgs(blocking, timeout);
    const c = this.c;
    const at = c.operation();
    const i32 = c.heap.i32;
    if (i32[this.w(OWNER)] === c.tid && Atomics.load(i32, this.w(STATE)) !== 0) {
      c.emit(EventKind.acquireRequest, this.ref, blocking ? timeout : 0, -1, -1, at);
      const depth = ++i32[this.w(COUNT)];
      c.emit(EventKind.acquired, this.ref, depth, ++i32[this.w(SEQ)], -1, at);
      return true;
    }
    if (!acquireOwnedLock(c, this.ref, blocking, timeout, at)) return false;
    i32[this.w(COUNT)] = 1;
    return true;
  }

  /** Gives back one level; the lock is free when the last one goes; RuntimeError unless this thread holds it. */
  release(): void {
    const c = this.c;
    const at = c.operation();
    const i32 = c.heap.i32;
    if (i32[this.w(OWNER)] !== c.tid || Atomics.load(i32, this.w(STATE)) === 0) {
      throw new RuntimeError('cannot release un-acquired lock');
    }
    const depth = --i32[this.w(COUNT)];
    const seq = ++i32[this.w(SEQ)];
    if (depth > 0) return c.emit(EventKind.release, this.ref, depth, seq, -1, at);
    // As Lock.release: timed while held, written once the lock is free.
    i32[this.w(OWNER)] = 0;
    const t = c.rec.stamp();
    unlock(i32, this.w(STATE), c.wakeFn);
    c.rec.released(t, this.ref, seq, at);
    c.locksHeld--;
  }

  /** @internal Releases every level at once (Condition.wait); returns the depth to restore. */
  _releaseSave(): number {
    const c = this.c;
    const i32 = c.heap.i32;
    if (!this._isOwned()) throw new RuntimeError('cannot release un-acquired lock');
    const depth = i32[this.w(COUNT)];
    i32[this.w(COUNT)] = 0;
    i32[this.w(OWNER)] = 0;
    c.emit(EventKind.release, this.ref, 0, ++i32[this.w(SEQ)], -1, c.sites.capture());
    unlock(i32, this.w(STATE), c.wakeFn);
    return depth;
  }

  /** @internal */
  _acquireRestore(depth: number): void {
    this.acquire();
    const i32 = this.c.heap.i32;
    i32[this.w(COUNT)] = depth;
  }

  /** Python's repr: the owner's thread id and the recursion count. */
  override toString(): string {
    const i32 = this.i32;
    return `<RLock owner=${i32[this.w(OWNER)]} count=${i32[this.w(COUNT)]}>`;
  }
}
