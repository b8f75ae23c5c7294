import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildModel } from '../../src/core/model/build';
import { LiveTrace } from '../../src/core/timeline/live';
import { syntheticTrace } from '../../src/core/timeline/synthetic';
import { eventsToBatch } from '../../src/core/trace/batch';

test('streamed batches reassemble the trace the runner recorded', () => {
  const full = syntheticTrace(3000, 4, 5);
  const live = new LiveTrace(full.meta);
  const half = Math.floor(full.events.length / 2);
  live.append({ threads: full.threads.slice(0, 2), primitives: full.primitives, sites: { base: 0, items: full.sites.slice(0, 3) }, strings: { base: 0, items: [] }, batch: eventsToBatch(full.events.slice(0, half)) });
  const partial = live.snapshot();
  assert.equal(partial.events.length, half);
  assert.equal(partial.outcome.summary, 'Running…');
  assert.equal(partial.outcome.durationNs, full.events[half - 1].t);
  assert.ok(buildModel(partial).spans.length >= 2, 'a partial trace already builds a model');

  live.append({ threads: full.threads, primitives: [], sites: { base: 3, items: full.sites.slice(3) }, strings: { base: 0, items: full.strings }, batch: eventsToBatch(full.events.slice(half)) });
  live.end(full.outcome);
  const done = live.snapshot();
  assert.deepEqual(done.threads, full.threads, 'a thread sent again replaces the earlier copy');
  assert.deepEqual(done.sites, full.sites);
  assert.deepEqual(done.strings, full.strings);
  assert.deepEqual(done.events, full.events);
  assert.deepEqual(done.outcome, full.outcome);
});
