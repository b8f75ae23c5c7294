// One single-writer ring per thread in shared memory, drained by the runner. An event costs one
// clock read plus a few stores; the write index is published with an atomic store every
// PUBLISH_EVERY events and whenever the thread is about to block, so the runner never waits for
// a blocked thread's events. A ring that passes half full rings the run's drain bell, so the
// runner drains it at once instead of at its next tick; a full ring blocks its writer until the
// runner drains: no event is ever dropped.
//
// Record (48 bytes): float64 t (ms), a, q, l; int32 k, p, at, at2. A record is one event of kind k,
// except the ring-only kinds below (k <= 0), which carry a lock's commonest sequences in one record
// each; the runner writes them as the events the separate records would have been.
//
// An uncontended Lock acquisition without a timeout is written as ACQUIRED_UNTIMED but held back from
// the runner (not published) until the thread records or publishes anything else; if its release
// comes first, the release completes that same record into LOCK_PAIR in place: one record a pair.
// A thread that dies holding the lock leaves a readable acquisition (the runner reads a gone thread's
// ring up to WRITTEN, which counts it).
// Header (int32): PUBLISHED (atomic write index), WRITTEN (plain, read after the thread is gone),
// READ (runner's read index), WRITER_WAITING, TID.

import { EventKind } from '../../core/trace/kinds';
import { Ctl, MAX_THREADS, RECORDER_WAIT_F64_OFFSET_BYTES } from './layout';

export const RING_HEADER_BYTES = 64;
export const RECORD_BYTES = 48;
export const RING_CAPACITY = 1 << 15;
/** TID: the thread whose events this ring carries (a pooled worker learns it when it is handed one). */
export const RingHeader = { PUBLISHED: 0, WRITTEN: 1, READ: 2, WRITER_WAITING: 3, TID: 4 } as const;
const PUBLISH_EVERY = 64;
/**
 * Ring-only record kind (no EventKind is 0): t the request's time, a the acquisition's, q its seq,
 * l the request's `a` (timeout); p and at as both events'. Read as acquireRequest + acquired (a 1, l -1).
 */
export const ACQUIRED_AT_ONCE = 0;
/** Ring-only: ACQUIRED_AT_ONCE without a timeout (the request's `a` -1); l unused. */
export const ACQUIRED_UNTIMED = -1;
/** Ring-only: ACQUIRED_UNTIMED, then that acquisition's release: l the release's time, at2 its site, its seq q + 1. */
export const LOCK_PAIR = -2;

export function newRingBuffer(capacity = RING_CAPACITY): SharedArrayBuffer {
  return new SharedArrayBuffer(RING_HEADER_BYTES + capacity * RECORD_BYTES);
}

export class Recorder {
  private readonly hdr: Int32Array;
  private readonly f64: Float64Array;
  private readonly i32: Int32Array;
  private readonly mask: number;
  private readonly capacity: number;
  private readonly half: number;
  private w = 0;
  private readCache = 0;
  /** The lock (heap ref) whose ACQUIRED_UNTIMED is the last record, unpublished, 0 for none; that record's end and seq. */
  private pendingP = 0;
  private pendingEnd = 0;
  private pendingSeq = 0;
  /** The read index when the bell was last rung: once per drain at most. */
  private rangAt = -1;
  /** The thread whose events this ring carries now (setThread), and each thread's ms of waiting for room (layout.ts). */
  private tid = 0;
  private readonly waited?: Float64Array;

  constructor(
    ring: SharedArrayBuffer,
    private readonly now: () => number,
    /** The run's control words (Ctl.DRAIN_BELL), if a runner listens. */
    private readonly bell?: Int32Array,
    /** Whether a lock's release may complete its acquisition's record (acquiredPending; not in deterministic mode). */
    readonly defersPairs = false,
  ) {
    this.hdr = new Int32Array(ring, 0, RING_HEADER_BYTES / 4);
    this.capacity = (ring.byteLength - RING_HEADER_BYTES) / RECORD_BYTES;
    this.half = this.capacity >> 1;
    this.mask = this.capacity - 1;
    this.f64 = new Float64Array(ring, RING_HEADER_BYTES);
    this.i32 = new Int32Array(ring, RING_HEADER_BYTES);
    if (bell) this.waited = new Float64Array(bell.buffer, RECORDER_WAIT_F64_OFFSET_BYTES, MAX_THREADS);
  }

  emit(k: number, p: number, a: number, q: number, l: number, at: number): void {
    if (this.w - this.readCache >= this.capacity) this.waitForSpace(1);
    this.write(this.now(), k, p, a, q, l, at);
  }

  /** The clock reading an event made now would carry: a lock's release is stamped before the lock is let go and written after. */
  stamp(): number {
    return this.now();
  }

  /** Records an event stamped earlier (stamp()). */
  emitAt(t: number, k: number, p: number, a: number, q: number, l: number, at: number): void {
    if (this.w - this.readCache >= this.capacity) this.waitForSpace(1);
    this.write(t, k, p, a, q, l, at);
  }

  /** A lock's request stamped `t` (stamp()) and its acquisition now, which did not wait: ACQUIRED_AT_ONCE. */
  acquiredAtOnce(t: number, p: number, timeout: number, seq: number, at: number): void {
    if (this.w - this.readCache >= this.capacity) this.waitForSpace(1);
    this.write(t, ACQUIRED_AT_ONCE, p, this.now(), seq, timeout, at);
  }

  /**
   * A lock's request and its acquisition now, one clock reading for both: it did not wait, and had no timeout
   * (ACQUIRED_UNTIMED). Held back so that its release can complete it (released). Only after reserve(n > 1): no room check here.
   */
  acquiredPending(p: number, seq: number, at: number): void {
    const w = this.w;
    const slot = w & this.mask;
    const fb = slot * 6;
    const ib = slot * 12;
    const t = this.now();
    this.f64[fb] = t;
    this.f64[fb + 1] = t;
    this.f64[fb + 2] = seq;
    this.i32[ib + 8] = ACQUIRED_UNTIMED;
    this.i32[ib + 9] = p;
    this.i32[ib + 10] = at;
    this.w = w + 1;
    this.hdr[RingHeader.WRITTEN] = w + 1;
    this.pendingP = p;
    this.pendingEnd = w + 1;
    this.pendingSeq = seq;
    // What came before it is published on schedule; it is not.
    if ((w & (PUBLISH_EVERY - 1)) === 0) {
      Atomics.store(this.hdr, RingHeader.PUBLISHED, w);
      if (w - this.readCache >= this.half) this.askForDrain(w);
    }
  }

  /**
   * A lock's last release stamped `t` with sequence number `seq`: completes the record of its acquisition
   * into LOCK_PAIR if that is still the last record and unpublished (acquiredPending), else records it.
   */
  released(t: number, p: number, seq: number, at: number): void {
    if (this.pendingP !== p || this.pendingEnd !== this.w || this.pendingSeq + 1 !== seq) {
      return this.emitAt(t, EventKind.release, p, 0, seq, -1, at);
    }
    this.pendingP = 0;
    const slot = (this.w - 1) & this.mask;
    // The kind last: a thread that dies before it leaves a readable acquisition (l and at2 are unread in it).
    this.f64[slot * 6 + 3] = t;
    this.i32[slot * 12 + 11] = at;
    this.i32[slot * 12 + 8] = LOCK_PAIR;
  }

  /**
   * Waits, if need be, until `n` more events fit. Called before taking a lock, so that the events
   * recorded while holding it never wait for the runner to drain (every other thread would wait too).
   */
  reserve(n: number): void {
    if (this.w + n - this.readCache > this.capacity) this.waitForSpace(n);
  }

  private write(t: number, k: number, p: number, a: number, q: number, l: number, at: number): void {
    const w = this.w;
    const slot = w & this.mask;
    const fb = slot * 6;
    const ib = slot * 12;
    this.f64[fb] = t;
    this.f64[fb + 1] = a;
    this.f64[fb + 2] = q;
    this.f64[fb + 3] = l;
    this.i32[ib + 8] = k;
    this.i32[ib + 9] = p;
    this.i32[ib + 10] = at;
    this.w = w + 1;
    this.hdr[RingHeader.WRITTEN] = w + 1;
    if ((w & (PUBLISH_EVERY - 1)) === 0) {
      Atomics.store(this.hdr, RingHeader.PUBLISHED, w + 1);
      if (w - this.readCache >= this.half) this.askForDrain(w);
    }
  }

  private askForDrain(w: number): void {
    const r = Atomics.load(this.hdr, RingHeader.READ);
    this.readCache = r;
    if (w - r < this.half || r === this.rangAt || !this.bell) return;
    this.rangAt = r;
    Atomics.add(this.bell, Ctl.DRAIN_BELL, 1);
    Atomics.notify(this.bell, Ctl.DRAIN_BELL);
  }

  setThread(tid: number): void {
    this.tid = tid;
    Atomics.store(this.hdr, RingHeader.TID, tid);
  }

  /** Makes every written event visible to the runner; called before blocking and at exit. */
  publish(): void {
    this.pendingP = 0;
    Atomics.store(this.hdr, RingHeader.PUBLISHED, this.w);
  }

  /** Blocks until `n` more events fit (the runner drains and notifies). */
  private waitForSpace(n: number): void {
    this.publish();
    for (;;) {
      const r = Atomics.load(this.hdr, RingHeader.READ);
      this.readCache = r;
      if (this.w + n - r <= this.capacity) break;
      Atomics.store(this.hdr, RingHeader.WRITER_WAITING, 1);
      this.waitForRead(r);
    }
    Atomics.store(this.hdr, RingHeader.WRITER_WAITING, 0);
  }

  /**
   * One wait for the runner's next read, added to the thread's recorder wait: the trace shows none of it (the lane
   * reads "running"), so the run's outcome says how much. Out of waitForSpace, which V8 inlines into every emit.
   */
  private waitForRead(r: number): void {
    const since = performance.now();
    Atomics.wait(this.hdr, RingHeader.READ, r, 50);
    if (this.waited) this.waited[this.tid] += performance.now() - since;
  }
}
