// The Chrome trace of a long run, streamed a segment at a time (src/runtime/host/chrome-stored.ts),
// says what the whole export says even when chunks' time ranges overlap by more than one chunk (a
// loaded machine drains a thread late): a segment is cut only at a time both sides tell everything
// about, and an operation open at a cut is drawn as it ended (a request that found the lock free
// was never blocked). Before, such runs' streamed states disagreed with the whole export by up to a third.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { chromeTraceEvents } from '../../src/core/export/chrome';
import { buildModel } from '../../src/core/model/build';
import { splitTrace, traceEventSource } from '../../src/core/trace/source';
import { storedChromeEvents } from '../../src/runtime/host/chrome-stored';
import { openTraceStore } from '../../src/runtime/store/file';
import { type ChromeEventLike, chromeTotals, validateChromeTrace } from '../helpers/chrome-rules';
import { drained, syntheticTrace } from '../helpers/synthetic';

function sameTotals(streamed: ChromeEventLike[], whole: ChromeEventLike[]): void {
  const a = chromeTotals(streamed);
  const b = chromeTotals(whole);
  assert.deepEqual([...a.keys()].sort(), [...b.keys()].sort(), 'the same threads, states and holds');
  for (const [k, v] of b) assert.ok(Math.abs(a.get(k)! - v) <= 1e-6 * Math.max(1, v) + 0.01, `${k}: ${a.get(k)} µs streamed, ${v} µs whole`);
}

test('a run whose chunks each span a third of it streams the same states and holds as its whole export', () => {
  const trace = syntheticTrace(60_000, 4, 17);
  const written = drained(trace, 3);
  const { header } = splitTrace(written);
  const source = traceEventSource(written, 2000);
  // The overlap this test is about: some chunk starts before the latest time of the chunks before it ends.
  const overlapping = source.chunks.some((c, i) => i > 1 && c.tMin < source.chunks[i - 2].tMax);
  assert.ok(overlapping, 'chunks overlap by more than one chunk');

  const streamed = [...storedChromeEvents(header, source, 5000)] as ChromeEventLike[];
  const whole = [...chromeTraceEvents(buildModel(trace))] as ChromeEventLike[];
  assert.deepEqual(validateChromeTrace({ traceEvents: streamed }).slice(0, 10), []);
  sameTotals(streamed, whole);
});

test('a real run recorded on a loaded machine streams the same states and holds as its whole export', () => {
  // The 4-thread Lock hammer (240,023 events in 5 chunks, each overlapping the next three in time);
  // thread 3 asked for the lock at 276 ms and got it, free, at 441 ms: a segment cut at 348 ms.
  const store = openTraceStore(join(__dirname, '..', 'fixtures', 'store', 'loaded-hammer.ilt'));
  try {
    const trace = store.trace();
    const streamed = [...storedChromeEvents(store.header(), store, 200_000)] as ChromeEventLike[];
    const whole = [...chromeTraceEvents(buildModel(trace))] as ChromeEventLike[];
    sameTotals(streamed, whole);
  } finally {
    store.close();
  }
});
