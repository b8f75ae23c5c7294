import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LiveAppend, LiveEnd, Ready, Reveal, ShowTrace, TraceError, isEventBatch } from '../../src/core/protocol/webview';
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

test('event batches must be typed arrays of one length', () => {
  assert.ok(isEventBatch(batch(3)));
  assert.ok(!isEventBatch({ ...batch(3), t: [0, 0, 0] }), 'plain arrays are not a batch');
  assert.ok(!isEventBatch({ ...batch(3), k: new Uint8Array(2) }), 'ragged columns');
  const ok = LiveAppend.create({
    threads: [{ id: 1, name: 'MainThread', daemon: false, parent: 0, ident: 1 }],
    primitives: [],
    sites: { base: 0, items: ['a.ts:1:1'] },
    strings: { base: 0, items: [] },
    batch: batch(2),
  });
  assert.ok(LiveAppend.is(ok));
  assert.ok(!LiveAppend.is({ ...ok, params: { ...ok.params, threads: [{ id: 'x' }] } }));
  assert.ok(!LiveAppend.is({ ...ok, params: { ...ok.params, sites: { base: -1, items: [] } } }));
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
