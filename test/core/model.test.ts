import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildModel } from '../../src/core/model/build';
import { indexEvents } from '../../src/core/model/event-index';
import { syntheticTrace } from '../helpers/synthetic';
import type { Model, StateSpan } from '../../src/core/model/types';
import type { Trace, TraceEvent } from '../../src/core/trace/format';
import { fixture, fixtureNames } from './fixtures';

const lane = (m: Model, name: string) => m.spans[m.trace.threads.findIndex((t) => t.name === name)];
const brief = (spans: StateSpan[]) => spans.map((s) => [s.state, s.start, s.end]);

describe('buildModel: invariants on every fixture', () => {
  for (const name of fixtureNames) {
    it(`${name}: spans tile each thread's life, in order, without overlap`, () => {
      const m = buildModel(fixture(name));
      m.trace.threads.forEach((th, i) => {
        const spans = m.spans[i];
        if (th.start === undefined) return assert.equal(spans.length, 0);
        assert.equal(spans[0].start, th.start, `${th.name} starts at its start`);
        for (let j = 1; j < spans.length; j++) assert.equal(spans[j].start, spans[j - 1].end, `${th.name} span ${j} meets the previous`);
        const last = spans[spans.length - 1];
        assert.equal(last.end, th.end ?? m.durationNs);
        for (const s of spans) {
          assert.ok(s.end >= s.start);
          if (['blocked', 'waiting', 'joining', 'sleeping'].includes(s.state)) assert.ok(s.reason.length > 0, `${s.state} has a reason`);
        }
      });
    });
  }
});

describe('buildModel: Lock', () => {
  const m = buildModel(fixture('lock-contention'));

  it('a blocked span from request to acquired, with the holder in its reason', () => {
    assert.deepEqual(brief(lane(m, 'worker2')), [
      ['running', 2100, 1300000000],
      ['blocked', 1300000000, 1500020000],
      ['running', 1500020000, 1600100000],
      ['done', 1600100000, 1600100000],
    ]);
    const blocked = lane(m, 'worker2')[1];
    assert.equal(blocked.reason, 'waits for Lock `lock` held by worker1 since 1.203 s (acquired at lock.ts:14)');
    assert.equal(blocked.on, 1);
    assert.equal(blocked.at, 2);
  });

  it('a holder that took the lock just after the waiter stamped its request is still named (the try comes after the stamp)', () => {
    const t = fixture('lock-contention');
    const got = t.events.find((e) => e.k === 'acquired' && e.th === t.threads.find((th) => th.name === 'worker1')!.id)!;
    got.t = 1300000100;
    const late = buildModel(t);
    const blocked = lane(late, 'worker2')[1];
    assert.deepEqual([blocked.state, blocked.start], ['blocked', 1300000000]);
    assert.equal(blocked.reason, 'waits for Lock `lock` held by worker1 since 1.3 s (acquired at lock.ts:14)');
  });

  it('an uncontended acquire stays running; sleep and join are their own states', () => {
    assert.deepEqual(
      brief(lane(m, 'worker1')).map((s) => s[0]),
      ['running', 'sleeping', 'running', 'done'],
    );
    assert.equal(lane(m, 'worker1')[1].reason, 'sleeps 500 ms');
    assert.equal(lane(m, 'MainThread')[1].state, 'joining');
    assert.equal(lane(m, 'MainThread')[1].reason, 'waits for worker1 to finish (join)');
  });

  it('holds, contended when another thread waited during them', () => {
    assert.deepEqual(
      m.holds.map((h) => [h.thread, h.start, h.end, h.contended, h.maxDepth]),
      [
        [2, 1203000050, 1500000000, true, 1],
        [3, 1500020000, 1600000000, false, 1],
      ],
    );
  });

  it('links: release → acquire, spawn → start, end → join', () => {
    const kinds = m.links.map((l) => `${l.kind} ${l.fromThread}@${l.fromT}→${l.toThread}@${l.toT}`).sort();
    assert.deepEqual(kinds, [
      'join 2@2000400000→1@2000500000',
      'join 3@1600100000→1@2000650000',
      'release-acquire 2@1500000000→3@1500020000',
      'spawn 1@1000→2@1100',
      'spawn 1@2000→3@2100',
    ]);
  });

  it('contention and time split', () => {
    assert.deepEqual(m.contention, [{ prim: 1, acquisitions: 2, contended: 1, neverGranted: 0, totalWaitNs: 200020000, maxWaitNs: 200020000 }]);
    const w2 = m.splits.find((s) => s.thread === 3)!;
    assert.equal(w2.blockedNs, 200020000);
    assert.equal(w2.runningNs + w2.blockedNs, 1600100000 - 2100);
    assert.equal(m.splits.find((s) => s.thread === 1)!.joiningNs, 2000500000 - 3000 + 50000);
  });

  it('log instants carry their text', () => {
    const log = m.instants.find((x) => x.kind === 'log')!;
    assert.deepEqual([log.thread, log.t, log.text, log.at], [2, 2000300000, 'worker1 done', 3]);
  });
});

describe('buildModel: deadlock', () => {
  const m = buildModel(fixture('lock-deadlock'));
  it('a thread re-acquiring its own Lock is blocked until the end, and the reason says why', () => {
    const w1 = lane(m, 'worker1');
    assert.deepEqual(brief(w1), [
      ['running', 150, 2000],
      ['blocked', 2000, 200000000],
      ['cutoff', 200000000, 200000000],
    ]);
    assert.equal(w1[1].reason, 'waits for Lock `lock`, which it already holds since 1.01 µs (acquired at lock.ts:8): a Lock is not re-entrant');
    assert.equal(w1[2].reason, 'stopped when the run ended');
  });
  it('its own hold is not contended by itself; the never-granted wait counts as wait time, not as a contended acquisition', () => {
    assert.deepEqual(
      m.holds.map((h) => [h.start, h.end, h.contended]),
      [[1010, 200000000, false]],
    );
    assert.deepEqual(m.contention[0], { prim: 1, acquisitions: 1, contended: 0, neverGranted: 1, totalWaitNs: 199998000, maxWaitNs: 199998000 });
  });
});

describe('buildModel: RLock and Condition', () => {
  const m = buildModel(fixture('rlock-condition'));
  it('RLock depth is the deepest level of one hold', () => {
    const h = m.holds.filter((x) => x.prim === 1);
    assert.deepEqual(
      h.map((x) => [x.start, x.end, x.maxDepth]),
      [[1010, 1300, 2]],
    );
  });
  it('waiting for notify, then blocked on the lock reacquire, with reasons naming both', () => {
    const c = lane(m, 'consumer');
    assert.deepEqual(brief(c).slice(1, 4), [
      ['waiting', 2100, 5000],
      ['blocked', 5000, 6010],
      ['waiting', 6010, 6020],
    ]);
    assert.equal(c[1].reason, 'waits on Condition `cond` for notify(); notified by producer at 4 µs');
    assert.equal(c[1].on, 3);
    assert.equal(c[2].reason, 'reacquires RLock `cond.lock` to return from Condition `cond`.wait() held by producer since 3.01 µs (acquired at rc.ts:30)');
  });
  it('the lock is given up during wait(), so the producer holds it in between (contended)', () => {
    const h = m.holds.filter((x) => x.prim === 2).map((x) => [x.thread, x.start, x.end, x.contended]);
    assert.deepEqual(h, [
      [2, 2010, 2110, false],
      [3, 3010, 6000, true],
      [2, 6010, 6100, false],
    ]);
  });
  it('notify → wake and release → reacquire links', () => {
    const ls = m.links.filter((l) => l.prim >= 0).map((l) => [l.kind, l.fromThread, l.fromT, l.toThread, l.toT]);
    assert.deepEqual(ls, [
      ['release-acquire', 3, 6000, 2, 6010],
      ['notify-wake', 3, 4000, 2, 6020],
    ]);
    assert.equal(m.instants.find((x) => x.kind === 'notify')!.text, 'notify() on Condition `cond` woke 1 waiter');
  });
});

describe('buildModel: Event, Barrier, Queue, Semaphore', () => {
  const m = buildModel(fixture('signals'));
  const a = () => lane(m, 'a');
  const b = () => lane(m, 'b');
  it('waits that really waited are spans; ones that did not are running', () => {
    assert.deepEqual(
      a()
        .filter((s) => s.state !== 'running')
        .map((s) => [s.state, s.start, s.end, s.reason]),
      [
        ['waiting', 100, 210, 'waits for Event `ready` to be set; set by b at 200 ns'],
        ['waiting', 400, 520, 'waits at Barrier `meet` for all 2 parties; tripped by b at 510 ns'],
        ['waiting', 700, 820, 'waits for room in Queue `q` (full at maxsize 1)'],
        ['waiting', 3100, 3200, 'waits for Event `ready` to be set (timeout 100 ns); timed out after 100 ns'],
        ['done', 3300, 3300, 'finished'],
      ],
    );
    // b: the Event was already set (300), it tripped the barrier (500), its first gets found items.
    assert.deepEqual(
      b()
        .filter((s) => s.state !== 'running')
        .map((s) => [s.state, s.start, s.end, s.reason]),
      [
        ['waiting', 1000, 1500, 'waits for an item from Queue `q` (timeout 500 ns); gave up: Empty'],
        ['blocked', 2100, 2520, 'waits for a permit of Semaphore `sem` held by a since 2.01 µs'],
        ['done', 3400, 3400, 'finished'],
      ],
    );
  });
  it('set → wake, barrier trip → pass, put → get (by item), release → acquire', () => {
    assert.deepEqual(
      m.links.filter((l) => l.prim >= 0).map((l) => [l.kind, l.prim, l.fromThread, l.fromT, l.toThread, l.toT]),
      [
        ['set-wake', 1, 3, 200, 2, 210],
        ['barrier-trip', 2, 3, 510, 2, 520],
        ['put-get', 3, 2, 610, 3, 810],
        ['put-get', 3, 2, 820, 3, 910],
        ['release-acquire', 4, 2, 2500, 3, 2520],
      ],
    );
  });
  it('counter tracks: queue size and semaphore permits, from creation', () => {
    assert.deepEqual(
      m.counters.map((c) => [c.label, c.t, c.v]),
      [
        ['Queue `q` size', [12, 610, 810, 820, 910], [0, 1, 0, 1, 0]],
        ['Semaphore `sem` permits', [13, 2010, 2500, 2520, 2600], [1, 0, 1, 0, 1]],
      ],
    );
  });
  it('semaphore holds per acquire/release pair; contention counts the waiter', () => {
    assert.deepEqual(
      m.holds.map((h) => [h.thread, h.start, h.end, h.contended]),
      [
        [2, 2010, 2500, true],
        [3, 2520, 2600, false],
      ],
    );
    assert.deepEqual(m.contention, [{ prim: 4, acquisitions: 2, contended: 1, neverGranted: 0, totalWaitNs: 420, maxWaitNs: 420 }]);
  });
  it('instants for set, clear, put, get and the Empty error, in time order', () => {
    assert.deepEqual(
      m.instants.filter((x) => x.kind !== 'spawn').map((x) => [x.kind, x.t]),
      [
        ['set', 200],
        ['put', 610],
        ['get', 810],
        ['put', 820],
        ['get', 910],
        ['error', 1500],
        ['clear', 3000],
      ],
    );
  });
});

describe('buildModel: daemon, exception, timer', () => {
  const m = buildModel(fixture('daemon-exception'));
  it('a daemon still sleeping at exit is cut off; a crash ends in an exception marker', () => {
    assert.deepEqual(brief(lane(m, 'ticker')), [
      ['running', 15, 100],
      ['sleeping', 100, 1000],
      ['cutoff', 1000, 1000],
    ]);
    assert.equal(lane(m, 'ticker')[2].reason, 'cut off at interpreter exit (daemon thread)');
    const crash = lane(m, 'crasher');
    assert.deepEqual(crash[crash.length - 1], { thread: 3, state: 'exception', start: 61, end: 61, on: -1, at: -1, reason: 'raised Error: boom' });
  });
  it('a cancelled Timer that never started has no spans; the cancel and the exception are instants', () => {
    assert.deepEqual(lane(m, 'timer'), []);
    assert.deepEqual(
      m.instants.filter((x) => x.kind !== 'spawn').map((x) => [x.kind, x.text]),
      [
        ['timer-cancel', 'cancels Timer timer'],
        ['log', 'hello'],
        ['exception', 'Error: boom'],
      ],
    );
  });
});

describe('buildModel: event order', () => {
  it('gives the same model whatever order the events come in', () => {
    const trace = fixture('signals');
    const shuffled: Trace = { ...trace, events: [...trace.events].reverse() };
    const strip = (m: Model) => JSON.stringify({ ...m, trace: undefined });
    assert.equal(strip(buildModel(shuffled)), strip(buildModel(trace)));
  });

  it('orders one lock by sequence number when timestamps of two threads disagree', () => {
    // worker2's acquired (q 3) is stamped 5 ns before worker1's release (q 2): clock skew.
    const trace = fixture('lock-contention');
    const events: TraceEvent[] = trace.events.map((e) => (e.k === 'acquired' && e.th === 3 ? { ...e, t: 1499999995 } : e));
    const m = buildModel({ ...trace, events });
    assert.deepEqual(
      m.holds.map((h) => [h.thread, h.start, h.end]),
      [
        [2, 1203000050, 1500000000],
        [3, 1499999995, 1600000000],
      ],
    );
    assert.equal(m.links.find((l) => l.kind === 'release-acquire')!.fromThread, 2);
  });

  it('durationNs covers the outcome even when events end earlier', () => {
    assert.equal(buildModel(fixture('lock-contention')).durationNs, 2000800000);
  });
});

describe('indexEvents: the time order of events', () => {
  /** Known threads' events by (time, file index), the order the passes rely on. */
  const reference = (trace: Trace) => {
    const known = new Set(trace.threads.map((t) => t.id));
    return trace.events
      .map((e, i) => [e.t, i, e.th] as const)
      .filter(([, , th]) => known.has(th))
      .sort((a, b) => a[0] - b[0] || a[1] - b[1])
      .map(([, i]) => i);
  };
  const base = syntheticTrace(3000, 4, 2);
  // Grouped by thread: each thread's events stay in time order, the file as a whole does not.
  const grouped = { ...base, events: [...base.events].sort((a, b) => a.th - b.th) };
  // An event of a thread missing from the table is left out of the order.
  const stray = { ...base, events: [...base.events.slice(0, 50), { t: base.events[50].t, th: 99, k: 'log', a: 0 }, ...base.events.slice(50)] };

  for (const [name, trace] of [
    ['a file in time order', base],
    ['a file grouped by thread', grouped],
    ['a file with an unknown thread', stray],
  ] as const) {
    it(`${name}: by time, ties in file order`, () => {
      assert.deepEqual([...indexEvents(trace).order], reference(trace));
    });
  }
  it('a file grouped by thread gives the model the time-ordered file gives', () => {
    const json = (m: Model) => JSON.parse(JSON.stringify({ ...m, trace: undefined }));
    assert.deepEqual(json(buildModel(grouped)), json(buildModel(base)));
  });
});
