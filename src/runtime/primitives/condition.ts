// threading.Condition: a lock plus a FIFO of waiting threads. Each waiter parks on its own word
// in the thread table (CPython allocates a lock per waiter; a thread waits on one condition at a
// time, so one word per thread suffices) and the list is intrusive through the thread slots.
//
// | word | meaning                                          |
// |------|--------------------------------------------------|
// | 0    | PrimKind.Condition                               |
// | 1    | ref of the lock (Lock or RLock)                  |
// | 2    | seq, bumped by notify under the lock             |
// | 3, 4 | head and tail thread ids of the waiter list      |
//
// A quiet condition (inside Semaphore, Event, Barrier, Queue) records nothing itself: the owning
// primitive records its own events and passes its seq as the wake token.
import { EventKind, PrimKind } from '../../core/trace/kinds';
import { RuntimeError } from '../errors';
import { ctx, type ThreadContext } from '../worker/context';
import { BlockOp, Slot, slotIndex } from '../shm/layout';
import { holdOf, Primitive, revive, wasRevived, withHeld, type PrimitiveOptions } from './base';
import { checkTimeout, deadlineAfter, recordedTimeout } from './timeout';
import { Lock } from './lock';
import { RLock } from './rlock';

const LOCK = 1;
const SEQ = 2;
const HEAD = 3;
const TAIL = 4;

export interface WaitResult {
  notified: boolean;
  /** The waker's token (its seq), -1 if it timed out. */
  token: number;
}

/** threading.Condition: a lock plus a queue of threads waiting until another notifies them. */
export class Condition extends Primitive {
  /** @internal The underlying lock (Python's `_lock`). */
  readonly lock: Lock | RLock;

  /** A condition over `lock` (a new RLock when not given): threads wait on it until another notifies them. */
  constructor(lock?: Lock | RLock | PrimitiveOptions, options?: PrimitiveOptions) {
    const given = lock instanceof Lock || lock instanceof RLock ? lock : undefined;
    const opts = given ? options : (lock as PrimitiveOptions | undefined);
    super(PrimKind.Condition, 24, opts);
    if (wasRevived(this)) {
      this.lock = reviveLock(this.i32[this.w(LOCK)]);
      return;
    }
    this.lock = given ?? new RLock();
    this.i32[this.w(LOCK)] = this.lock.ref;
  }

  /** Acquires the underlying lock (as its acquire). */
  acquire(blocking = true, timeout = -1): boolean {
    return this.lock.acquire(blocking, timeout);
  }

  /** Releases the underlying lock. */
  release(): void {
    this.lock.release();
  }

  /** Runs `fn` holding the underlying lock and returns its result (Python's `with cond:`). */
  with<T>(fn: () => T): T {
    return withHeld(this, fn);
  }

  /** Holds the underlying lock until the enclosing block ends: `using _ = cond.hold();`. */
  hold(): Disposable & { release(): void } {
    return holdOf(this);
  }

  /** Releases the lock, waits until notified or `timeout` seconds pass, takes the lock again; false if it timed out. */
  wait(timeout?: number | null): boolean {
    const c = this.c;
    if (!this.lock._isOwned()) throw new RuntimeError('cannot wait on un-acquired lock');
    checkTimeout(timeout);
    const at = c.operation();
    c.emit(EventKind.condWait, this.ref, recordedTimeout(timeout), -1, -1, at);
    const r = this._wait(c, deadlineAfter(c, timeout), false, BlockOp.condWait, this.ref, at);
    c.emit(EventKind.condWake, this.ref, r.notified ? 1 : 0, -1, r.token, at);
    return r.notified;
  }

  /** Waits until `predicate()` is truthy (or `timeout` seconds pass) and returns its last value (Python's wait_for). */
  waitFor<T>(predicate: () => T, timeout?: number | null): T {
    const c = this.c;
    // The predicate's code clears the site register (docs/call-sites.md): each wait is this call's.
    const sites = c.sites.register;
    const call = sites.s;
    let endtime: number | undefined;
    let waittime = timeout ?? null;
    let result = predicate();
    while (!result) {
      if (waittime !== null) {
        if (endtime === undefined) endtime = c.sched.now() / 1000 / c.sleepScale + waittime;
        else {
          waittime = endtime - c.sched.now() / 1000 / c.sleepScale;
          if (waittime <= 0) break;
        }
      }
      sites.s = call;
      this.wait(waittime);
      result = predicate();
    }
    return result;
  }

  /** Wakes up to `n` threads waiting on it; the caller must hold the lock. */
  notify(n = 1): void {
    const c = this.c;
    if (!this.lock._isOwned()) throw new RuntimeError('cannot notify on un-acquired lock');
    const at = c.operation();
    const seq = ++c.heap.i32[this.w(SEQ)];
    const woken = this._notify(c, n, seq);
    c.emit(EventKind.condNotify, this.ref, woken, seq, -1, at);
  }

  /** Wakes every thread waiting on it; the caller must hold the lock. */
  notifyAll(): void {
    this.notify(Infinity);
  }

  /**
   * @internal
   * Parks the calling thread (which holds the lock) until notified or `deadline` (scheduler ms).
   * quiet: release/re-acquire the lock without recording. blockOp/blockOn: what the runner sees.
   */
  _wait(c: ThreadContext, deadline: number, quiet: boolean, blockOp: number, blockOn: number, at: number): WaitResult {
    const ctl = c.ctl;
    const me = c.tid;
    const park = slotIndex(me, Slot.PARK);
    Atomics.store(ctl, park, 0);
    ctl[slotIndex(me, Slot.NEXT_WAITER)] = 0;
    const i32 = c.heap.i32;
    const tail = i32[this.w(TAIL)];
    if (tail === 0) i32[this.w(HEAD)] = me;
    else ctl[slotIndex(tail, Slot.NEXT_WAITER)] = me;
    i32[this.w(TAIL)] = me;

    const saved = quiet ? (this.lock as Lock)._unlockQuiet() : this.lock._releaseSave();
    c.blockBegin(blockOp, blockOn, deadline !== Infinity, at);
    while (Atomics.load(ctl, park) === 0) {
      const left = deadline - c.sched.now();
      if (left <= 0) break;
      c.sched.wait(ctl, park, 0, left);
    }
    c.blockEnd();
    if (quiet) (this.lock as Lock)._lockQuiet();
    else this.lock._acquireRestore(saved as number);
    // Holding the lock again: a notify that raced with the timeout has already dequeued us.
    if (Atomics.load(ctl, park) === 1) return { notified: true, token: ctl[slotIndex(me, Slot.PARK_TOKEN)] };
    this.unlink(c, me);
    return { notified: false, token: -1 };
  }

  /** @internal Wakes up to n waiters in FIFO order, handing each `token`; the caller holds the lock. */
  _notify(c: ThreadContext, n: number, token: number): number {
    const ctl = c.ctl;
    const i32 = c.heap.i32;
    let woken = 0;
    while (woken < n) {
      const tid = i32[this.w(HEAD)];
      if (tid === 0) break;
      const next = ctl[slotIndex(tid, Slot.NEXT_WAITER)];
      i32[this.w(HEAD)] = next;
      if (next === 0) i32[this.w(TAIL)] = 0;
      ctl[slotIndex(tid, Slot.PARK_TOKEN)] = token;
      Atomics.store(ctl, slotIndex(tid, Slot.PARK), 1);
      c.sched.wake(ctl, slotIndex(tid, Slot.PARK), 1);
      woken++;
    }
    return woken;
  }

  private unlink(c: ThreadContext, me: number): void {
    const ctl = c.ctl;
    const i32 = c.heap.i32;
    let prev = 0;
    for (let t = i32[this.w(HEAD)]; t !== 0; prev = t, t = ctl[slotIndex(t, Slot.NEXT_WAITER)]) {
      if (t !== me) continue;
      const next = ctl[slotIndex(t, Slot.NEXT_WAITER)];
      if (prev === 0) i32[this.w(HEAD)] = next;
      else ctl[slotIndex(prev, Slot.NEXT_WAITER)] = next;
      if (i32[this.w(TAIL)] === me) i32[this.w(TAIL)] = prev;
      return;
    }
  }
}

function reviveLock(ref: number): Lock | RLock {
  return revive(ref, () => (ctx().heap.i32[ref >> 2] === PrimKind.RLock ? new RLock() : new Lock()));
}
