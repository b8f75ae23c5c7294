import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildModel } from '../../src/core/model/build';
import type { Model } from '../../src/core/model/types';
import { LiveTrace } from '../../src/core/timeline/live';
import { syntheticTrace } from '../helpers/synthetic';
import { eventsToBatch } from '../../src/core/trace/batch';
import { packEvents, unpackEvents } from '../../src/core/protocol/packed-events';
import type { Trace, TraceEvent } from '../../src/core/trace/format';
import { attachedColumns } from '../../src/core/trace/packed';
import { LiveFeed } from '../../src/extension/live-feed';

/** What a model says, as data: JSON drops the trace it was built from and absent (undefined) fields. */
const meaning = (m: Model) => JSON.parse(JSON.stringify({ ...m, trace: undefined }));
const plain = (events: readonly TraceEvent[]) => JSON.parse(JSON.stringify(events));

/** `trace` streamed in batches of `size` events, everything else sent with the first. */
function stream(trace: Trace, size: number): LiveTrace {
  const live = new LiveTrace(trace.meta);
  for (let i = 0; i < trace.events.length; i += size) {
    const first = i === 0;
    live.append({
      threads: first ? trace.threads : [],
      primitives: first ? trace.primitives : [],
      sites: { base: 0, items: first ? trace.sites : [] },
      strings: { base: 0, items: first ? trace.strings : [] },
      events: packEvents(eventsToBatch(trace.events.slice(i, i + size))),
    });
  }
  return live;
}

test('streamed batches reassemble the trace the runner recorded', () => {
  const full = syntheticTrace(3000, 4, 5);
  const live = new LiveTrace(full.meta);
  const half = Math.floor(full.events.length / 2);
  live.append({
    threads: full.threads.slice(0, 2),
    primitives: full.primitives,
    sites: { base: 0, items: full.sites.slice(0, 3) },
    strings: { base: 0, items: [] },
    events: packEvents(eventsToBatch(full.events.slice(0, half))),
  });
  const partial = live.snapshot();
  assert.equal(partial.events.length, half);
  assert.equal(live.eventCount, half);
  assert.equal(partial.outcome.summary, 'Running…');
  assert.equal(partial.outcome.durationNs, full.events[half - 1].t);
  assert.ok(buildModel(partial).spans.length >= 2, 'a partial trace already builds a model');

  live.append({
    threads: full.threads,
    primitives: [],
    sites: { base: 3, items: full.sites.slice(3) },
    strings: { base: 0, items: full.strings },
    events: packEvents(eventsToBatch(full.events.slice(half))),
  });
  live.end(full.outcome);
  const done = live.snapshot();
  assert.deepEqual(done.threads, full.threads, 'a thread sent again replaces the earlier copy');
  assert.deepEqual(done.sites, full.sites);
  assert.deepEqual(done.strings, full.strings);
  assert.deepEqual(plain(done.events), plain(full.events));
  assert.deepEqual(done.outcome, full.outcome);
  assert.equal(partial.events.length, half, 'an earlier snapshot keeps its events');
});

test('a live trace gives the model the same trace from event objects gives, read from columns', () => {
  const full = syntheticTrace(5000, 6, 3);
  // Odd batch sizes make the columns grow (doubling past their first 1024 rows) mid-batch.
  const live = stream(full, 777);
  live.end(full.outcome);
  const snap = live.snapshot();
  assert.ok(attachedColumns(snap), 'the model reads columns, not event objects');
  assert.equal(live.eventCount, full.events.length);
  const fromLive = buildModel(snap);
  const fromObjects = buildModel(full);
  assert.ok(fromObjects.holds.length > 0 && fromObjects.links.length > 0 && fromObjects.counters.length > 0, 'the trace exercises holds, links and counters');
  assert.deepEqual(meaning(fromLive), meaning(fromObjects));
});

test('fields a kind does not define, or a batch marks absent, are absent', () => {
  const live = new LiveTrace(syntheticTrace(10).meta);
  const b = eventsToBatch([
    { t: 1, th: 1, k: 'acquireRequest', p: 2, a: -1 },
    { t: 2, th: 1, k: 'acquired', p: 2, a: 1, q: 1, l: -1, at: 0 },
    { t: 3, th: 1, k: 'threadEnd', a: 0 },
  ]);
  // What the runtime writes into columns a kind gives no meaning: 0 or -1.
  b.q[0] = 0;
  b.l[0] = -1;
  b.at[0] = -1;
  b.p[2] = 0;
  b.q[2] = -1;
  b.l[2] = 0;
  live.append({ threads: [], primitives: [], sites: { base: 0, items: ['x.ts:1:1'] }, strings: { base: 0, items: [] }, events: packEvents(b) });
  const snap = live.snapshot();
  const cols = attachedColumns(snap)!;
  assert.deepEqual([...cols.fields.p], [2, 2, Number.NaN]);
  assert.deepEqual([...cols.fields.q], [Number.NaN, 1, Number.NaN]);
  assert.deepEqual([...cols.fields.l], [Number.NaN, -1, Number.NaN], 'l = -1 is a value for acquired (not woken by a release)');
  assert.deepEqual([...cols.fields.at], [Number.NaN, 0, Number.NaN]);
  assert.deepEqual(plain(snap.events), [
    { t: 1, th: 1, k: 'acquireRequest', p: 2, a: -1 },
    { t: 2, th: 1, k: 'acquired', p: 2, a: 1, q: 1, l: -1, at: 0 },
    { t: 3, th: 1, k: 'threadEnd', a: 0 },
  ]);
});

test('a batch with an unknown kind is refused whole', () => {
  const live = new LiveTrace(syntheticTrace(10).meta);
  const b = eventsToBatch([
    { t: 1, th: 1, k: 'log', a: 0 },
    { t: 2, th: 1, k: 'log', a: 0 },
  ]);
  b.k[1] = 250;
  assert.throws(
    () => live.append({ threads: [], primitives: [], sites: { base: 0, items: [] }, strings: { base: 0, items: ['hi'] }, events: packEvents(b) }),
    /live\/append events do not decode/,
  );
  assert.equal(live.eventCount, 0);
  assert.equal(live.snapshot().events.length, 0);
});

test('a host behind its runner streams what piled up in pieces of at most the given events, which reassemble the run', () => {
  const full = syntheticTrace(6000, 4, 8);
  const feed = new LiveFeed();
  feed.accept({ type: 'meta', meta: full.meta });
  for (const thread of full.threads) feed.accept({ type: 'thread', thread });
  for (const primitive of full.primitives) feed.accept({ type: 'primitive', primitive });
  feed.accept({ type: 'sites', base: 0, sites: full.sites });
  feed.accept({ type: 'strings', base: 0, strings: full.strings });
  // Batches of 300 events all arrived before the panel's next append.
  for (let i = 0; i < full.events.length; i += 300) feed.accept({ type: 'events', batch: eventsToBatch(full.events.slice(i, i + 300)) });
  const live = new LiveTrace(full.meta);
  const sizes: number[] = [];
  for (let d = feed.delta(1000); d; d = feed.delta(1000)) {
    sizes.push(d.events ? unpackEvents(d.events)!.t.length : 0);
    live.append(d);
  }
  assert.equal(feed.pending, false);
  assert.ok(sizes.length >= full.events.length / 1000 && sizes.every((n) => n <= 1000), `pieces of ${sizes.join(', ')} events`);
  assert.deepEqual(plain(live.snapshot().events), plain(full.events));
  assert.deepEqual(
    live.snapshot().threads.map((t) => t.id),
    full.threads.map((t) => t.id),
  );
});
