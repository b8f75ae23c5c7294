import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildModel } from '../../src/core/model/build';
import { serialize, deserialize } from 'node:v8';
import { finishSummary, headerLookups, summarizeRun, SummaryWalk, type WalkHeader } from '../../src/core/render/summary';
import { renderTerminal, renderTerminalView, terminalBarWidth } from '../../src/core/render/terminal';
import type { Trace, TraceEvent } from '../../src/core/trace/format';
import { splitTrace, traceEventSource } from '../../src/core/trace/source';
import { fixture, fixtureNames } from './fixtures';

describe('streaming summary of a run', () => {
  for (const name of fixtureNames)
    for (const width of [60, 100, 140])
      it(`prints what the whole model prints: ${name} at ${width} columns`, () => {
        const trace = fixture(name);
        const { header } = splitTrace(trace);
        // Chunks of 5 events: lanes and waits cross chunk boundaries.
        const events = traceEventSource(trace, 5);
        const summary = summarizeRun(header, events, terminalBarWidth(header, { width }));
        const model = buildModel(trace);
        assert.ok(summary.sameAsModel, 'the walk rules every wait as the model does');
        assert.deepEqual(summary.splits, model.splits);
        assert.deepEqual(summary.contention, model.contention);
        assert.equal(renderTerminalView(summary, { width }), renderTerminal(model, { width }));
      });
});

describe('whether the walk prints what the model prints (RunSummary.sameAsModel)', () => {
  it("is not claimed when a thread's events come out of time order (the model sorts them)", () => {
    const trace = fixture('lock-contention');
    const { header } = splitTrace(trace);
    const width = terminalBarWidth(header, { width: 100 });
    assert.equal(summarizeRun(header, traceEventSource(trace, 5), width).sameAsModel, true);
    // Two events of one thread swapped in the source, a millisecond apart.
    const th = trace.threads[1].id;
    const [x, y] = trace.events.flatMap((e, i) => (e.th === th ? [i] : [])).slice(2, 4);
    const events = trace.events.slice();
    [events[x], events[y]] = [events[y], events[x]];
    assert.ok(events[x].t > events[y].t);
    const swapped = summarizeRun(header, traceEventSource({ ...trace, events }, 5), width);
    assert.equal(swapped.sameAsModel, false);
  });

  it("rules a queue's put and get by its size when another thread's puts come later in the source (drained late)", () => {
    const trace = fixture('signals');
    const { header } = splitTrace(trace);
    const width = terminalBarWidth(header, { width: 100 });
    // The producer's queue operations after all of the consumer's events: its own order kept.
    const late = (e: (typeof trace.events)[number]) => e.th === 2 && e.t >= 600;
    const events = [...trace.events.filter((e) => !late(e)), ...trace.events.filter(late)];
    const lateTrace = { ...trace, events };
    const model = buildModel(lateTrace);
    assert.ok(
      model.spans.flat().some((s) => s.state === 'waiting' && s.on === 3 && s.thread === 2),
      'a put that waited',
    );
    for (const chunk of [1, 5, 1000]) {
      const summary = summarizeRun(header, traceEventSource(lateTrace, chunk), width);
      assert.ok(summary.sameAsModel);
      assert.equal(renderTerminalView(summary, { width: 100 }), renderTerminal(model, { width: 100 }));
    }
  });

  it('is not claimed when a queue ruling needs a sample dropped to bound memory (a thread drained far behind another)', () => {
    const trace = fixture('signals');
    const { header } = splitTrace(trace);
    const width = terminalBarWidth(header, { width: 100 });
    // Thread 3 gets the first item, asking at 1 µs; thread 2 puts 140,000 items first in the source (more than a
    // thread's kept samples), and thread 3's get comes after all of them.
    const q = 3;
    const puts = 140_000;
    const events: TraceEvent[] = trace.events.filter((e) => e.k === 'threadStart' || e.k === 'threadSpawn' || e.t < 300);
    for (let i = 1; i <= puts; i++)
      events.push({ t: 2000 + 2 * i, th: 2, k: 'queuePut', p: q, a: -1 }, { t: 2001 + 2 * i, th: 2, k: 'queuePutDone', p: q, a: i, q: i });
    events.push({ t: 1000, th: 3, k: 'queueGet', p: q, a: -1 }, { t: 2000 + 2 * puts + 10, th: 3, k: 'queueGetDone', p: q, a: puts - 1, q: 1 });
    const unbounded = { ...header, primitives: header.primitives.map((x) => (x.id === q ? { ...x, init: { maxsize: 0 } } : x)) };
    const run = { ...trace, ...unbounded, events };
    const summary = summarizeRun(unbounded, traceEventSource(run), width);
    assert.equal(summary.sameAsModel, false);
    // Without the drop (fewer puts) the same ruling is vouched for.
    const few = events.filter((e) => !(e.th === 2 && e.t > 2000 + 2 * 1000 + 1 && e.k.startsWith('queuePut')));
    few[few.length - 1] = { ...few[few.length - 1], a: 999 };
    const small = { ...run, events: few };
    const vouched = summarizeRun(unbounded, traceEventSource(small), width);
    assert.ok(vouched.sameAsModel);
    assert.equal(renderTerminalView(vouched, { width: 100 }), renderTerminal(buildModel(small), { width: 100 }));
  });

  it("is not claimed when a Barrier trip's last arrival is missing (the model takes another pass as the tripper)", () => {
    const trace = fixture('signals');
    const { header } = splitTrace(trace);
    const width = terminalBarWidth(header, { width: 100 });
    assert.ok(summarizeRun(header, traceEventSource(trace, 5), width).sameAsModel);
    const cut = { ...trace, events: trace.events.filter((e) => !(e.k === 'barrierPass' && e.a === 1)) };
    assert.equal(summarizeRun(header, traceEventSource(cut, 5), width).sameAsModel, false);
  });

  it('is not claimed for a run with pool tasks (the model has a pass of its own for them)', () => {
    const trace = fixture('lock-contention');
    const { header, events } = splitTrace(trace);
    const width = terminalBarWidth(header, { width: 100 });
    const pool = { ...header, primitives: [...header.primitives, { id: 999, kind: 'Pool' as const, name: 'pool', site: -1, creator: header.threads[0].id }] };
    assert.equal(summarizeRun(pool, events, width).sameAsModel, false);
  });
});

describe('a walk made while the run goes (RunOptions.summarize), finished at its end', () => {
  /** The walk the runner makes: chunk by chunk, no duration, every thread's events taken; then across a process boundary. */
  function liveWalk(trace: Trace, lookups: WalkHeader, maxSpans?: number) {
    const walk = new SummaryWalk({ threadStart: lookups.threadStart, parties: lookups.parties, queue: lookups.queue }, undefined, maxSpans);
    traceEventSource(trace, 5).forEachChunk((b) => walk.feed(b));
    return deserialize(serialize(walk.data)) as typeof walk.data;
  }

  for (const name of fixtureNames)
    it(`finishes to the one-shot summary: ${name}`, () => {
      const trace = fixture(name);
      const { header, events } = splitTrace(trace);
      const data = liveWalk(trace, headerLookups(header));
      for (const width of [60, 140]) {
        const cells = terminalBarWidth(header, { width });
        const live = finishSummary(data, header, events, cells);
        assert.ok(live, 'finished');
        const oneShot = summarizeRun(header, events, cells);
        assert.deepEqual(live.lanes(cells), oneShot.lanes(cells));
        assert.deepEqual(live.splits, oneShot.splits);
        assert.deepEqual(live.contention, oneShot.contention);
        assert.equal(renderTerminalView(live, { width }), renderTerminalView(oneShot, { width }));
      }
    });

  it('is not finished when what it read of the header as the run went is not what the final header says', () => {
    const trace = fixture('lock-contention');
    const { header, events } = splitTrace(trace);
    const width = terminalBarWidth(header, { width: 80 });
    // A thread whose first event is not its start, its start read before the run said it.
    const late = trace.threads[1].id;
    const cut: Trace = { ...trace, events: trace.events.filter((e) => !(e.th === late && e.k === 'threadStart')) };
    const cutHeader = splitTrace(cut).header;
    const data = liveWalk(cut, { ...headerLookups(cutHeader), threadStart: () => undefined });
    assert.equal(finishSummary(data, cutHeader, splitTrace(cut).events, width), undefined);
    assert.ok(finishSummary(liveWalk(cut, headerLookups(cutHeader)), cutHeader, splitTrace(cut).events, width));
    // A walk that logged more spans than it may hold.
    assert.equal(finishSummary(liveWalk(trace, headerLookups(header), 2), header, events, width), undefined);
    assert.ok(finishSummary(liveWalk(trace, headerLookups(header), 1000), header, events, width));
  });
});
