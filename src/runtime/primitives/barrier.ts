// threading.Barrier: CPython's state machine over a private condition.
//
// | word | meaning                                                        |
// |------|----------------------------------------------------------------|
// | 0    | PrimKind.Barrier                                               |
// | 1    | parties                                                        |
// | 2    | count of threads inside wait()                                 |
// | 3    | state: 0 filling, 1 draining, -1 resetting, -2 broken          |
// | 4    | seq, bumped per trip (the token every passer links to)         |
// | 5    | ref of the private condition                                   |
// | 6    | ref of the action's export name (0 none)                       |
// | 7    | 1 if a default timeout was given                               |
// | 8-9  | default timeout in seconds (float64)                           |
import { EventKind, PrimKind } from '../../core/trace/kinds';
import { BrokenBarrierError, ValueError } from '../errors';
import type { ThreadContext } from '../worker/context';
import { BlockOp } from '../shm/layout';
import { Primitive, reviving, wasRevived, type PrimitiveOptions } from './base';
import { checkTimeout, deadlineAfter, recordedTimeout } from './timeout';
import type { Condition } from './condition';
import { exportNameOf } from '../worker/targets';
import { locked, newMonitor, reviveMonitor } from './monitor';

const PARTIES = 1;
const COUNT = 2;
const STATE = 3;
const SEQ = 4;
const COND = 5;
const ACTION = 6;
const HAS_TIMEOUT = 7;
const TIMEOUT_F64 = 4;

/** threading.Barrier: `parties` threads wait at it until all have arrived, then all go on. */
export class Barrier extends Primitive {
  private readonly cond: Condition;

  /** A barrier for `parties` threads; the last to arrive runs `action` (an exported function); `timeout` is wait's default. */
  constructor(parties: number, action?: ((...a: never[]) => unknown) | null, timeout?: number | null, options?: PrimitiveOptions) {
    if (!reviving() && !(parties >= 1)) throw new ValueError('parties must be > 0');
    // CPython accepts Barrier(2.5), which never trips.
    if (!reviving() && !Number.isInteger(parties)) throw new ValueError('parties must be an integer (a barrier of 2.5 parties never trips)');
    super(PrimKind.Barrier, 40, options);
    if (wasRevived(this)) {
      this.cond = reviveMonitor(this.i32[this.w(COND)]);
      return;
    }
    const c = this.c;
    this.cond = newMonitor();
    const i32 = c.heap.i32;
    i32[this.w(PARTIES)] = parties;
    i32[this.w(COND)] = this.cond.ref;
    if (action) i32[this.w(ACTION)] = c.heap.writeString(exportNameOf(action, 'Barrier action'));
    if (timeout != null) {
      i32[this.w(HAS_TIMEOUT)] = 1;
      c.heap.f64[(this.ref >> 3) + TIMEOUT_F64] = timeout;
    }
  }

  /** How many threads must arrive to pass it. */
  get parties(): number {
    return this.i32[this.w(PARTIES)];
  }

  /** How many threads wait at it now. */
  get nWaiting(): number {
    const i32 = this.i32;
    return i32[this.w(STATE)] === 0 ? i32[this.w(COUNT)] : 0;
  }

  /** True if it is broken (reset or aborted while threads waited, or a wait timed out). */
  get broken(): boolean {
    return this.i32[this.w(STATE)] === -2;
  }

  /** Waits until `parties` threads have arrived and returns this thread's index (0 … parties-1); BrokenBarrierError if it breaks or `timeout` seconds pass. */
  wait(timeout?: number | null): number {
    const c = this.c;
    const at = c.operation();
    const t = timeout ?? (c.heap.i32[this.w(HAS_TIMEOUT)] ? c.heap.f64[(this.ref >> 3) + TIMEOUT_F64] : null);
    checkTimeout(t);
    c.emit(EventKind.barrierWait, this.ref, recordedTimeout(t), -1, -1, at);
    const i32 = c.heap.i32;
    return locked(this.cond, () => {
      this.enter(c, at);
      const index = i32[this.w(COUNT)]++;
      try {
        if (index + 1 === i32[this.w(PARTIES)]) this.trip(c);
        else this.awaitTrip(c, t, at);
        c.emit(EventKind.barrierPass, this.ref, index, -1, i32[this.w(SEQ)], at);
        return index;
      } finally {
        i32[this.w(COUNT)]--;
        this.exit(c);
      }
    });
  }

  /** Returns it to its empty state; threads waiting at it get BrokenBarrierError. */
  reset(): void {
    const c = this.c;
    const at = c.operation();
    locked(this.cond, () => {
      const i32 = c.heap.i32;
      if (i32[this.w(COUNT)] > 0) {
        if (i32[this.w(STATE)] === 0 || i32[this.w(STATE)] === -2) i32[this.w(STATE)] = -1;
      } else i32[this.w(STATE)] = 0;
      c.emit(EventKind.barrierReset, this.ref, 0, -1, -1, at);
      this.cond._notify(c, Infinity, -1);
    });
  }

  /** Breaks it: threads waiting at it, and those arriving later, get BrokenBarrierError. */
  abort(): void {
    const c = this.c;
    const at = c.operation();
    locked(this.cond, () => {
      c.emit(EventKind.barrierReset, this.ref, 1, -1, -1, at);
      this.breakBarrier(c);
    });
  }

  private enter(c: ThreadContext, at: number): void {
    const i32 = c.heap.i32;
    while (i32[this.w(STATE)] === -1 || i32[this.w(STATE)] === 1) {
      this.cond._wait(c, Infinity, true, BlockOp.barrierWait, this.ref, at);
    }
    if (i32[this.w(STATE)] < 0) this.raiseBroken(c, at);
  }

  private trip(c: ThreadContext): void {
    const i32 = c.heap.i32;
    try {
      const action = i32[this.w(ACTION)];
      if (action !== 0) {
        const name = c.heap.readString(action);
        (c.exports[name] as () => unknown)();
      }
      i32[this.w(STATE)] = 1;
      const seq = ++i32[this.w(SEQ)];
      this.cond._notify(c, Infinity, seq);
    } catch (e) {
      this.breakBarrier(c);
      throw e;
    }
  }

  private awaitTrip(c: ThreadContext, timeout: number | null, at: number): void {
    const i32 = c.heap.i32;
    const deadline = deadlineAfter(c, timeout);
    while (i32[this.w(STATE)] === 0) {
      if (c.sched.now() >= deadline) {
        this.breakBarrier(c);
        this.raiseBroken(c, at);
      }
      this.cond._wait(c, deadline, true, BlockOp.barrierWait, this.ref, at);
    }
    if (i32[this.w(STATE)] < 0) this.raiseBroken(c, at);
  }

  private exit(c: ThreadContext): void {
    const i32 = c.heap.i32;
    if (i32[this.w(COUNT)] === 0 && (i32[this.w(STATE)] === -1 || i32[this.w(STATE)] === 1)) {
      i32[this.w(STATE)] = 0;
      this.cond._notify(c, Infinity, -1);
    }
  }

  private breakBarrier(c: ThreadContext): void {
    c.heap.i32[this.w(STATE)] = -2;
    this.cond._notify(c, Infinity, -1);
  }

  private raiseBroken(c: ThreadContext, at: number): never {
    c.emit(EventKind.barrierBroken, this.ref, 0, -1, -1, at);
    throw new BrokenBarrierError();
  }
}
