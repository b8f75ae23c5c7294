// threading.Lock: the only primitive lock; everything else is built from it (as in CPython).
//
// | word | meaning                                               |
// |------|-------------------------------------------------------|
// | 0    | PrimKind.Lock                                         |
// | 1    | futex: 0 free, 1 locked, 2 locked with waiters        |
// | 2    | owner thread id (last acquirer; 0 when free)          |
// | 3    | seq: bumped by each acquire and release, under the lock|
//
// A quiet lock (the mutex inside Semaphore, Event, Queue, ...) records nothing; its waits show
// as the outer primitive's.
import { EventKind, PrimKind } from '../../core/trace/kinds';
import { RuntimeError } from '../errors';
import { BlockOp } from '../shm/layout';
import { lockSlow, tryLock, unlock } from '../shm/futex';
import type { ThreadContext } from '../worker/context';
import { checkAcquireArgs, holdOf, Primitive, withHeld, type PrimitiveOptions } from './base';

const STATE = 1;
const OWNER = 2;
const SEQ = 3;
export const LOCK_BYTES = 16;
/** Ring records kept free before a lock is taken: its acquisition and the holder's first few events. */
const HOLDER_ROOM = 16;

/** What Lock and RLock share: words 1-3 (futex, owner, seq) and everything read from them. */
export abstract class OwnedLock extends Primitive {
  /** Takes the lock, waiting up to `timeout` seconds (-1: no limit) unless `blocking` is false; true if it got it. */
  abstract acquire(blocking?: boolean, timeout?: number): boolean;
  /** Gives the lock back; RuntimeError if it is not held. */
  abstract release(): void;
  /** @internal Condition.wait's release: returns what _acquireRestore needs. */
  abstract _releaseSave(): number;
  /** @internal */
  abstract _acquireRestore(saved: number): void;

  /** True if some thread holds the lock. */
  locked(): boolean {
    return Atomics.load(this.i32, this.w(STATE)) !== 0;
  }

  /** Runs `fn` holding the lock and returns its result (Python's `with lock:`). */
  with<T>(fn: () => T): T {
    return withHeld(this, fn);
  }

  /** Takes the lock until the enclosing block ends: `using _ = lock.hold();` (Python's `with lock:`). */
  hold(): Disposable & { release(): void } {
    return holdOf(this);
  }

  /** @internal True if the calling thread holds it (Condition checks this before waiting). */
  _isOwned(): boolean {
    return this.locked() && this.i32[this.w(OWNER)] === this.c.tid;
  }
}

/** threading.Lock: held by one thread at a time; not re-entrant (a second acquire by its holder waits forever). */
export class Lock extends OwnedLock {
  /** A new lock, unlocked; `name` labels it on the timeline. */
  constructor(options?: PrimitiveOptions) {
    super(PrimKind.Lock, LOCK_BYTES, options);
  }

  /** Takes the lock, waiting up to `timeout` seconds (-1: no limit) unless `blocking` is false; true if it got it. */
  acquire(blocking = true, timeout = -1): boolean {
    if (blocking !== true || timeout !== -1) checkAcquireArgs(blocking, timeout);
    const c = this.c;
    return acquireOwnedLock(c, this.ref, blocking, timeout, c.operation());
  }

  /** Unlocks it; any thread may release a Lock; RuntimeError if it is not locked. */
  release(): void {
    const c = this.c;
    const at = c.operation();
    const i32 = c.heap.i32;
    const w = this.ref >> 2;
    // A plain read (an atomic one costs a builtin call a release): unlock() below checks atomically.
    if (i32[w + STATE] === 0) throw new RuntimeError('release unlocked lock');
    const seq = ++i32[w + SEQ];
    i32[w + OWNER] = 0;
    // Timed before the lock is free (so before the next holder's acquisition), written after: a full ring never holds the lock.
    const t = c.rec.stamp();
    if (!unlock(i32, w + STATE, c.wakeFn)) throw new RuntimeError('release unlocked lock');
    c.rec.released(t, this.ref, seq, at);
    c.locksHeld--;
  }

  // Quiet internal use (the mutex of Condition-based primitives) and Condition's protocol.

  /** @internal Acquires without recording; deadline in scheduler ms. */
  _lockQuiet(deadline = Infinity): boolean {
    const c = this.c;
    const i32 = c.heap.i32;
    const state = this.w(STATE);
    if (!tryLock(i32, state) && !lockSlow(i32, state, deadline, c.nowFn, c.waitFn)) return false;
    i32[this.w(OWNER)] = c.tid;
    return true;
  }

  /** @internal */
  _unlockQuiet(): void {
    const c = this.c;
    c.heap.i32[this.w(OWNER)] = 0;
    unlock(c.heap.i32, this.w(STATE), c.wakeFn);
  }

  /** @internal */
  _releaseSave(): number {
    this.release();
    return 0;
  }

  /** @internal */
  _acquireRestore(_saved: number): void {
    this.acquire();
  }

  /** Python's repr: `<Lock locked>` or `<Lock unlocked>`. */
  override toString(): string {
    return `<Lock ${this.locked() ? 'locked' : 'unlocked'}>`;
  }
}

/**
 * The acquire path shared by Lock and RLock (both keep futex, owner and seq in words 1-3), from the
 * request on: fast CAS, else block through the scheduler until acquired or timed out; records the outcome.
 */
export function acquireOwnedLock(c: ThreadContext, ref: number, blocking: boolean, timeout: number, at: number): boolean {
  const rec = c.rec;
  const i32 = c.heap.i32;
  const w = ref >> 2;
  const asked = blocking ? timeout : 0;
  // Room for the request and what the holder records first, so it never waits for the runner while holding the lock.
  rec.reserve(HOLDER_ROOM);
  // Without a timeout, the release completes the acquisition's record (Recorder.released), and one clock reading after
  // the try is the request's and the acquisition's time (nothing happened between them but the try). Otherwise (and in
  // deterministic mode, where each reading is a tick of the virtual clock) the request is stamped before the try.
  const paired = asked === -1 && rec.defersPairs;
  let t = paired ? 0 : rec.stamp();
  if (tryLock(i32, w + STATE)) {
    i32[w + OWNER] = c.tid;
    if (paired) rec.acquiredPending(ref, ++i32[w + SEQ], at);
    else rec.acquiredAtOnce(t, ref, asked, ++i32[w + SEQ], at);
    c.locksHeld++;
    return true;
  }
  if (paired) t = rec.stamp();
  rec.emitAt(t, EventKind.acquireRequest, ref, asked, -1, -1, at);
  return acquireContended(c, ref, blocking, timeout, at, t);
}

/** The request (stamped `requestedAt`) found the lock taken: fail, or wait for it as a blocked thread. */
function acquireContended(c: ThreadContext, ref: number, blocking: boolean, timeout: number, at: number, requestedAt: number): boolean {
  if (!blocking) {
    c.emit(EventKind.acquireFailed, ref, 0, -1, -1, at);
    return false;
  }
  const i32 = c.heap.i32;
  // In real time the wait begins at the request (one clock read a contended pair fewer: three, as an uncontended one).
  const since = c.stampIsNow ? requestedAt : c.sched.now();
  const deadline = timeout === -1 ? Infinity : since + c.ms(timeout);
  c.blockBegin(BlockOp.acquire, ref, timeout !== -1, at, since);
  const ok = lockSlow(i32, (ref >> 2) + STATE, deadline, c.nowFn, c.waitFn);
  c.blockEnd();
  if (!ok) {
    c.emit(EventKind.acquireFailed, ref, timeout, -1, -1, at);
    return false;
  }
  i32[(ref >> 2) + OWNER] = c.tid;
  const seq = ++i32[(ref >> 2) + SEQ];
  c.rec.emit(EventKind.acquired, ref, 1, seq, seq - 1, at);
  c.locksHeld++;
  return true;
}

/** Holder of a Lock or RLock, 0 when free. */
export function lockOwner(i32: Int32Array, ref: number): number {
  return Atomics.load(i32, (ref >> 2) + STATE) === 0 ? 0 : i32[(ref >> 2) + OWNER];
}
