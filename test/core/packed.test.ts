import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderHtmlReport } from '../../src/core/export/html';
import { buildModel } from '../../src/core/model/build';
import { rlockDepths } from '../../src/core/timeline/depth';
import type { Trace } from '../../src/core/trace/format';
import { packEvents } from '../../src/core/trace/packed';
import { parseTrace } from '../../src/core/trace/parse';
import { fixture, fixtureNames, parseError } from './fixtures';

/** The trace as JSON sees it: the reader gives every event all keys, absent ones undefined. */
const plain = (t: Trace) => JSON.parse(JSON.stringify(t));

/** A trace as the standalone report embeds a large one: events as columns. */
function packedText(trace: Trace, change?: (packed: any) => void): string {
  const body: any = { ...trace, events: [], eventColumns: packEvents(trace.events) };
  change?.(body);
  return JSON.stringify(body);
}

/** Re-encodes one column of a packed body after editing its values. */
function editColumn(body: any, name: string, edit: (v: Float64Array) => void): void {
  const events = parseTrace(JSON.stringify({ ...body, eventColumns: body.eventColumns })).events;
  const values = Float64Array.from(events, (e: any) => (e[name] === undefined ? Number.NaN : e[name]));
  edit(values);
  const copy = events.map((e: any, i) => ({ ...e, [name]: Number.isNaN(values[i]) ? undefined : values[i] }));
  body.eventColumns[name] = packEvents(copy)![name as 'th'];
}

describe('packed event columns', () => {
  for (const name of fixtureNames)
    it(`read back as the same trace: ${name}`, () => assert.deepEqual(plain(parseTrace(packedText(fixture(name)))), fixture(name)));

  it('keep fractional and large values exactly, and absent fields absent', () => {
    const trace = fixture('lock-contention');
    trace.events[1] = { ...trace.events[1], t: trace.events[1].t + 0.5, a: 0.25, q: 2 ** 40 };
    const packed = packEvents(trace.events)!;
    assert.equal(packed.a.type, 'i8', 'one fraction among small integers is patched in');
    assert.ok(packed.a.patch);
    assert.equal(packed.q.type, 'f64', 'an integer beyond i32 keeps doubles');
    assert.equal(packed.th.type, 'i8');
    assert.equal(packed.t.type, 'f64', 'a fractional timestamp keeps absolute doubles');
    assert.equal(packEvents(fixture('lock-contention').events)!.t.delta, true, 'integer timestamps travel as differences');
    const back = parseTrace(packedText(trace));
    assert.deepEqual(plain(back).events[1], trace.events[1]);
    assert.deepEqual(plain(back), trace);
    assert.equal(back.events[0].at, undefined);
  });

  it('are checked like events, naming the event', () => {
    const trace = fixture('lock-contention');
    assert.equal(parseError(packedText(trace, (b) => editColumn(b, 'th', (v) => (v[3] = 9)))).message, 'events[3].th: no thread with id 9 in threads');
    assert.match(
      parseError(packedText(trace, (b) => editColumn(b, 'at', (v) => (v[7] = 6)))).message,
      /^events\[7\]\.at: expected an index into sites \(0\.\.5, or -1 for none\), got number 6/,
    );
    assert.match(parseError(packedText(trace, (b) => editColumn(b, 'a', (v) => (v[16] = 1)))).message, /^events\[16\]\.a: expected an index into strings/);
    const badKind = packedText(trace, (b) => {
      const k = Buffer.from(b.eventColumns.k.data, 'base64');
      k[5] = 250;
      b.eventColumns.k.data = k.toString('base64');
    });
    assert.equal(parseError(badKind).message, 'events[5].k: unknown kind code 250');
    const negative = packedText(trace, (b) => editColumn(b, 't', (v) => (v[0] = -5)));
    assert.equal(parseError(negative).message, 'events[0].t: expected a number ≥ 0, got number -5');
  });

  it('say when a column is cut short or malformed', () => {
    const trace = fixture('lock-contention');
    const cut = parseError(packedText(trace, (b) => (b.eventColumns.p.data = b.eventColumns.p.data.slice(0, -4))));
    assert.equal(cut.path, 'eventColumns.p.data');
    assert.match(cut.message, /truncated/);
    assert.equal(parseError(packedText(trace, (b) => (b.eventColumns.l = { type: 'u8', data: '' }))).path, 'eventColumns.l');
    assert.equal(parseError(packedText(trace, (b) => (b.eventColumns.n = -1))).path, 'eventColumns.n');
    assert.match(parseError(packedText(trace, (b) => (b.events = trace.events))).message, /not both/);
    const fraction = fixture('lock-contention');
    fraction.events[1] = { ...fraction.events[1], a: 0.5 };
    const badPatch = parseError(packedText(fraction, (b) => (b.eventColumns.a.patch.value = b.eventColumns.a.patch.value.slice(0, -4))));
    assert.equal(badPatch.path, 'eventColumns.a.patch');
  });

  it('are not made of a malformed event: that trace stays JSON, for the view to report', () => {
    const trace = fixture('signals');
    assert.equal(packEvents([...trace.events, { t: 1, th: 1, k: 'lock.foo' }]), undefined);
    assert.equal(packEvents([...trace.events, { t: 1, th: 1, k: 'log', a: '3' as unknown as number }]), undefined);
  });

  it('are what a large report embeds; a small one keeps plain JSON', () => {
    const trace = fixture('signals');
    const embedded = (html: string) => JSON.parse(/id="interleave-trace">([\s\S]*?)<\/script>/.exec(html)![1]);
    const small = embedded(renderHtmlReport(trace, '', { nonce: 'n' }));
    assert.equal(small.eventColumns, undefined);
    assert.equal(small.events.length, trace.events.length);
    const large = embedded(renderHtmlReport(trace, '', { nonce: 'n', packEventsFrom: 1 }));
    assert.deepEqual(large.events, []);
    assert.equal(large.eventColumns.n, trace.events.length);
    assert.deepEqual(plain(parseTrace(JSON.stringify(large))), trace);
  });
});

describe('a model from packed columns', () => {
  /** The packed trace with its event objects made unreachable: the model must read the columns. */
  const columnsOnly = (trace: Trace) => {
    const packed = parseTrace(packedText(trace));
    Object.defineProperty(packed, 'events', {
      get: () => assert.fail('the model read trace.events of a packed trace'),
    });
    return packed;
  };
  const model = (trace: Trace) => JSON.stringify({ ...buildModel(trace), trace: undefined });

  for (const name of fixtureNames)
    it(`is the model of the event objects, without building them: ${name}`, () => {
      const trace = fixture(name);
      const packed = columnsOnly(trace);
      assert.equal(model(packed), model(trace));
      // Every reason worded (they read single events back from the columns).
      const reasons = (m: ReturnType<typeof buildModel>) => m.spans.flat().map((s) => s.reason);
      assert.deepEqual(reasons(buildModel(packed)), reasons(buildModel(trace)));
      assert.deepEqual(rlockDepths(packed), rlockDepths(trace));
    });

  it('builds the event objects on first read, for exporters', () => {
    const trace = fixture('rlock-condition');
    const packed = parseTrace(packedText(trace));
    assert.deepEqual(plain(packed), trace);
  });
});
