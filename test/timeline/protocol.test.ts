import assert from 'node:assert/strict';
import { test } from 'node:test';
import { packEvents, unpackEvents } from '../../src/core/protocol/packed-events';
import { packSlice, unpackSlice } from '../../src/core/protocol/packed-summary';
import { FIELDS } from '../../src/core/protocol/buckets';
import { LiveAppend, LiveEnd, Ready, Reveal, ShowTrace, SummaryShow, TraceError, WindowShow } from '../../src/core/protocol/webview';
import { EventKind, ExitReason, PrimKind } from '../../src/core/trace/kinds';
import type { PrimitiveInfo, ThreadInfo } from '../../src/core/trace/format';

const batch = (n: number) => ({
  t: new Float64Array(n),
  th: new Int32Array(n),
  k: new Uint8Array(n).fill(EventKind.log),
  p: new Int32Array(n),
  a: new Float64Array(n),
  q: new Float64Array(n),
  l: new Float64Array(n),
  at: new Int32Array(n),
});

test('a message is recognised by its own descriptor only', () => {
  const m = Reveal.create({ file: '/x/a.ts', line: 3, col: 1 });
  assert.ok(Reveal.is(m));
  assert.ok(!Ready.is(m));
  assert.ok(Ready.is(Ready.create({})));
  assert.ok(ShowTrace.is(ShowTrace.create({ json: '{}' })));
});

test('malformed params are rejected at the boundary', () => {
  assert.ok(!Reveal.is({ v: 1, method: 'reveal', params: { file: '', line: 3, col: 1 } }));
  assert.ok(!Reveal.is({ v: 1, method: 'reveal', params: { file: '/a', line: 0, col: 1 } }));
  assert.ok(!Reveal.is({ v: 1, method: 'reveal', params: { file: '/a', line: 1.5, col: 1 } }));
  assert.ok(!Reveal.is({ v: 2, method: 'reveal', params: { file: '/a', line: 1, col: 1 } }), 'other protocol version');
  assert.ok(!ShowTrace.is({ v: 1, method: 'trace/show', params: { json: 42 } }));
  assert.ok(!TraceError.is({ v: 1, method: 'trace/error', params: null }));
  assert.ok(!ShowTrace.is(null));
});

test('events cross packed, and come back as the same columns; a payload that does not decode is refused', () => {
  const b = batch(3);
  b.t.set([5, 1e9 + 0.5, 3]);
  b.th.set([1, 2, 1]);
  b.p.set([0, 7, -1]);
  b.a.set([Number.NaN, -1, 2 ** 40]);
  b.q.set([1, 2, 3]);
  b.at.set([-1, 0, 4]);
  const events = packEvents(b);
  assert.ok(events.byteLength < 3 * 45, `${events.byteLength} bytes for 3 events`);
  assert.equal(events.byteLength, events.buffer.byteLength, 'a buffer of its own: nothing else travels with it');
  const back = unpackEvents(events)!;
  for (const col of ['t', 'th', 'k', 'p', 'a', 'q', 'l', 'at'] as const) assert.deepEqual([...back[col]], [...b[col]], col);
  const ok = LiveAppend.create({
    threads: [{ id: 1, name: 'MainThread', daemon: false, parent: 0, ident: 1 }],
    primitives: [],
    sites: { base: 0, items: ['a.ts:1:1'] },
    strings: { base: 0, items: [] },
    events: packEvents(batch(2)),
  });
  assert.ok(LiveAppend.is(ok));
  assert.ok(!LiveAppend.is({ ...ok, params: { ...ok.params, threads: [{ id: 'x' }] } }));
  assert.ok(!LiveAppend.is({ ...ok, params: { ...ok.params, sites: { base: -1, items: [] } } }));
  assert.ok(!LiveAppend.is({ ...ok, params: { ...ok.params, events: batch(2) } }), 'typed-array columns are not the wire form');
  assert.ok(!LiveAppend.is({ ...ok, params: { ...ok.params, events: events.slice(0, events.length - 1) } }), 'a torn payload');
  const unknown = batch(2);
  unknown.k[1] = 250;
  assert.ok(!LiveAppend.is({ ...ok, params: { ...ok.params, events: packEvents(unknown) } }), 'an event kind kinds.ts does not define');
  const detail = (e: unknown) => ({ v: 1, method: 'window/show', params: { id: 1, detail: { events: e, validFrom: 0, validTo: 10 } } });
  assert.ok(WindowShow.is(detail(events)));
  assert.ok(!WindowShow.is(detail(new Uint8Array([1, 2, 3]))));
});

test('summaries cross packed and come back bucket for bucket; buckets that do not unpack are refused', () => {
  const n = 50;
  const data = new Float32Array(2 * n * FIELDS);
  // Each lane's fields: a constant, a ramp, zeros, fractions and a large value.
  for (let i = 0; i < data.length; i++) data[i] = i % 7 === 0 ? 1000 : i % 5 === 0 ? i * 3.25 : i % 3 === 0 ? 0 : 2 ** 30 + i;
  const slice = { bucketNs: 4096, first: 3, n, threads: [1, 2], laneStart: [0, 10], laneEnd: [5e5, 4e5], maxHolds: [1, 0], data, events: 1234, endNs: 5e5 };
  const packed = packSlice(slice);
  assert.ok(packed.buckets.byteLength < data.byteLength, `${packed.buckets.byteLength} bytes for ${data.byteLength}`);
  assert.equal(packed.buckets.byteLength, packed.buckets.buffer.byteLength, 'a buffer of its own');
  assert.deepEqual(unpackSlice(packed), slice);
  const show = (s: unknown) => ({ v: 1, method: 'summary/show', params: { json: '{}', slice: s, live: false } });
  assert.ok(SummaryShow.is(show(packed)));
  assert.ok(!SummaryShow.is(show({ ...packed, n: n + 1 })), 'fewer numbers than lanes × n × fields');
  assert.ok(!SummaryShow.is(show({ ...packed, buckets: packed.buckets.slice(0, -1) })), 'torn buckets');
  assert.ok(!SummaryShow.is(show(slice)), 'a Float32Array is not the wire form');
  assert.ok(!SummaryShow.is(show({ ...packed, n: 2 ** 30 })), 'more numbers than a slice may hold');
});

test('an outcome needs its kind, words and duration', () => {
  const outcome = {
    kind: 'deadlock',
    summary: 's',
    explanation: 'e',
    durationNs: 5,
    cycle: [2, 3],
    stuck: [{ thread: 2, op: 'acquire', on: 1, heldBy: [3], holds: [4], since: 1 }],
  };
  assert.ok(LiveEnd.is(LiveEnd.create({ outcome: outcome as never })));
  assert.ok(!LiveEnd.is({ v: 1, method: 'live/end', params: { outcome: { ...outcome, kind: 'exploded' } } }));
  assert.ok(!LiveEnd.is({ v: 1, method: 'live/end', params: { outcome: { ...outcome, stuck: [{ thread: 2 }] } } }));
});

test('live/append accepts every primitive kind and exit reason of the trace vocabulary (Pipe and Pool were rejected)', () => {
  const sites = { base: 0, items: [] };
  const strings = { base: 0, items: [] };
  for (const kind of Object.keys(PrimKind)) {
    const msg = LiveAppend.create({
      threads: [],
      primitives: [{ id: 1, kind: kind as PrimitiveInfo['kind'], name: 'p', site: -1, creator: 1 }],
      sites,
      strings,
    });
    assert.ok(LiveAppend.is(msg), `a ${kind} primitive passes validation`);
  }
  for (const exit of Object.keys(ExitReason)) {
    const msg = LiveAppend.create({
      threads: [{ id: 1, name: 'MainThread', daemon: false, parent: 0, ident: 1, exit: exit as ThreadInfo['exit'] }],
      primitives: [],
      sites,
      strings,
    });
    assert.ok(LiveAppend.is(msg), `a thread that ended '${exit}' passes validation`);
  }
  const unknown = LiveAppend.create({
    threads: [],
    primitives: [{ id: 1, kind: 'Mutex' as PrimitiveInfo['kind'], name: 'p', site: -1, creator: 1 }],
    sites,
    strings,
  });
  assert.ok(!LiveAppend.is(unknown), 'a kind outside the vocabulary is still rejected');
});
