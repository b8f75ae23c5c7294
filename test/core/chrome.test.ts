import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toChromeTrace, type ChromeEvent } from '../../src/core/export/chrome';
import { buildModel } from '../../src/core/model/build';
import { fixture, fixtureNames } from './fixtures';

/** Whole nanoseconds, as Perfetto reads microsecond timestamps. */
const ns = (us: number) => Math.round(us * 1000);

describe('toChromeTrace invariants', () => {
  for (const name of fixtureNames) {
    const model = buildModel(fixture(name));
    const events = toChromeTrace(model).traceEvents;
    const of = (ph: string) => events.filter((e) => e.ph === ph);

    it(`${name}: names and sorts every thread`, () => {
      for (const th of model.trace.threads) {
        assert.ok(of('M').some((e) => e.name === 'thread_name' && e.tid === th.id && e.args?.name === th.name));
        assert.ok(of('M').some((e) => e.name === 'thread_sort_index' && e.tid === th.id));
      }
      assert.ok(of('M').some((e) => e.name === 'process_name'));
    });

    it(`${name}: X slices never overlap on a thread and cover its non-running states`, () => {
      const byThread = new Map<number, ChromeEvent[]>();
      for (const e of of('X')) byThread.set(e.tid!, [...(byThread.get(e.tid!) ?? []), e]);
      for (const [tid, xs] of byThread) {
        xs.sort((a, b) => a.ts! - b.ts!);
        for (let i = 1; i < xs.length; i++) assert.ok(ns(xs[i].ts!) >= ns(xs[i - 1].ts! + xs[i - 1].dur!), `thread ${tid} slice ${i}`);
        for (const x of xs) assert.ok(x.dur! > 0);
      }
      const waits = model.spans.flat().filter((s) => s.state !== 'running' && s.end > s.start).length;
      assert.equal(of('X').filter((e) => !e.name.startsWith('running')).length, waits);
    });

    it(`${name}: every hold's b has one e with the same id, not before it`, () => {
      const begins = of('b');
      assert.equal(begins.length, model.holds.length);
      for (const b of begins) {
        const ends = of('e').filter((e) => e.id === b.id);
        assert.equal(ends.length, 1);
        assert.equal(ends[0].cat, b.cat);
        assert.equal(ends[0].name, b.name);
        assert.ok(ends[0].ts! >= b.ts!);
      }
    });

    it(`${name}: flows come in s/f pairs, one per link`, () => {
      assert.equal(of('s').length, model.links.length);
      for (const s of of('s')) {
        const f = of('f').filter((e) => e.id === s.id);
        assert.equal(f.length, 1);
        assert.equal(f[0].bp, 'e');
        assert.ok(f[0].ts! >= s.ts!);
      }
    });
  }

  it('counters for semaphore permits and queue size; instants for logs and exceptions', () => {
    const signals = toChromeTrace(buildModel(fixture('signals'))).traceEvents;
    const counters = signals.filter((e) => e.ph === 'C');
    assert.deepEqual(
      counters.filter((c) => c.name === 'Semaphore `sem` permits').map((c) => c.args!.permits),
      [1, 0, 1, 0, 1],
    );
    assert.deepEqual(
      counters.filter((c) => c.name === 'Queue `q` size').map((c) => c.args!.size),
      [0, 1, 0, 1, 0],
    );
    const crash = toChromeTrace(buildModel(fixture('daemon-exception'))).traceEvents.filter((e) => e.ph === 'i');
    assert.ok(crash.some((e) => e.name === 'hello' && e.cat === 'log' && e.tid === 3));
    assert.ok(crash.some((e) => e.name === 'Error: boom' && e.cat === 'exception'));
    assert.ok(crash.some((e) => e.cat === 'exit' && e.name === 'cut off at interpreter exit (daemon thread)'));
  });

  it('a blocked slice carries its reason and site; timestamps are microseconds', () => {
    const xs = toChromeTrace(buildModel(fixture('lock-contention'))).traceEvents.filter((e) => e.ph === 'X');
    const blocked = xs.find((e) => e.name === 'blocked Lock `lock`')!;
    assert.equal(blocked.ts, 1300000);
    assert.equal(blocked.dur, 200020);
    assert.equal(blocked.args!.reason, 'waits for Lock `lock` held by worker1 since 1.203 s (acquired at lock.ts:14)');
    assert.equal(blocked.args!.site, 'lock.ts:22:3');
    assert.ok(xs.some((e) => e.name === 'joining worker1'));
  });
});
