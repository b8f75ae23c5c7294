// The coordinator's locks and flags: mp.Lock, mp.Semaphore, mp.BoundedSemaphore (a counter with
// waiters) and mp.Event. As in Python, a multiprocessing Lock is a semaphore of one: any process
// or thread may release it. Every acquire and release takes the next sequence number, so the
// timeline links a release to the acquire it let through, as for threading locks.
import { fail, firstLive, ok, Pending, type Reply } from './pending';

export interface Acquired {
  acquired: boolean;
  /** This acquisition's sequence number (-1 when it failed). */
  seq: number;
  /** Sequence number of the release that let it through; -1 if it did not wait. */
  wokenBy: number;
  /** Permits left after it. */
  value: number;
}

export interface Released {
  seq: number;
  /** Permits right after the release, before a waiter takes one. */
  value: number;
}

export class SemState {
  private seq = 0;
  private readonly waiters: Pending[] = [];

  /** `max`: the bound of a Lock (1) or BoundedSemaphore; Infinity for a Semaphore. */
  constructor(
    private value: number,
    private readonly max: number,
  ) {}

  acquire(block: boolean, timeoutMs: number, reply: Reply): void {
    if (this.value > 0 && !firstLive(this.waiters)) {
      this.value--;
      return reply(ok({ acquired: true, seq: ++this.seq, wokenBy: -1, value: this.value } satisfies Acquired));
    }
    const failed: Acquired = { acquired: false, seq: -1, wokenBy: -1, value: this.value };
    if (!block || timeoutMs === 0) return reply(ok(failed));
    this.waiters.push(new Pending(reply, timeoutMs, () => ok({ ...failed, value: this.value })));
  }

  release(reply: Reply): void {
    if (this.value + 1 > this.max) return reply(fail('ValueError', 'semaphore or lock released too many times'));
    this.value++;
    const rel: Released = { seq: ++this.seq, value: this.value };
    reply(ok(rel));
    for (let w = firstLive(this.waiters); w && this.value > 0; w = firstLive(this.waiters)) {
      this.waiters.shift();
      this.value--;
      w.resolve(ok({ acquired: true, seq: ++this.seq, wokenBy: rel.seq, value: this.value } satisfies Acquired));
    }
  }

  get current(): number {
    return this.value;
  }
}

export interface EventWoken {
  set: boolean;
  /** Sequence number of the set() that released the waiter; -1 if it did not wait. */
  wokenBy: number;
}

export class EventState {
  private flag = false;
  private seq = 0;
  private readonly waiters: Pending[] = [];

  set(): number {
    this.flag = true;
    const seq = ++this.seq;
    for (const w of this.waiters.splice(0)) w.resolve(ok({ set: true, wokenBy: seq } satisfies EventWoken));
    return seq;
  }

  clear(): void {
    this.flag = false;
  }

  isSet(): boolean {
    return this.flag;
  }

  wait(timeoutMs: number, reply: Reply): void {
    if (this.flag) return reply(ok({ set: true, wokenBy: -1 } satisfies EventWoken));
    if (timeoutMs === 0) return reply(ok({ set: false, wokenBy: -1 } satisfies EventWoken));
    this.waiters.push(new Pending(reply, timeoutMs, () => ok({ set: false, wokenBy: -1 } satisfies EventWoken)));
  }
}
