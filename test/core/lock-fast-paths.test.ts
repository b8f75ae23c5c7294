// The walks made of each chunk as a run is recorded take short cuts for a lock taken at once (its
// request, then its acquisition without a wait, in one chunk: render/summary.ts) and for one taken
// and let go with nothing else held (analysis/lock-order.ts). Fed one event per chunk, no short cut
// can apply: each walk must give the same as then, on runs where the short cuts apply and where
// they must not (a wait, a lock held around it, an RLock's re-entry, the pair split between threads).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lockOrderGraph } from '../../src/core/analysis/lock-order';
import { summarizeRun } from '../../src/core/render/summary';
import type { PrimitiveInfo, ThreadInfo, Trace, TraceEvent } from '../../src/core/trace/format';
import { splitTrace, traceEventSource } from '../../src/core/trace/source';
import { fixture } from './fixtures';

const LOCK_A = 1;
const LOCK_B = 2;
const RLOCK = 3;
const SEMAPHORE = 4;
const EVENT = 5;
const PRIMITIVES: PrimitiveInfo[] = [
  { id: LOCK_A, kind: 'Lock', name: 'a', site: 0, creator: 1 },
  { id: LOCK_B, kind: 'Lock', name: 'b', site: 0, creator: 1 },
  { id: RLOCK, kind: 'RLock', name: 'r', site: 0, creator: 1 },
  { id: SEMAPHORE, kind: 'Semaphore', name: 's', site: 0, creator: 1, init: { value: 2 } },
  { id: EVENT, kind: 'Event', name: 'e', site: 0, creator: 1 },
];

/**
 * `threads` threads doing `ops` lock operations each, chosen at random (seeded), each thread's in
 * time order; the threads' events cut into blocks of random length and put one after another, as
 * a runner drains its threads' rings.
 */
function lockRun(seed: number, threads: number, ops: number): Trace {
  let rand = seed;
  const next = (n: number) => ((rand = (rand * 1103515245 + 12345) % 2147483648) >>> 8) % n;
  const seq = new Map<number, number>();
  const lanes: TraceEvent[][] = [];
  const infos: ThreadInfo[] = [];
  let end = 0;
  for (let th = 2; th < threads + 2; th++) {
    const out: TraceEvent[] = [];
    let t = th * 10;
    const at = (k: TraceEvent['k'], fields: Omit<TraceEvent, 't' | 'th' | 'k'> = {}) => out.push({ t: (t += 1 + next(500)), th, k, ...fields });
    const request = (p: number, timeout = -1) => at('acquireRequest', { p, a: timeout });
    const acquired = (p: number, l = -1, a = 1) => {
      seq.set(p, (seq.get(p) ?? 0) + 1);
      at('acquired', { p, a, q: seq.get(p)!, l: Number.isNaN(l) ? undefined : l });
    };
    const release = (p: number, a = 0) => {
      seq.set(p, (seq.get(p) ?? 0) + 1);
      at('release', { p, a, q: seq.get(p)! });
    };
    const take = (p: number) => (request(p), acquired(p));
    at('threadStart', { p: 1 });
    for (let i = 0; i < ops; i++) {
      switch (next(12)) {
        case 0: // taken at once, let go
        case 1:
          take(next(2) ? LOCK_A : LOCK_B);
          release(out[out.length - 1].p!);
          break;
        case 2: // a wait
          request(LOCK_A);
          t += 5000;
          acquired(LOCK_A, seq.get(LOCK_A) ?? 0);
          release(LOCK_A);
          break;
        case 3: {
          // one held around another (an edge), in either order
          const [outer, inner] = next(2) ? [LOCK_A, LOCK_B] : [LOCK_B, LOCK_A];
          take(outer);
          take(inner);
          release(inner);
          release(outer);
          break;
        }
        case 4: // an RLock re-entered, and one taken once
          take(RLOCK);
          request(RLOCK);
          acquired(RLOCK, -1, 2);
          release(RLOCK, 1);
          release(RLOCK, 0);
          take(RLOCK);
          release(RLOCK, 0);
          break;
        case 5: // a timed request that fails, then a sleep
          request(LOCK_B, 0.01);
          at('acquireFailed', { p: LOCK_B, a: 0.01 });
          at('sleepBegin', { a: 0.001 });
          at('sleepEnd');
          break;
        case 6: // a semaphore (no owner: no lock order)
          take(SEMAPHORE);
          release(SEMAPHORE, 2);
          break;
        case 7: // an acquisition that says nothing of a wait (l absent: ruled by time passed)
          request(LOCK_A);
          acquired(LOCK_A, Number.NaN);
          release(LOCK_A);
          break;
        case 8: // a lock taken at once inside another operation, which it commits
          at('eventWait', { p: EVENT, a: -1 });
          take(LOCK_B);
          release(LOCK_B);
          at('eventWake', { p: EVENT, a: 1, l: -1 });
          break;
        case 9: // an RLock let go to a depth above 0 while the walk saw no hold (a trace begun inside one): it stays held
          request(RLOCK);
          acquired(RLOCK, -1, 2);
          release(RLOCK, 1);
          take(LOCK_A);
          release(LOCK_A);
          release(RLOCK, 0);
          break;
        case 10: // one held around a sleep, then around a wait for another
          take(LOCK_B);
          at('sleepBegin', { a: 0.001 });
          at('sleepEnd');
          release(LOCK_B);
          take(LOCK_B);
          request(LOCK_A);
          t += 5000;
          acquired(LOCK_A, seq.get(LOCK_A) ?? 0);
          release(LOCK_A);
          release(LOCK_B);
          break;
        default: // a request never granted before the next thread's block (a deadlocked run's last)
          if (i === ops - 1) request(LOCK_A);
          else (take(LOCK_A), release(LOCK_A));
      }
    }
    at('threadEnd', { a: 0 });
    end = Math.max(end, t);
    lanes.push(out);
    infos.push({ id: th, name: `worker${th}`, daemon: false, parent: 1, ident: 1000 + th, start: out[0].t, end: t, exit: 'normal' });
  }
  const events: TraceEvent[] = [];
  const taken = lanes.map(() => 0);
  while (taken.some((n, x) => n < lanes[x].length)) {
    const x = next(lanes.length);
    const n = Math.min(lanes[x].length - taken[x], 1 + next(30));
    events.push(...lanes[x].slice(taken[x], taken[x] + n));
    taken[x] += n;
  }
  const base = fixture('lock-contention');
  return { ...base, threads: infos, primitives: PRIMITIVES, events, outcome: { ...base.outcome, durationNs: end + 1000 } };
}

/** A lock's request ends one thread's block; the next thread's block begins with an acquisition of the same lock. */
function splitPair(): Trace {
  const base = lockRun(1, 2, 0);
  const [x, y] = [base.threads[0].id, base.threads[1].id];
  const events: TraceEvent[] = [
    { t: 10, th: x, k: 'threadStart', p: 1 },
    { t: 20, th: y, k: 'threadStart', p: 1 },
    { t: 30, th: x, k: 'acquireRequest', p: LOCK_A, a: -1 },
    { t: 40, th: y, k: 'acquired', p: LOCK_A, a: 1, q: 1, l: -1 },
    { t: 50, th: y, k: 'release', p: LOCK_A, a: 0, q: 2 },
    { t: 60, th: x, k: 'acquired', p: LOCK_A, a: 1, q: 3, l: 2 },
    { t: 70, th: x, k: 'release', p: LOCK_A, a: 0, q: 4 },
    { t: 80, th: y, k: 'threadEnd', a: 0 },
    { t: 90, th: x, k: 'threadEnd', a: 0 },
  ];
  return { ...base, events, outcome: { ...base.outcome, durationNs: 100 } };
}

function summaryOf(trace: Trace, chunk: number) {
  const { header } = splitTrace(trace);
  const s = summarizeRun(header, traceEventSource(trace, chunk), 100);
  return { events: s.events, splits: s.splits, contention: s.contention, lanes: s.lanes(100), sameAsModel: s.sameAsModel };
}

function lockOrderOf(trace: Trace, chunk: number) {
  return lockOrderGraph(splitTrace(trace).header, traceEventSource(trace, chunk));
}

const runs = [
  { name: '4 threads, 2,000 operations each', trace: lockRun(7, 4, 2000) },
  { name: '2 threads, 300 operations each', trace: lockRun(11, 2, 300) },
  { name: "a pair split between two threads' blocks", trace: splitPair() },
];

describe('the summary walk, with and without its short cut for a lock taken at once', () => {
  for (const { name, trace } of runs)
    it(`gives the same: ${name}`, () => {
      const general = summaryOf(trace, 1);
      for (const chunk of [7, 4096]) assert.deepEqual(summaryOf(trace, chunk), general, `chunks of ${chunk}`);
    });

  it('the runs have waits the short cut must leave to the general rules', () => {
    const rows = summaryOf(runs[0].trace, 4096).contention;
    assert.ok(rows.find((r) => r.prim === LOCK_A)!.contended > 0);
    assert.ok(
      summaryOf(runs[2].trace, 4096).splits.some((s) => s.blockedNs === 30),
      "the split pair's request waited 30 ns",
    );
  });
});

describe('the lock-order walk, with and without its short cut for a lock taken and let go alone', () => {
  for (const { name, trace } of runs)
    it(`gives the same: ${name}`, () => {
      const general = lockOrderOf(trace, 1);
      for (const chunk of [7, 4096]) assert.deepEqual(lockOrderOf(trace, chunk), general, `chunks of ${chunk}`);
    });

  it('the runs have edges the short cut must leave to the general rules', () => {
    const { pairs } = lockOrderOf(runs[0].trace, 4096);
    assert.ok(pairs.get(LOCK_A)?.has(LOCK_B) && pairs.get(LOCK_B)?.has(LOCK_A));
    assert.deepEqual([...pairs.get(RLOCK)!.keys()], [LOCK_A], "an RLock's re-entry is no edge; one still held is");
  });
});
