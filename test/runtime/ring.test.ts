// The ring's one-record forms of a Lock's commonest sequences (src/runtime/shm/ring.ts), read back by
// the runner's drain (src/runtime/runner/drain.ts): each must come out as the events that separate
// records would have been, in the thread's order, including when the thread dies holding the lock.
// And a full ring's wait for the runner, which no event shows, is counted for the outcome to say.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { explainOutcome } from '../../src/core/analysis/outcome';
import type { Namer } from '../../src/core/analysis/stuck';
import { batchToEvents } from '../../src/core/trace/batch';
import type { PrimitiveInfo, TraceEvent } from '../../src/core/trace/format';
import { LastAcquired } from '../../src/core/analysis/last-acquired';
import { EventKind, PrimKind } from '../../src/core/trace/kinds';
import { Drain } from '../../src/runtime/runner/drain';
import type { SharedHeap } from '../../src/runtime/shm/heap';
import { CONTROL_BYTES, MAX_THREADS, RECORDER_WAIT_F64_OFFSET_BYTES } from '../../src/runtime/shm/layout';
import { Recorder, RingHeader, newRingBuffer } from '../../src/runtime/shm/ring';

const LOCK = 64;
const FIELD = 128;
const ACQUIRE_SITE = 16;
const RELEASE_SITE = 32;

/** A thread's recorder (clock: 1 ms a read) and the runner's drain over its ring; sites are lines 5 and 7 of /s/a.ts. */
function setup(capacity = 1024) {
  const ring = newRingBuffer(capacity);
  const i32 = new Int32Array(64);
  i32.set([5, 1, 0], ACQUIRE_SITE >> 2);
  i32.set([7, 1, 0], RELEASE_SITE >> 2);
  const heap = { i32, readString: () => '/s/a.ts' } as unknown as SharedHeap;
  const drain = new Drain(heap, 0, '/s');
  drain.primitives.set(LOCK, { id: 1, kind: 'Lock', name: 'lock', site: -1, creator: 1 } as PrimitiveInfo);
  drain.primitives.set(FIELD, { id: 2, kind: 'Shared', name: 'counter', site: -1, creator: 1 } as PrimitiveInfo);
  drain.add(ring);
  let now = 0;
  const rec = new Recorder(ring, () => ++now, undefined, true);
  rec.setThread(1);
  const hdr = new Int32Array(ring, 0, 16);
  /** What the runner has read so far, as trace events (times in ms). */
  const read = (): TraceEvent[] => {
    const b = drain.drain().batch;
    return b ? batchToEvents(b).map((e) => ({ ...e, t: e.t / 1e6 })) : [];
  };
  return { rec, drain, heap: i32, read, written: () => hdr[RingHeader.WRITTEN] };
}

/** Lock.acquire's uncontended path without a timeout: room, then the acquisition (one clock reading, the request's too). */
function acquire(rec: Recorder, seq: number): void {
  rec.reserve(16);
  rec.acquiredPending(LOCK, seq, ACQUIRE_SITE);
}

const request = (t: number): TraceEvent => ({ t, th: 1, k: 'acquireRequest', p: 1, a: -1, at: 0 });
const acquired = (t: number, q: number): TraceEvent => ({ t, th: 1, k: 'acquired', p: 1, a: 1, q, l: -1, at: 0 });
const release = (t: number, q: number): TraceEvent => ({ t, th: 1, k: 'release', p: 1, a: 0, q, at: 1 });

test('an uncontended pair is one ring record, read as its request, acquisition and release', () => {
  const { rec, read, written } = setup();
  acquire(rec, 1);
  rec.released(rec.stamp(), LOCK, 2, RELEASE_SITE);
  assert.equal(written(), 1);
  rec.publish();
  assert.deepEqual(read(), [request(1), acquired(1, 1), release(2, 2)]);
});

test('an event recorded while holding the lock keeps its place: the acquisition is a record of its own', () => {
  const { rec, read, written } = setup();
  acquire(rec, 1);
  rec.emit(EventKind.sharedWrite, FIELD, 42, 0, -1, 0);
  rec.released(rec.stamp(), LOCK, 2, RELEASE_SITE);
  assert.equal(written(), 3);
  rec.publish();
  assert.deepEqual(read(), [request(1), acquired(1, 1), { t: 2, th: 1, k: 'sharedWrite', p: 2, a: 42, q: 0 }, release(3, 2)]);
});

test('nested locks: the outer acquisition is counted when the inner one is requested', () => {
  const { rec, read } = setup();
  acquire(rec, 1);
  acquire(rec, 3); // the same lock's ref stands in for a second lock: only the order matters here
  rec.released(rec.stamp(), LOCK, 4, RELEASE_SITE);
  rec.released(rec.stamp(), LOCK, 2, RELEASE_SITE);
  rec.publish();
  assert.deepEqual(read(), [request(1), acquired(1, 1), request(2), acquired(2, 3), release(3, 4), release(4, 2)]);
});

test("a release that is not the pending acquisition's (another thread's turn came between) is a record of its own", () => {
  const { rec, read, written } = setup();
  acquire(rec, 1);
  rec.released(rec.stamp(), LOCK, 4, RELEASE_SITE);
  assert.equal(written(), 2);
  rec.publish();
  assert.deepEqual(read(), [request(1), acquired(1, 1), release(2, 4)]);
});

test('a published acquisition is never rewritten: the runner may have read it', () => {
  const { rec, read } = setup();
  acquire(rec, 1);
  rec.publish(); // as before blocking
  assert.deepEqual(read(), [request(1), acquired(1, 1)]);
  rec.released(rec.stamp(), LOCK, 2, RELEASE_SITE);
  rec.publish();
  assert.deepEqual(read(), [release(2, 2)]);
});

test('a thread that dies holding the lock leaves its acquisition readable', () => {
  const { rec, read, drain } = setup();
  for (let i = 0; i < 100; i++) {
    acquire(rec, 2 * i + 1);
    rec.released(rec.stamp(), LOCK, 2 * i + 2, RELEASE_SITE);
  }
  acquire(rec, 201);
  // Published on schedule, every 64 records, but never the held acquisition while its thread lives.
  const live = read();
  assert.equal(live.length, 3 * 64);
  drain.closeAll();
  const rest = read();
  assert.equal(rest.length, 3 * 36 + 2);
  assert.deepEqual(rest.slice(-3), [release(200, 200), request(201), acquired(201, 201)]);
});

test('pairs that fill the ring many times over are all read, in order', () => {
  const { rec, read } = setup(256);
  const events: TraceEvent[] = [];
  for (let i = 0; i < 5000; i++) {
    acquire(rec, 2 * i + 1);
    rec.released(rec.stamp(), LOCK, 2 * i + 2, RELEASE_SITE);
    if (i % 50 === 49) events.push(...read());
  }
  rec.publish();
  events.push(...read());
  assert.equal(events.length, 15000);
  // Two clock readings a pair: the request and its acquisition share the first.
  events.forEach((e, i) => assert.equal(e.t, 2 * Math.floor(i / 3) + (i % 3 === 2 ? 2 : 1)));
  assert.deepEqual(events.slice(-3), [request(9999), acquired(9999, 9999), release(10000, 10000)]);
});

test("a full ring's wait for the runner is added to its thread's recorder wait, which the outcome reports", async () => {
  const capacity = 64;
  const ring = newRingBuffer(capacity);
  const control = new SharedArrayBuffer(CONTROL_BYTES);
  const rec = new Recorder(ring, () => performance.now(), new Int32Array(control), true);
  rec.setThread(3);
  const hdr = new Int32Array(ring, 0, 16);
  // The runner, late: it takes the ring's events 100 ms after the ring is full (its writer waits meanwhile).
  const runner = new Worker(
    `const { workerData: { ring, READ, PUBLISHED } } = require('node:worker_threads');
     const hdr = new Int32Array(ring, 0, 16);
     Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
     Atomics.store(hdr, READ, Atomics.load(hdr, PUBLISHED));
     Atomics.notify(hdr, READ);`,
    { eval: true, workerData: { ring, READ: RingHeader.READ, PUBLISHED: RingHeader.PUBLISHED } },
  );
  const t0 = performance.now();
  for (let i = 0; i <= capacity; i++) rec.emit(EventKind.log, 0, 0, -1, -1, 0);
  const blocked = performance.now() - t0;
  await new Promise((resolve) => runner.once('exit', resolve));
  const waited = new Float64Array(control, RECORDER_WAIT_F64_OFFSET_BYTES, MAX_THREADS);
  assert.equal(hdr[RingHeader.WRITTEN], capacity + 1);
  assert.ok(waited[3] >= 50 && waited[3] <= blocked, `waited ${waited[3]} ms of ${blocked} ms blocked`);
  assert.equal(
    waited.reduce((s, x) => s + x, 0),
    waited[3],
    'only the writing thread waited',
  );

  const names: Namer = { thread: (tid) => `worker${tid}`, prim: String, site: String, acquiredAt: () => '' };
  const facts = { kind: 'completed' as const, durationNs: 1e9, timeLimitS: 10, exceptions: [], killed: [] };
  const said = explainOutcome(
    {
      ...facts,
      recorderWaits: [
        { thread: 3, ns: waited[3] * 1e6 },
        { thread: 4, ns: 2e6 },
      ],
    },
    names,
  ).explanation;
  assert.match(said, /Recording held this run back: 2 threads waited .* in all \(the longest, worker3: .*\) for the runner/);
  assert.equal(explainOutcome({ ...facts, recorderWaits: [{ thread: 3, ns: 0.5e6 }] }, names).explanation, '', 'under a millisecond: not said');
});

test('the drain notes each acquisition as it copies it: the same as a note of its batch, also for a lock whose creation is read after its first use', () => {
  const { rec, drain, heap } = setup();
  const [AT_ONCE, CONTENDED, LATE] = [160, 176, 192];
  drain.primitives.set(AT_ONCE, { id: 3, kind: 'Lock', name: 'b', site: -1, creator: 1 } as PrimitiveInfo);
  drain.primitives.set(CONTENDED, { id: 4, kind: 'Lock', name: 'c', site: -1, creator: 1 } as PrimitiveInfo);
  for (let id = 1; id <= 4; id++) drain.allocatePrimitiveId(); // ids 1-4 are given by hand
  heap[LATE >> 2] = PrimKind.Lock;
  acquire(rec, 1);
  rec.released(rec.stamp(), LOCK, 2, RELEASE_SITE); // one LOCK_PAIR record
  rec.acquiredAtOnce(rec.stamp(), AT_ONCE, 0.5, 1, ACQUIRE_SITE);
  rec.released(rec.stamp(), AT_ONCE, 2, RELEASE_SITE);
  rec.emit(EventKind.acquireRequest, CONTENDED, -1, -1, -1, ACQUIRE_SITE);
  rec.emit(EventKind.acquired, CONTENDED, 1, 1, 0, ACQUIRE_SITE);
  rec.publish();
  const once = new LastAcquired();
  const first = drain.drain().batch!;
  once.note(first);
  for (const id of [1, 3, 4]) {
    assert.ok(drain.lastAcquired.get(id), `lock ${id} was acquired`);
    assert.deepEqual(drain.lastAcquired.get(id), once.get(id), `lock ${id}`);
  }
  rec.emit(EventKind.acquired, LATE, 1, 1, -1, ACQUIRE_SITE);
  rec.emit(EventKind.primCreate, LATE, 0, 0, -1, ACQUIRE_SITE);
  rec.publish();
  const second = drain.drain().batch!;
  once.note(second);
  const late = second.p[second.k.indexOf(EventKind.primCreate)];
  assert.ok(late > 4, 'the late lock got its id in this drain');
  assert.ok(drain.lastAcquired.get(late), 'the late lock was acquired');
  assert.deepEqual(drain.lastAcquired.get(late), once.get(late));
});
