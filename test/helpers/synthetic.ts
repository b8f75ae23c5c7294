// Synthetic traces for the timeline's benchmark and tests: a tiny discrete-event simulation of
// threads taking locks, an RLock, a Semaphore and a Queue, written as generators. It produces
// exactly what the runtime records (format.ts, kinds.ts): primCreate, spawn/start/end, request →
// acquired (with the seq of the release that let it through) → release, sleeps, queue put/get
// with item ids and sizes, logs, joins — with contention that is consistent (a waiter is granted
// only at a release), so the model built from it looks like a real run.
import type { Outcome, PrimitiveInfo, ThreadInfo, Trace, TraceEvent } from '../../src/core/trace/format';
import { ExitReason, PrimKind, type PrimKindName } from '../../src/core/trace/kinds';

const HANDOFF_NS = 22_000; // measured wake-up latency of a blocked thread (docs/measurements.md)

/** What a thread body yields to the simulator. */
export type SimOp =
  | { op: 'run'; ns: number } // run (or sleep) for ns
  | { op: 'acquire'; prim: number } // resumes with the seq of the release that granted it (−1 if free)
  | { op: 'get'; prim: number } // resumes with the item id
  | { op: 'join'; thread: number };

export type ThreadBody = (sim: Sim, th: number) => Generator<SimOp, void, number>;

interface PrimState {
  info: PrimitiveInfo;
  seq: number;
  owner: number;
  depth: number;
  permits: number;
  items: number[];
  waiters: number[];
}

/** A seeded PRNG (mulberry32): the same seed gives the same trace. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Sim {
  now = 0;
  readonly events: TraceEvent[] = [];
  readonly threads: ThreadInfo[] = [];
  readonly sites: string[] = [];
  readonly strings: string[] = [];
  private readonly prims = new Map<number, PrimState>();
  private readonly bodies = new Map<number, Generator<SimOp, void, number>>();
  private readonly ready: { t: number; th: number; value: number }[] = [];
  private readonly joiners = new Map<number, number[]>();
  private nextItem = 1;

  constructor(readonly file = 'synthetic.ts') {}

  site(line: number, col = 5): number {
    const s = `${this.file}:${line}:${col}`;
    const i = this.sites.indexOf(s);
    return i >= 0 ? i : this.sites.push(s) - 1;
  }

  string(text: string): number {
    return this.strings.push(text) - 1;
  }

  emit(th: number, k: TraceEvent['k'], f: Omit<TraceEvent, 't' | 'th' | 'k'> = {}): void {
    this.events.push({ t: this.now, th, k, ...f });
  }

  prim(kind: PrimKindName, name: string, line: number, init?: PrimitiveInfo['init']): number {
    const id = this.prims.size + 1;
    const info: PrimitiveInfo = { id, kind, name, site: this.site(line), creator: 1, ...(init ? { init } : {}) };
    const permits = typeof init?.value === 'number' ? init.value : 1;
    this.prims.set(id, { info, seq: 0, owner: 0, depth: 0, permits, items: [], waiters: [] });
    this.emit(1, 'primCreate', { p: id, a: PrimKind[kind], q: this.string(name), at: info.site });
    return id;
  }

  /** Creates a thread; the MainThread is the first one created (parent 0). */
  thread(name: string, body: ThreadBody, parent: number, line: number): number {
    const id = this.threads.length + 1;
    this.threads.push({ id, name, daemon: false, parent, ident: 1000 + id, target: name, start: this.now, exit: 'normal' });
    if (parent) this.emit(parent, 'threadSpawn', { p: id, at: this.site(line) });
    this.emit(id, 'threadStart', { p: parent });
    this.bodies.set(id, body(this, id));
    this.ready.push({ t: this.now, th: id, value: 0 });
    return id;
  }

  nextSeq(prim: number): number {
    return this.prims.get(prim)!.seq++;
  }

  /** Lock / RLock / Semaphore release; grants the first waiter. Returns the release's seq. */
  release(th: number, prim: number, at: number): void {
    const s = this.prims.get(prim)!;
    const q = s.seq++;
    const kind = s.info.kind;
    if (kind === 'Semaphore' || kind === 'BoundedSemaphore') s.permits++;
    else if (--s.depth === 0) s.owner = 0;
    this.emit(th, 'release', { p: prim, a: kind === 'Semaphore' || kind === 'BoundedSemaphore' ? s.permits : s.depth, q, at });
    if (s.waiters.length && this.free(s, s.waiters[0])) {
      const w = s.waiters.shift()!;
      this.take(s, w);
      this.ready.push({ t: this.now + HANDOFF_NS, th: w, value: q });
    }
  }

  put(th: number, prim: number, at: number): void {
    const s = this.prims.get(prim)!;
    const item = this.nextItem++;
    this.emit(th, 'queuePut', { p: prim, a: -1, at });
    s.items.push(item);
    this.emit(th, 'queuePutDone', { p: prim, a: s.items.length, q: item, at });
    const w = s.waiters.shift();
    if (w !== undefined) this.ready.push({ t: this.now + HANDOFF_NS, th: w, value: s.items.shift()! });
  }

  /** Permits left after a grant (Semaphore) or the depth reached (locks). */
  grantValue(prim: number): number {
    const s = this.prims.get(prim)!;
    return s.info.kind === 'Semaphore' || s.info.kind === 'BoundedSemaphore' ? s.permits : s.depth;
  }

  private take(s: PrimState, th: number): void {
    if (s.info.kind === 'Semaphore' || s.info.kind === 'BoundedSemaphore') s.permits--;
    else {
      s.owner = th;
      s.depth++;
    }
  }

  private free(s: PrimState, th: number): boolean {
    if (s.info.kind === 'Semaphore' || s.info.kind === 'BoundedSemaphore') return s.permits > 0;
    return s.owner === 0 || (s.info.kind === 'RLock' && s.owner === th);
  }

  /** Runs every thread to its end (or until all that remain are blocked). The ready list is
   * scanned linearly: a scenario has a handful of threads. */
  run(): void {
    while (this.ready.length) {
      let k = 0;
      for (let i = 1; i < this.ready.length; i++) if (this.ready[i].t < this.ready[k].t) k = i;
      const { t, th, value } = this.ready.splice(k, 1)[0];
      this.now = Math.max(this.now, t);
      this.step(th, value);
    }
  }

  private step(th: number, value: number): void {
    const body = this.bodies.get(th)!;
    for (let v = value; ;) {
      const r = body.next(v);
      if (r.done) return this.end(th);
      const op = r.value;
      if (op.op === 'run') return void this.ready.push({ t: this.now + op.ns, th, value: 0 });
      if (op.op === 'join') {
        const target = this.threads[op.thread - 1];
        if (target.end !== undefined) {
          v = 1;
          continue;
        }
        this.joiners.set(op.thread, [...(this.joiners.get(op.thread) ?? []), th]);
        return;
      }
      const s = this.prims.get(op.prim)!;
      if (op.op === 'get') {
        if (s.items.length) {
          v = s.items.shift()!;
          continue;
        }
        s.waiters.push(th);
        return;
      }
      if (this.free(s, th)) {
        this.take(s, th);
        v = -1;
        continue;
      }
      s.waiters.push(th);
      return;
    }
  }

  private end(th: number): void {
    this.emit(th, 'threadEnd', { a: 0 });
    this.threads[th - 1].end = this.now;
    for (const j of this.joiners.get(th) ?? []) this.ready.push({ t: this.now + HANDOFF_NS, th: j, value: 1 });
  }

  /** Ends the run `afterNs` from now, as the runner does on a deadlock: live threads are stopped. */
  stop(afterNs: number): void {
    this.now += afterNs;
    for (const th of this.threads) {
      if (th.end !== undefined) continue;
      this.emit(th.id, 'threadEnd', { a: ExitReason.stopped });
      th.end = this.now;
      th.exit = 'stopped';
    }
  }

  trace(outcome: Omit<Outcome, 'durationNs'>, title: string): Trace {
    const durationNs = this.events.length ? this.events[this.events.length - 1].t : 0;
    return {
      version: 1,
      meta: {
        tool: 'interleave',
        toolVersion: '0.1.0',
        file: `/synthetic/${this.file}`,
        root: '/synthetic',
        scenario: 'default',
        title,
        mode: 'realtime',
        startedAt: '2026-01-01T00:00:00.000Z',
        clock: 'ns-since-start',
        timeLimitS: 60,
        sleepScale: 1,
        platform: 'linux',
      },
      threads: this.threads,
      primitives: [...this.prims.values()].map((p) => p.info),
      sites: this.sites,
      strings: this.strings,
      events: this.events,
      outcome: { ...outcome, durationNs },
    };
  }
}

/** acquire as the runtime records it: request, (block), acquired with the granting release's seq. */
export function* acquire(sim: Sim, th: number, prim: number, line: number): Generator<SimOp, void, number> {
  const at = sim.site(line);
  sim.emit(th, 'acquireRequest', { p: prim, a: -1, at });
  const granted = yield { op: 'acquire', prim };
  sim.emit(th, 'acquired', { p: prim, a: sim.grantValue(prim), q: sim.nextSeq(prim), l: granted, at });
}

export function* sleep(sim: Sim, th: number, ns: number, line: number): Generator<SimOp, void, number> {
  const at = sim.site(line);
  sim.emit(th, 'sleepBegin', { a: ns / 1e9, at });
  yield { op: 'run', ns };
  sim.emit(th, 'sleepEnd', { at });
}

export function* get(sim: Sim, th: number, prim: number, line: number): Generator<SimOp, void, number> {
  const at = sim.site(line);
  sim.emit(th, 'queueGet', { p: prim, a: -1, at });
  const item = yield { op: 'get', prim };
  sim.emit(th, 'queueGetDone', { p: prim, a: 0, q: item, at });
}

export function* join(sim: Sim, th: number, target: number, line: number): Generator<SimOp, void, number> {
  const at = sim.site(line);
  sim.emit(th, 'joinBegin', { p: target, a: -1, at });
  yield { op: 'join', thread: target };
  sim.emit(th, 'joinEnd', { p: target, a: 1, at });
}

/**
 * A busy trace of about `events` events: `workers` threads contending for two Locks, an RLock
 * taken twice, a Semaphore(2), and a producer/consumer Queue, with sleeps and logs.
 */
export function syntheticTrace(events: number, workers = 8, seed = 1): Trace {
  const sim = new Sim('bench.ts');
  const rand = rng(seed);
  const us = (lo: number, hi: number) => Math.round((lo + rand() * (hi - lo)) * 1000);
  const budget = () => sim.events.length < events - 4 * workers - 8;
  let locks: number[] = [];
  let rlock = 0;
  let sem = 0;
  let queue = 0;

  const worker: ThreadBody = function* (s, th) {
    for (let i = 0; budget(); i++) {
      yield { op: 'run', ns: us(5, 60) };
      const r = rand();
      if (th % 4 === 0 && r < 0.3) {
        s.put(th, queue, s.site(40));
      } else if (th % 4 === 1 && r < 0.3 && queue) {
        yield* get(s, th, queue, 44);
      } else if (r < 0.55) {
        const lock = locks[(th + i) % locks.length];
        yield* acquire(s, th, lock, 20);
        yield { op: 'run', ns: us(2, 40) };
        s.release(th, lock, s.site(22));
      } else if (r < 0.7) {
        yield* acquire(s, th, rlock, 26);
        yield* acquire(s, th, rlock, 27);
        yield { op: 'run', ns: us(2, 20) };
        s.release(th, rlock, s.site(29));
        s.release(th, rlock, s.site(30));
      } else if (r < 0.85) {
        yield* acquire(s, th, sem, 33);
        yield { op: 'run', ns: us(10, 80) };
        s.release(th, sem, s.site(35));
      } else if (r < 0.97) {
        yield* sleep(s, th, us(20, 150), 37);
      } else {
        s.emit(th, 'log', { a: s.string(`iteration ${i}`), at: s.site(38) });
      }
    }
    // A consumer still waiting when the producers stop would never end: feed it.
    if (th % 4 === 0) for (let k = 0; k < workers; k++) s.put(th, queue, s.site(40));
  };

  sim.thread(
    'MainThread',
    function* (s, th) {
      locks = [s.prim('Lock', 'lockA', 3), s.prim('Lock', 'lockB', 4)];
      rlock = s.prim('RLock', 'rlock', 5);
      sem = s.prim('Semaphore', 'pool', 6, { value: 2 });
      queue = s.prim('Queue', 'jobs', 7, { maxsize: 0 });
      const ids: number[] = [];
      for (let w = 0; w < workers; w++) ids.push(s.thread(`worker${w + 1}`, worker, th, 10));
      for (const id of ids) yield* join(s, th, id, 14);
    },
    0,
    1,
  );
  sim.run();
  return sim.trace({ kind: 'completed', summary: 'Completed', explanation: 'Every thread finished.' }, `Synthetic: ${events} events`);
}

/**
 * The events of `trace` as a runner writes them: each thread's events of a stretch of `stretches`
 * of the run drained together, so every chunk spans a whole stretch (as a long hammer's do).
 */
export function drained(trace: Trace, stretches: number): Trace {
  const end = trace.events[trace.events.length - 1].t + 1;
  const key = (e: Trace['events'][number]) => Math.floor((e.t / end) * stretches) * 1e6 + e.th;
  return {
    ...trace,
    events: trace.events
      .map((e, i) => ({ e, i }))
      .sort((x, y) => key(x.e) - key(y.e) || x.i - y.i)
      .map((x) => x.e),
  };
}
