// Deterministic mode's scheduler: every scenario thread is still a real worker, but exactly one
// holds the baton and runs; at each scheduling point (and whenever it blocks or ends) the
// holder itself decides who goes next, from state in shared memory (sched/layout.ts), so the
// runner's event loop never takes part and never blocks. Decisions depend only on that state,
// so the same seed (or the same recorded schedule) gives the same run, event for event.
//
// Time is virtual: sleeps and timeouts set deadlines on a virtual clock that jumps to the
// earliest deadline when nobody can run, and every recorded event advances it by one tick (so
// every event has its own timestamp and the order of the trace is the order things happened).
// When nobody can run and no deadline is left, the run is exactly stuck (End.stuck).
import { Ctl, POOL_INDEX, Slot, ThreadState, slotIndex } from '../shm/layout';
import type { Scheduler } from './scheduler';
import { nextInt, nextRandom } from './rng';
import { Answer, CAND_INDEX, CHOICE_INDEX, End, F, H, LIST_CAPACITY, NO_KEY, REPLAY_INDEX, Result, Status, Strategy, T, TF, tf, ti } from './layout';

/** Virtual ns each recorded event takes. */
export const EVENT_TICK_NS = 1000;
/**
 * Loads of the baton word before sleeping in Atomics.wait: a hand-off back to a spinning thread
 * costs well under a microsecond, one to a sleeping thread about 22 µs. Kept short: on 2 shared
 * cores longer spins (4,000, 20,000) starved the thread holding the baton (BENCHMARKS.md).
 */
const SPIN = 500;

/** Thrown from every scheduling call once the run is torn down, to unwind a thread's stack. */
export class RunAbort extends Error {
  constructor() {
    super('interleave: the deterministic run was ended');
  }
}

export interface SchedEnv {
  /** The calling thread's id (0 while the module loads: not a scheduled thread). */
  tid(): number;
  /** Makes this thread's recorded events visible to the runner (before it stops running). */
  publish(): void;
  /** Step mode: what the calling thread is about to do, as heap refs (op name string, site). */
  describe(): { op: number; site: number };
  /** Whether the calling thread holds a Lock or RLock. */
  holdsLock(): boolean;
}

export class ControlledScheduler implements Scheduler {
  private readonly s: Int32Array;
  private readonly f: Float64Array;

  constructor(
    sched: SharedArrayBuffer,
    private readonly ctl: Int32Array,
    private readonly heap: Int32Array,
    private readonly env: SchedEnv,
  ) {
    this.s = new Int32Array(sched);
    this.f = new Float64Array(sched);
  }

  now(): number {
    return this.f[F.VNOW] / 1e6;
  }

  monotonicMs(): number {
    return this.now();
  }

  wallMs(): number {
    return this.f[F.EPOCH_MS] + this.now();
  }

  /** The recorder's clock: the virtual time, then one tick later for the next event. */
  readonly stamp = (): number => {
    const t = this.f[F.VNOW];
    if (this.s[H.BATON] === this.env.tid()) this.f[F.VNOW] = t + EVENT_TICK_NS;
    return t / 1e6;
  };

  enter(): void {
    const me = this.env.tid();
    this.checkAbort();
    Atomics.store(this.s, ti(me, T.STATUS), Status.ready);
    Atomics.add(this.s, H.ARRIVALS, 1);
    Atomics.notify(this.s, H.ARRIVALS);
    this.awaitTurn(me);
  }

  exit(): void {
    const me = this.env.tid();
    Atomics.store(this.s, ti(me, T.STATUS), Status.exited);
    if (this.s[H.ABORT]) return;
    this.env.publish();
    // MainThread's end ends the run: daemon threads stay where they are ("cut off at exit").
    if (me === 1) {
      this.finish(End.mainDone);
      return;
    }
    const next = this.decide(me, false);
    if (next > 0) this.handTo(next);
  }

  point(racing = false): void {
    const me = this.env.tid();
    if (me === 0) return;
    this.checkAbort();
    this.s[ti(me, T.RACING)] = racing ? 1 : 0;
    if (this.s[H.STEP_MODE]) this.noteNextOp(me);
    this.switchTo(me, this.decide(me, true));
  }

  wait(arr: Int32Array, index: number, expected: number, timeoutMs: number): 'ok' | 'not-equal' | 'timed-out' {
    const me = this.env.tid();
    const key = this.keyOf(arr, index);
    if (me === 0 || key === undefined) return Atomics.wait(arr, index, expected, timeoutMs === Infinity ? undefined : timeoutMs);
    this.checkAbort();
    if (Atomics.load(arr, index) !== expected) return 'not-equal';
    if (timeoutMs <= 0) return 'timed-out';
    this.block(me, key, timeoutMs);
    return this.s[ti(me, T.RESULT)] === Result.timedOut ? 'timed-out' : 'ok';
  }

  wake(arr: Int32Array, index: number, count: number): void {
    const key = this.keyOf(arr, index);
    // Pool mailboxes (and anything outside the two scenario buffers) have real waiters.
    if (key === undefined || ((key & 1) === 0 && index >= POOL_INDEX)) {
      Atomics.notify(arr, index, count);
      return;
    }
    const last = this.lastTid();
    for (let woken = 0; woken < count; woken++) {
      let best = 0;
      let bestSeq = Infinity;
      for (let t = 1; t <= last; t++) {
        if (this.s[ti(t, T.STATUS)] === Status.blocked && this.s[ti(t, T.KEY)] === key && this.s[ti(t, T.BSEQ)] < bestSeq) {
          best = t;
          bestSeq = this.s[ti(t, T.BSEQ)];
        }
      }
      if (best === 0) return;
      this.s[ti(best, T.STATUS)] = Status.ready;
      this.s[ti(best, T.RESULT)] = Result.ok;
    }
  }

  sleep(ms: number): void {
    const me = this.env.tid();
    if (me === 0 || ms <= 0) return;
    this.checkAbort();
    this.block(me, NO_KEY, ms);
  }

  private block(me: number, key: number, timeoutMs: number): void {
    const s = this.s;
    s[ti(me, T.STATUS)] = Status.blocked;
    s[ti(me, T.RACING)] = 0;
    s[ti(me, T.KEY)] = key;
    s[ti(me, T.BSEQ)] = ++s[H.BLOCK_SEQ];
    this.f[tf(me, TF.DEADLINE)] = timeoutMs === Infinity ? Infinity : this.f[F.VNOW] + Math.max(1, Math.round(timeoutMs * 1e6));
    this.switchTo(me, this.decide(me, false));
  }

  /** Who runs next, decided by the baton holder `me`; 0 when the run cannot go on. */
  private decide(me: number, selfRunnable: boolean): number {
    const s = this.s;
    const step = ++s[H.STEPS];
    if (s[H.PREEMPT_HOLDERS]) s[ti(me, T.HOLDS)] = this.env.holdsLock() ? 1 : 0;
    if (s[H.MAX_STEPS] > 0 && step > s[H.MAX_STEPS]) return this.finish(End.steps);
    let last = this.awaitArrivals();
    this.expire(last);
    let cands = this.candidates(me, selfRunnable, last);
    if (cands.length === 0) {
      if (!this.advanceClock(last)) return this.finish(End.stuck);
      last = this.lastTid();
      cands = this.candidates(me, selfRunnable, last);
    }
    if (this.earliestDeadline(last) < Infinity && this.delayDue(step, cands)) {
      this.record(-step);
      this.advanceClock(last);
      last = this.lastTid();
      cands = this.candidates(me, selfRunnable, last);
    }
    if (s[H.STRATEGY] === Strategy.pct || s[H.FALLBACK] === Strategy.pct) this.pctStep(me, step);
    const chosen = s[H.STEP_MODE] && this.pauseDue(selfRunnable) ? this.pause(me, cands, selfRunnable) : this.pick(cands);
    if (cands.length > 1) this.record(chosen);
    return chosen;
  }

  /** Appends one choice to the recorded schedule (a thread id, or -step for a delay). */
  private record(choice: number): void {
    const n = this.s[H.CHOICES];
    if (n < LIST_CAPACITY) this.s[CHOICE_INDEX + n] = choice;
    this.s[H.CHOICES] = n + 1;
  }

  /**
   * Whether decision `step` lets virtual time pass to the next deadline before anyone runs (a
   * delay, recorded as -step so that a replay makes it at the same decision). A real thread can be
   * descheduled that long; on virtual time a runnable thread never is unless a choice says so.
   * Random runs delay only under POSTPONE_RACES, when every runnable thread waits before a racing
   * access: RaceFuzzer (Sen, PLDI 2008) postpones a thread at a racing access until another
   * thread reaches its partner access, and when nobody else can run, postponing is letting a
   * sleeper wake, whose next access may then come first (a lost update needs exactly that not to).
   */
  private delayDue(step: number, cands: number[]): boolean {
    const s = this.s;
    if (s[H.STRATEGY] === Strategy.replay && !s[H.DIVERGED] && s[H.REPLAY_POS] < s[H.REPLAY_LEN]) {
      if (s[REPLAY_INDEX + s[H.REPLAY_POS]] !== -step) return false;
      s[H.REPLAY_POS]++;
      return true;
    }
    const random = s[H.STRATEGY] === Strategy.random || (s[H.STRATEGY] === Strategy.replay && s[H.FALLBACK] === Strategy.random);
    if (!random || !s[H.POSTPONE_RACES] || !cands.every((t) => s[ti(t, T.RACING)] === 1)) return false;
    return nextInt(s, H.RNG, 2) === 0;
  }

  /** Runnable threads in id order: the ready ones, and the decider if it is at a point. */
  private candidates(me: number, selfRunnable: boolean, last: number): number[] {
    const out: number[] = [];
    for (let t = 1; t <= last; t++) {
      if (t === me ? selfRunnable || this.s[ti(t, T.STATUS)] === Status.ready : this.s[ti(t, T.STATUS)] === Status.ready) out.push(t);
    }
    return out;
  }

  private pick(cands: number[]): number {
    if (cands.length === 1) return cands[0];
    const s = this.s;
    let strategy = s[H.STRATEGY];
    if (strategy === Strategy.replay) {
      const pos = s[H.REPLAY_POS];
      if (pos < s[H.REPLAY_LEN] && !s[H.DIVERGED]) {
        s[H.REPLAY_POS] = pos + 1;
        const want = s[REPLAY_INDEX + pos];
        if (cands.includes(want)) return want;
        s[H.DIVERGED] = 1;
      }
      strategy = s[H.FALLBACK];
    }
    if (strategy === Strategy.pct) return this.highestPriority(cands);
    if (s[H.PREEMPT_HOLDERS]) {
      // Threads that hold a lock wait while others can run: each gets to take its first lock
      // before anyone takes a second (a lock-order cycle's every edge in flight at once).
      const free = cands.filter((t) => s[ti(t, T.HOLDS)] === 0);
      if (free.length > 0 && free.length < cands.length) return free[nextInt(s, H.RNG, free.length)];
    }
    return cands[nextInt(s, H.RNG, cands.length)];
  }

  /** PCT: threads get random priorities above the depth d when first seen; run the highest. */
  private highestPriority(cands: number[]): number {
    let best = cands[0];
    for (const t of cands) {
      if (this.priority(t) > this.priority(best)) best = t;
    }
    return best;
  }

  private priority(t: number): number {
    const i = tf(t, TF.PRIO);
    if (this.f[i] === 0) this.f[i] = this.s[H.DEPTH] + nextRandom(this.s, H.RNG);
    return this.f[i];
  }

  /** PCT: at the j-th change point, the thread that took the step drops to priority j (below every initial one). */
  private pctStep(me: number, step: number): void {
    const d = this.s[H.DEPTH];
    for (let j = 0; j < d - 1; j++) {
      if (this.s[H.CHANGE_AT + j] === step) {
        this.priority(me);
        this.f[tf(me, TF.PRIO)] = j + 1;
      }
    }
  }

  /** Started threads that have not arrived yet would change the candidates: wait for them. */
  private awaitArrivals(): number {
    for (;;) {
      const seen = Atomics.load(this.s, H.ARRIVALS);
      const last = this.lastTid();
      let pending = false;
      for (let t = 2; t <= last && !pending; t++) {
        pending = Atomics.load(this.ctl, slotIndex(t, Slot.STATE)) === ThreadState.starting && Atomics.load(this.s, ti(t, T.STATUS)) === Status.absent;
      }
      if (!pending) return last;
      // The new thread's worker is waking up: spin a little before sleeping, as for the baton.
      for (let i = 0; i < SPIN && Atomics.load(this.s, H.ARRIVALS) === seen; i++);
      if (Atomics.load(this.s, H.ARRIVALS) === seen) Atomics.wait(this.s, H.ARRIVALS, seen, 50);
      this.checkAbort();
    }
  }

  /** Blocked threads whose deadline has come become ready, timed out. */
  private expire(last: number): void {
    const now = this.f[F.VNOW];
    for (let t = 1; t <= last; t++) {
      if (this.s[ti(t, T.STATUS)] === Status.blocked && this.f[tf(t, TF.DEADLINE)] <= now) {
        this.s[ti(t, T.STATUS)] = Status.ready;
        this.s[ti(t, T.RESULT)] = Result.timedOut;
      }
    }
  }

  /** The earliest deadline of a blocked thread (ns; Infinity: none). */
  private earliestDeadline(last: number): number {
    let earliest = Infinity;
    for (let t = 1; t <= last; t++) {
      if (this.s[ti(t, T.STATUS)] === Status.blocked) earliest = Math.min(earliest, this.f[tf(t, TF.DEADLINE)]);
    }
    return earliest;
  }

  /** Nobody can run (or a delay): jump to the earliest deadline. False if there is none. */
  private advanceClock(last: number): boolean {
    const earliest = this.earliestDeadline(last);
    if (earliest === Infinity) return false;
    this.f[F.VNOW] = Math.max(this.f[F.VNOW], earliest);
    this.expire(last);
    return true;
  }

  /** Ends the run: the runner (waiting on END) takes over; this thread stays frozen. */
  private finish(why: number): number {
    Atomics.store(this.s, H.END, why);
    Atomics.notify(this.s, H.END);
    return 0;
  }

  private switchTo(me: number, next: number): void {
    if (next === me) {
      this.s[ti(me, T.STATUS)] = Status.running;
      return;
    }
    if (this.s[ti(me, T.STATUS)] === Status.running) this.s[ti(me, T.STATUS)] = Status.ready;
    this.env.publish();
    if (next > 0) this.handTo(next);
    this.awaitTurn(me);
  }

  private handTo(next: number): void {
    this.s[ti(next, T.STATUS)] = Status.running;
    Atomics.store(this.s, H.BATON, next);
    Atomics.store(this.s, ti(next, T.GO), 1);
    Atomics.notify(this.s, ti(next, T.GO));
  }

  private awaitTurn(me: number): void {
    const go = ti(me, T.GO);
    for (let i = 0; i < SPIN && Atomics.load(this.s, go) === 0; i++);
    while (Atomics.load(this.s, go) === 0) Atomics.wait(this.s, go, 0);
    Atomics.store(this.s, go, 0);
    this.checkAbort();
    this.s[ti(me, T.STATUS)] = Status.running;
  }

  private checkAbort(): void {
    if (Atomics.load(this.s, H.ABORT)) throw new RunAbort();
  }

  private pauseDue(selfRunnable: boolean): boolean {
    const s = this.s;
    if (s[H.STEPS] < s[H.PAUSE_STEP] || this.f[F.VNOW] < this.f[F.PAUSE_AT_NS]) return false;
    if (s[H.UNTIL_BLOCK] && selfRunnable) return false;
    s[H.UNTIL_BLOCK] = 0;
    return true;
  }

  /** Step mode: publishes the candidates and waits for a person's answer (through the runner). */
  private pause(me: number, cands: number[], selfRunnable: boolean): number {
    const s = this.s;
    this.env.publish();
    for (;;) {
      s.set(cands, CAND_INDEX);
      s[H.CANDIDATES] = cands.length;
      Atomics.store(s, H.PAUSED, me);
      Atomics.add(s, H.PAUSE_SEQ, 1);
      Atomics.notify(s, H.PAUSE_SEQ);
      let a: number;
      while ((a = Atomics.load(s, H.ANSWER)) === 0) {
        Atomics.wait(s, H.ANSWER, 0, 1000);
        this.checkAbort();
      }
      Atomics.store(s, H.ANSWER, 0);
      Atomics.store(s, H.PAUSED, 0);
      if (a > 0 && cands.includes(a)) return a;
      if (a === Answer.untilBlock) {
        s[H.UNTIL_BLOCK] = 1;
        return selfRunnable ? me : this.pick(cands);
      }
      if (a === Answer.toEnd) {
        s[H.STEP_MODE] = 0;
        return this.pick(cands);
      }
    }
  }

  /** Step mode: remembers the operation this thread is about to perform, for the person choosing. */
  private noteNextOp(me: number): void {
    const d = this.env.describe();
    this.s[ti(me, T.OP)] = d.op;
    this.s[ti(me, T.SITE)] = d.site;
  }

  /** A wait address as one number: int32 index and which scenario buffer. */
  private keyOf(arr: Int32Array, index: number): number | undefined {
    if (arr.buffer === this.ctl.buffer) return index * 2;
    if (arr.buffer === this.heap.buffer) return index * 2 + 1;
    return undefined;
  }

  private lastTid(): number {
    return Atomics.load(this.ctl, Ctl.NEXT_THREAD);
  }
}
