// threading.Event: a flag over a private condition (CPython).
//
// | word | meaning                         |
// |------|---------------------------------|
// | 0    | PrimKind.Event                  |
// | 1    | flag                            |
// | 2    | seq, bumped by set()            |
// | 3    | ref of the private condition    |
import { EventKind, PrimKind } from '../../core/trace/kinds';
import { BlockOp } from '../shm/layout';
import { Primitive, wasRevived, type PrimitiveOptions } from './base';
import { checkTimeout, deadlineAfter, recordedTimeout } from './timeout';
import type { Condition } from './condition';
import { locked, newMonitor, reviveMonitor } from './monitor';

const FLAG = 1;
const SEQ = 2;
const COND = 3;

/** threading.Event: a flag threads wait for until another sets it. */
export class Event extends Primitive {
  private readonly cond: Condition;

  /** A new event, its flag false: threads wait for another to set it. */
  constructor(options?: PrimitiveOptions) {
    super(PrimKind.Event, 16, options);
    if (wasRevived(this)) {
      this.cond = reviveMonitor(this.i32[this.w(COND)]);
      return;
    }
    this.cond = newMonitor();
    this.i32[this.w(COND)] = this.cond.ref;
  }

  /** True if the flag is set. */
  isSet(): boolean {
    return Atomics.load(this.i32, this.w(FLAG)) === 1;
  }

  /** Sets the flag and wakes every thread waiting for it. */
  set(): void {
    const c = this.c;
    const at = c.operation();
    locked(this.cond, () => {
      const i32 = c.heap.i32;
      Atomics.store(i32, this.w(FLAG), 1);
      const seq = ++i32[this.w(SEQ)];
      c.emit(EventKind.eventSet, this.ref, 0, seq, -1, at);
      this.cond._notify(c, Infinity, seq);
    });
  }

  /** Clears the flag: later waits block until it is set again. */
  clear(): void {
    const c = this.c;
    const at = c.operation();
    locked(this.cond, () => {
      Atomics.store(c.heap.i32, this.w(FLAG), 0);
      c.emit(EventKind.eventClear, this.ref, 0, -1, -1, at);
    });
  }

  /** Waits until the flag is set or `timeout` seconds pass; true if it was set (even if cleared again since). */
  wait(timeout?: number | null): boolean {
    const c = this.c;
    checkTimeout(timeout);
    const at = c.operation();
    c.emit(EventKind.eventWait, this.ref, recordedTimeout(timeout), -1, -1, at);
    return locked(this.cond, () => {
      let signaled = this.isSet();
      let token = -1;
      if (!signaled) {
        const r = this.cond._wait(c, deadlineAfter(c, timeout), true, BlockOp.eventWait, this.ref, at);
        signaled = r.notified;
        token = r.token;
      }
      c.emit(EventKind.eventWake, this.ref, signaled ? 1 : 0, -1, token, at);
      return signaled;
    });
  }
}
