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
import { Primitive, type PrimitiveOptions } from './base';
import { checkTimeout, deadlineAfter, recordedTimeout } from './timeout';
import type { Condition } from './condition';
import { locked, newMonitor, reviveMonitor } from './monitor';

const FLAG = 1;
const SEQ = 2;
const COND = 3;

export class Event extends Primitive {
  private readonly cond: Condition;

  constructor(options?: PrimitiveOptions, ref?: number) {
    super(PrimKind.Event, 16, options, false, ref);
    if (ref !== undefined) {
      this.cond = reviveMonitor(this.i32[this.w(COND)]);
      return;
    }
    this.cond = newMonitor();
    this.i32[this.w(COND)] = this.cond.ref;
  }

  isSet(): boolean {
    return Atomics.load(this.i32, this.w(FLAG)) === 1;
  }

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

  clear(): void {
    const c = this.c;
    const at = c.operation();
    locked(this.cond, () => {
      Atomics.store(c.heap.i32, this.w(FLAG), 0);
      c.emit(EventKind.eventClear, this.ref, 0, -1, -1, at);
    });
  }

  /** Python's Event.wait(timeout=None): true if the flag was set (even if cleared again since); a timeout of 0 or less does not wait. */
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
