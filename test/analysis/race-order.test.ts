// The order the race analysis visits events in. A source in time order is visited as it comes
// (source-order.ts); one out of time order, or one whose time order puts an event before what it
// must follow (clocks skewed between threads), is merged by hb-order.ts. Each trace here is small
// and made by hand, with a control: the same trace without the synchronisation reports the race.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dataRaces } from '../../src/core/analysis/races';
import { eventsToBatch } from '../../src/core/trace/batch';
import type { DataRace, Trace, TraceEvent } from '../../src/core/trace/format';
import { splitTrace, traceEventSource, type EventSource } from '../../src/core/trace/source';

const MAIN = 1;
const T2 = 2;
const LOCK = 1;
const QUEUE = 2;
const EVENT = 3;
const COND = 4;
const REC = 5;

type Ev = Omit<TraceEvent, 'at'> & { at?: number };

/** A run of MainThread and t2 (spawned at 0) over one Lock, Queue, Event, Condition and a shared record `d` with field `x`. */
function traceOf(body: Ev[], spawn = true): Trace {
  const events: TraceEvent[] = [
    { t: 0, th: MAIN, k: 'threadStart', p: 0 },
    ...(spawn
      ? ([
          { t: 1, th: MAIN, k: 'threadSpawn', p: T2 },
          { t: 2, th: T2, k: 'threadStart', p: MAIN },
        ] as TraceEvent[])
      : []),
    ...body.map((e) => ({ at: 0, ...e })),
  ];
  events.sort((x, y) => x.t - y.t);
  return {
    version: 1,
    meta: {
      tool: 'interleave',
      toolVersion: 'test',
      file: '/order.ts',
      root: '/',
      scenario: 'default',
      title: 'order',
      mode: 'realtime',
      startedAt: '',
      clock: 'ns-since-start',
      timeLimitS: 60,
      sleepScale: 1,
      platform: 'linux',
    },
    threads: [
      { id: MAIN, name: 'MainThread', daemon: false, parent: 0, ident: 1 },
      { id: T2, name: 't2', daemon: false, parent: MAIN, ident: 2 },
    ],
    primitives: [
      { id: LOCK, kind: 'Lock', name: 'lock', site: 0, creator: MAIN },
      { id: QUEUE, kind: 'Queue', name: 'q', site: 0, creator: MAIN },
      { id: EVENT, kind: 'Event', name: 'ev', site: 0, creator: MAIN },
      { id: COND, kind: 'Condition', name: 'cond', site: 0, creator: MAIN },
      { id: REC, kind: 'Shared', name: 'd', site: 0, creator: MAIN, init: { fields: ['x'] } },
    ],
    sites: ['order.ts:1:1'],
    strings: [],
    events,
    outcome: { kind: 'completed', summary: '', explanation: '', durationNs: events[events.length - 1].t },
  };
}

const write = (t: number, th: number): Ev => ({ t, th, k: 'sharedWrite', p: REC, a: 1, q: 0 });
const read = (t: number, th: number): Ev => ({ t, th, k: 'sharedRead', p: REC, a: 1, q: 0 });

/** The races of a trace from its events as they are (in time order), and from one chunk per thread (no cross-thread order). */
function both(trace: Trace): { inOrder: DataRace[]; byThread: DataRace[] } {
  const { header } = splitTrace(trace);
  const indexed = trace.events.map((e, i) => ({ e, i }));
  const byThread: EventSource = {
    count: trace.events.length,
    forEachChunk(fn) {
      for (const th of [T2, MAIN]) for (const x of indexed.filter((y) => y.e.th === th)) fn(eventsToBatch([x.e]), x.i);
    },
  };
  return { inOrder: dataRaces(header, traceEventSource(trace)), byThread: dataRaces(header, byThread) };
}

function assertRaces(trace: Trace, expected: number, what: string): void {
  const { inOrder, byThread } = both(trace);
  assert.equal(inOrder.length, expected, `${what}, in time order: ${JSON.stringify(inOrder)}`);
  assert.equal(byThread.length, expected, `${what}, one chunk per thread: ${JSON.stringify(byThread)}`);
}

test('a wake joins only the notifies before it in time: a write after the first notify races with a read after the wake', () => {
  // Visited thread by thread, the wake would see the second notify too, and with it the write.
  const body: Ev[] = [
    { t: 100, th: MAIN, k: 'condNotify', p: COND, a: 1, q: 1 },
    { t: 200, th: T2, k: 'condWake', p: COND, a: 1, l: 1 },
    write(300, MAIN),
    { t: 400, th: MAIN, k: 'condNotify', p: COND, a: 1, q: 2 },
    read(500, T2),
  ];
  assertRaces(traceOf(body), 1, 'write after the notify that woke the reader');
  const woken = traceOf([write(50, MAIN), body[0], body[1], body[3], body[4]]);
  assertRaces(woken, 0, 'write before the notify that woke the reader');
});

test('an acquire recorded before the release it follows (skewed clocks) still follows it: no race', () => {
  const locked: Ev[] = [
    { t: 10, th: MAIN, k: 'acquired', p: LOCK, a: 1, q: 1, l: -1 },
    write(20, MAIN),
    { t: 100, th: MAIN, k: 'release', p: LOCK, a: 0, q: 2 },
    // t2's clock runs 10 ns behind: its acquire (sequence 3) looks earlier than the release (2).
    { t: 95, th: T2, k: 'acquired', p: LOCK, a: 1, q: 3, l: -1 },
    read(110, T2),
    { t: 120, th: T2, k: 'release', p: LOCK, a: 0, q: 4 },
  ];
  assertRaces(traceOf(locked), 0, 'both under the lock');
  assertRaces(traceOf([write(20, MAIN), read(110, T2)]), 1, 'control: no lock');
});

test('a get recorded before the put of its item still follows it: no race', () => {
  const passed: Ev[] = [
    write(10, MAIN),
    { t: 50, th: MAIN, k: 'queuePutDone', p: QUEUE, a: 1, q: 7 },
    { t: 45, th: T2, k: 'queueGetDone', p: QUEUE, a: 0, q: 7 },
    read(60, T2),
  ];
  assertRaces(traceOf(passed), 0, 'passed through the queue');
  assertRaces(traceOf([write(10, MAIN), { t: 45, th: T2, k: 'queueGetDone', p: QUEUE, a: 0, q: 8 }, read(60, T2)]), 1, 'control: another item');
});

test('a wait recorded before the set that released it still follows it: no race', () => {
  const published: Ev[] = [
    write(10, MAIN),
    { t: 50, th: MAIN, k: 'eventSet', p: EVENT, q: 1 },
    { t: 49, th: T2, k: 'eventWake', p: EVENT, a: 1, l: 1 },
    read(60, T2),
  ];
  assertRaces(traceOf(published), 0, 'published by the set');
  assertRaces(traceOf([write(10, MAIN), { t: 49, th: T2, k: 'eventWake', p: EVENT, a: 0, l: -1 }, read(60, T2)]), 1, 'control: the wait timed out');
});

test("a thread's start recorded before its spawn, and a join recorded before the end it saw, still follow them: no race", () => {
  const started: Ev[] = [
    { t: 0, th: MAIN, k: 'threadStart', p: 0 },
    write(10, MAIN),
    { t: 50, th: MAIN, k: 'threadSpawn', p: T2 },
    { t: 48, th: T2, k: 'threadStart', p: MAIN },
    read(60, T2),
  ];
  assertRaces(traceOf(started.slice(1), false), 0, 'written before the spawn');
  assertRaces(traceOf([write(60, MAIN), read(70, T2)]), 1, 'control: written after the spawn');
  const joined: Ev[] = [write(10, T2), { t: 50, th: T2, k: 'threadEnd', a: 0 }, { t: 49, th: MAIN, k: 'joinEnd', p: T2, a: 1 }, read(60, MAIN)];
  assertRaces(traceOf(joined), 0, 'read after the join');
  assertRaces(
    traceOf([write(10, T2), { t: 50, th: T2, k: 'threadEnd', a: 0 }, { t: 49, th: MAIN, k: 'joinEnd', p: T2, a: 0 }, read(60, MAIN)]),
    1,
    'control: the join timed out',
  );
});

test('the race reported is the same whichever way the events are visited: accesses, held locks, last shared synchronisation', () => {
  const body: Ev[] = [
    { t: 10, th: MAIN, k: 'acquired', p: LOCK, a: 1, q: 1, l: -1 },
    write(20, MAIN),
    { t: 30, th: MAIN, k: 'release', p: LOCK, a: 0, q: 2 },
    { t: 40, th: T2, k: 'acquired', p: LOCK, a: 1, q: 3, l: -1 },
    read(50, T2),
    { t: 60, th: T2, k: 'release', p: LOCK, a: 0, q: 4 },
    { t: 70, th: MAIN, k: 'sharedWrite', p: REC, a: 2, q: 0, at: 0 },
    { t: 80, th: T2, k: 'sharedWrite', p: REC, a: 3, q: 0, at: 0 },
  ];
  const trace = traceOf(body);
  const { inOrder, byThread } = both(trace);
  assert.equal(inOrder.length, 1);
  assert.deepEqual(byThread, inOrder);
  const [r] = inOrder;
  // t2's read under the lock, then MainThread's write after it released the lock.
  assert.deepEqual([trace.events[r.first.event].t, trace.events[r.second.event].t], [50, 70]);
  assert.deepEqual([r.first.write, r.second.write, r.first.value, r.second.value], [false, true, 1, 2]);
  assert.deepEqual([r.first.held, r.second.held], [[LOCK], []]);
  assert.equal(r.pairs, 2);
  // Both come after the lock handed from MainThread to t2: its release is the last sync they share.
  assert.equal(r.lastSync?.k, 'release');
  assert.equal(trace.events[r.lastSync!.event].t, 30);
});
