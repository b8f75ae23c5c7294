import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chromeTraceJson, toChromeTrace, type ChromeEvent } from '../../src/core/export/chrome';
import { buildModel } from '../../src/core/model/build';
import { validateChromeTrace } from '../helpers/chrome-rules';
import { fixture, fixtureNames } from './fixtures';

describe('toChromeTrace invariants', () => {
  for (const name of fixtureNames) {
    const model = buildModel(fixture(name));
    const doc = toChromeTrace(model);
    const events = doc.traceEvents;
    const of = (ph: string) => events.filter((e) => e.ph === ph);

    it(`${name}: passes every viewer rule of the validator`, () => {
      assert.deepEqual(validateChromeTrace(JSON.parse(JSON.stringify(doc))), []);
    });

    it(`${name}: the streamed text is the same document`, () => {
      const chunks = [...chromeTraceJson(model, 512)];
      assert.ok(chunks.length > 1, 'more than one chunk');
      assert.deepEqual(JSON.parse(chunks.join('')), JSON.parse(JSON.stringify(doc)));
    });

    it(`${name}: names and sorts every thread`, () => {
      for (const th of model.trace.threads) {
        assert.ok(of('M').some((e) => e.name === 'thread_name' && e.tid === th.id && e.args?.name === th.name));
        assert.ok(of('M').some((e) => e.name === 'thread_sort_index' && e.tid === th.id));
      }
      assert.deepEqual(
        of('M')
          .filter((e) => e.name === 'process_name')
          .map((e) => e.args?.name),
        ['MainProcess'],
      );
      assert.equal(doc.metadata.title, model.trace.meta.title);
    });

    it(`${name}: one B/E slice per span of positive length, at the span's times`, () => {
      model.trace.threads.forEach((th, lane) => {
        const spans = model.spans[lane].filter((s) => s.end > s.start);
        const begins = events.filter((e) => e.ph === 'B' && e.tid === th.id);
        const ends = events.filter((e) => e.ph === 'E' && e.tid === th.id);
        assert.equal(begins.length, spans.length, th.name);
        assert.equal(ends.length, spans.length, th.name);
        spans.forEach((s, i) => {
          assert.ok(begins[i].name.startsWith(s.state), `${begins[i].name} is ${s.state}`);
          assert.equal(begins[i].ts, Math.round(s.start) / 1000);
          assert.equal(ends[i].ts, Math.round(s.end) / 1000);
          assert.deepEqual(ends[i].args, begins[i].args);
        });
      });
    });

    it(`${name}: every hold's b has one e with the same id, not before it`, () => {
      const begins = of('b').filter((e) => e.cat === 'hold');
      assert.equal(begins.length, model.holds.length);
      for (const b of begins) {
        const ends = of('e').filter((e) => e.id === b.id && e.cat === 'hold');
        assert.equal(ends.length, 1);
        assert.equal(ends[0].name, b.name);
        assert.ok(ends[0].ts! >= b.ts!);
      }
    });

    it(`${name}: flows come in s/f pairs, one per link, each right after its anchoring instant`, () => {
      assert.equal(of('s').length, model.links.length);
      for (const ph of ['s', 'f'])
        events.forEach((e, i) => {
          if (e.ph !== ph) return;
          const anchor = events[i - 1];
          assert.equal(anchor.ph, 'i');
          assert.equal(anchor.tid, e.tid);
          assert.equal(anchor.ts, e.ts);
        });
      for (const s of of('s')) {
        const f = of('f').filter((e) => e.id === s.id);
        assert.equal(f.length, 1);
        assert.equal(f[0].bp, 'e');
        assert.ok(f[0].ts! >= s.ts!);
      }
    });
  }

  it('counters for semaphore permits and queue size; instants for logs, exceptions and ends', () => {
    const signals = toChromeTrace(buildModel(fixture('signals'))).traceEvents;
    const counters = signals.filter((e) => e.ph === 'C');
    assert.deepEqual(
      counters.filter((c) => c.name === 'Semaphore `sem`').map((c) => c.args!.permits),
      [1, 0, 1, 0, 1],
    );
    assert.deepEqual(
      counters.filter((c) => c.name === 'Queue `q`').map((c) => c.args!.size),
      [0, 1, 0, 1, 0],
    );
    const crash = toChromeTrace(buildModel(fixture('daemon-exception'))).traceEvents.filter((e) => e.ph === 'i');
    assert.ok(crash.some((e) => e.name === 'hello' && e.cat === 'log' && e.tid === 3));
    assert.ok(crash.some((e) => e.name === 'Error: boom' && e.cat === 'exception'));
    assert.ok(crash.some((e) => e.cat === 'exit' && e.name === 'cut off at interpreter exit (daemon thread)'));
  });

  it("a link recorded with its end before its start (two threads' clocks) starts when the wake took effect", () => {
    const model = buildModel(fixture('lock-contention'));
    const l = model.links[0];
    model.links[0] = { ...l, fromT: l.toT + 110_000 };
    const doc = toChromeTrace(model);
    assert.deepEqual(validateChromeTrace(JSON.parse(JSON.stringify(doc))), []);
    const [s, f] = ['s', 'f'].map((ph) => doc.traceEvents.find((e) => e.ph === ph && e.id === 1)!);
    assert.equal(s.tid, l.fromThread);
    assert.equal(s.ts, Math.round(l.toT) / 1000);
    assert.equal(f.ts, Math.round(l.toT) / 1000);
  });

  it('a blocked slice carries its reason and site; timestamps are microseconds', () => {
    const events = toChromeTrace(buildModel(fixture('lock-contention'))).traceEvents;
    const i = events.findIndex((e) => e.ph === 'B' && e.name === 'blocked Lock `lock`');
    const blocked = events[i];
    assert.equal(blocked.ts, 1300000);
    const end = events.slice(i).find((e) => e.ph === 'E' && e.tid === blocked.tid)!;
    assert.equal(end.ts, 1500020);
    assert.equal(blocked.args!.reason, 'waits for Lock `lock` held by worker1 since 1.203 s (acquired at lock.ts:14)');
    assert.equal(blocked.args!.site, 'lock.ts:22:3');
    assert.ok(events.some((e) => e.name === 'joining worker1'));
  });
});

/** What the exporter wrote before (an X per span, one pid titled with the run, flows bare): the validator must refuse each defect. */
describe('the validator refuses what viewers draw wrong', () => {
  const meta = (pid: number, tid: number, thread: string, process = 'MainProcess'): ChromeEvent[] => [
    { ph: 'M', name: 'process_name', pid, args: { name: process } },
    { ph: 'M', name: 'thread_name', pid, tid, args: { name: thread } },
  ];
  const doc = (traceEvents: unknown[]) => ({ traceEvents });

  it('adjacent X slices that overlap once a viewer adds ts + dur in doubles', () => {
    // 12318.662 + 294046.313 = 306364.97500000003 > 306364.975 (the example).
    const problems = validateChromeTrace(
      doc([
        ...meta(1, 1, 'MainThread'),
        { ph: 'X', name: 'running', pid: 1, tid: 1, ts: 12318.662, dur: 294046.313 },
        { ph: 'X', name: 'sleeping', pid: 1, tid: 1, ts: 306364.975, dur: 10 },
      ]),
    );
    assert.ok(
      problems.some((p) => /speedscope ends "running" .* while "sleeping" is on top/.test(p)),
      problems.join('\n'),
    );
    // Rebased per thread: the same two slices starting later in the run still meet exactly once written as B/E.
    const fine = validateChromeTrace(
      doc([
        ...meta(1, 1, 'MainThread'),
        { ph: 'B', name: 'running', pid: 1, tid: 1, ts: 12318.662 },
        { ph: 'E', name: 'running', pid: 1, tid: 1, ts: 306364.975 },
        { ph: 'B', name: 'sleeping', pid: 1, tid: 1, ts: 306364.975 },
        { ph: 'E', name: 'sleeping', pid: 1, tid: 1, ts: 306374.975 },
      ]),
    );
    assert.deepEqual(fine, []);
  });

  it('a B/E pair whose E lacks the args of its B (speedscope matches by name and args)', () => {
    const problems = validateChromeTrace(
      doc([
        ...meta(1, 1, 'MainThread'),
        { ph: 'B', name: 'blocked', pid: 1, tid: 1, ts: 1, args: { reason: 'r' } },
        { ph: 'E', name: 'blocked', pid: 1, tid: 1, ts: 2 },
      ]),
    );
    assert.ok(
      problems.some((p) => p.includes('speedscope ends "blocked"')),
      problems.join('\n'),
    );
  });

  it("a join's flow start at the end of the finishing thread's last slice", () => {
    const problems = validateChromeTrace(
      doc([
        ...meta(1, 1, 'MainThread'),
        ...meta(1, 2, 'worker').slice(1),
        { ph: 'X', name: 'joining worker', pid: 1, tid: 1, ts: 0, dur: 10 },
        { ph: 'X', name: 'running', pid: 1, tid: 1, ts: 10, dur: 5 },
        { ph: 'X', name: 'running', pid: 1, tid: 2, ts: 1, dur: 9 },
        { ph: 's', cat: 'wake', name: 'join', id: 1, pid: 1, tid: 2, ts: 10 },
        { ph: 'f', bp: 'e', cat: 'wake', name: 'join', id: 1, pid: 1, tid: 1, ts: 10 },
      ]),
    );
    assert.ok(
      problems.some((p) => p.includes('flow start has no enclosing slice')),
      problems.join('\n'),
    );
  });

  it('a flow left to bind to an earlier instant still on the stack', () => {
    const problems = validateChromeTrace(
      doc([
        ...meta(1, 1, 'MainThread'),
        { ph: 'B', name: 'running', pid: 1, tid: 1, ts: 0 },
        { ph: 'i', s: 't', name: 'log', pid: 1, tid: 1, ts: 2 },
        { ph: 's', cat: 'wake', name: 'release-acquire', id: 1, pid: 1, tid: 1, ts: 3 },
        { ph: 'f', bp: 'e', cat: 'wake', name: 'release-acquire', id: 1, pid: 1, tid: 1, ts: 4 },
        { ph: 'E', name: 'running', pid: 1, tid: 1, ts: 5 },
      ]),
    );
    assert.equal(problems.filter((p) => p.includes('no enclosing slice')).length, 2, problems.join('\n'));
  });

  it('processes of a multiprocessing run under one pid: four MainThreads, and the title as the process name', () => {
    const problems = validateChromeTrace(
      doc([
        { ph: 'M', name: 'process_name', pid: 1, args: { name: 'interleave: Multiprocessing: separate memory, and messages between processes' } },
        ...[1, 3, 4, 5].map((tid) => ({ ph: 'M', name: 'thread_name', pid: 1, tid, args: { name: 'MainThread' } })),
      ]),
    );
    assert.ok(
      problems.some((p) => p.includes('process name longer than')),
      problems.join('\n'),
    );
    assert.equal(problems.filter((p) => p.includes('both named "MainThread" in one process')).length, 3, problems.join('\n'));
  });

  it('phase fields: a counter without numeric args, a flow without cat, an unnamed thread', () => {
    const problems = validateChromeTrace(
      doc([
        ...meta(1, 1, 'MainThread'),
        { ph: 'C', name: 'Queue `q`', pid: 1, ts: 1, args: { size: 'two' } },
        { ph: 's', name: 'put-get', id: 1, pid: 1, tid: 1, ts: 1 },
        { ph: 'M', name: 'thread_name', pid: 1, tid: 2, args: {} },
      ]),
    );
    assert.equal(problems.length, 3, problems.join('\n'));
  });
});
