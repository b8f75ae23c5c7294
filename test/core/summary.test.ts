import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildModel } from '../../src/core/model/build';
import { summarizeRun } from '../../src/core/render/summary';
import { renderTerminal, renderTerminalView, terminalBarWidth } from '../../src/core/render/terminal';
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
        if (trace.events.some((e) => e.k === 'queuePutDone' || e.k === 'queueGetDone')) {
          // Whether a put or get waited needs the queue's size across threads: the summary goes by time passed (summary.ts).
          const total = (s: (typeof model.splits)[number]) => s.runningNs + s.blockedNs + s.waitingNs + s.sleepingNs + s.joiningNs;
          assert.deepEqual(summary.splits.map(total), model.splits.map(total));
          assert.deepEqual(summary.contention, model.contention);
          return;
        }
        assert.deepEqual(summary.splits, model.splits);
        assert.deepEqual(summary.contention, model.contention);
        assert.equal(renderTerminalView(summary, { width }), renderTerminal(model, { width }));
      });
});
