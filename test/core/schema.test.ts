import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Ajv2020 from 'ajv/dist/2020';
import { packEvents } from '../../src/core/protocol/packed-events';
import { LiveAppend, LiveEnd } from '../../src/core/protocol/webview';
import { parseTrace } from '../../src/core/trace/parse';
import {
  acquireModes,
  confirmationStatuses,
  errorKinds,
  eventKindCode,
  eventKindName,
  exitReasonName,
  findingKinds,
  outcomeKinds,
  primKindName,
} from '../../src/core/trace/kinds';
import { fixture, fixtureNames } from './fixtures';

const schema = JSON.parse(readFileSync(join(__dirname, '..', '..', 'schema', 'trace.schema.json'), 'utf8'));
const validate = new Ajv2020({ allErrors: true }).compile(schema);

describe('schema/trace.schema.json', () => {
  for (const name of fixtureNames) it(`validates ${name}`, () => assert.ok(validate(fixture(name)), JSON.stringify(validate.errors, null, 1)));

  it('rejects an unknown kind, a missing field and an extra event field', () => {
    const t = fixture('signals') as any;
    t.events[3].k = 'lock.foo';
    delete t.threads[0].name;
    t.events[4].extra = 1;
    assert.equal(validate(t), false);
    const paths = validate.errors!.map((e) => e.instancePath);
    for (const p of ['/events/3/k', '/threads/0', '/events/4']) assert.ok(paths.includes(p), `${p} in ${paths}`);
  });

  it('lists exactly the vocabularies of kinds.ts', () => {
    assert.deepEqual(schema.$defs.event.properties.k.enum, eventKindName.filter(Boolean));
    assert.deepEqual(schema.$defs.primitive.properties.kind.enum, primKindName.filter(Boolean));
    assert.deepEqual(schema.$defs.thread.properties.exit.enum, exitReasonName);
    assert.deepEqual(schema.$defs.outcome.properties.kind.enum, outcomeKinds);
    assert.deepEqual(schema.$defs.outcome.properties.error.properties.kind.enum, errorKinds);
    assert.deepEqual([...schema.$defs.lockCycle.properties.kind.enum, schema.$defs.dataRace.properties.kind.const], findingKinds);
    assert.deepEqual(schema.$defs.lockOrderEdge.properties.mode.enum, acquireModes);
    assert.deepEqual(schema.$defs.confirmation.properties.status.enum, confirmationStatuses);
  });
});

// The schema, the parser and the webview protocol must agree on every kind of kinds.ts: each one
// accepted by all three, a made-up one refused by all three (a disagreement loses a run's data).
describe('one vocabulary: schema, parseTrace and the webview protocol agree', () => {
  const base = () => fixture('lock-contention') as any;
  const parses = (t: unknown) => {
    try {
      parseTrace(JSON.stringify(t));
      return true;
    } catch {
      return false;
    }
  };
  const batch = (code: number) => ({
    t: new Float64Array([0]),
    th: new Int32Array([1]),
    k: new Uint8Array([code]),
    p: new Int32Array([0]),
    a: new Float64Array([0]),
    q: new Float64Array([-1]),
    l: new Float64Array([-1]),
    at: new Int32Array([-1]),
  });
  const append = (over: { threads?: unknown[]; primitives?: unknown[]; events?: unknown }) => ({
    v: 1,
    method: 'live/append',
    params: { threads: [], primitives: [], sites: { base: 0, items: [] }, strings: { base: 0, items: [] }, ...over },
  });
  const agree = (what: string, trace: unknown, message: unknown, accepted: boolean) => {
    assert.equal(validate(trace), accepted, `schema on ${what}: ${JSON.stringify(validate.errors)}`);
    assert.equal(parses(trace), accepted, `parseTrace on ${what}`);
    assert.equal(LiveAppend.is(message) || LiveEnd.is(message), accepted, `webview protocol on ${what}`);
  };

  it('event kinds', () => {
    // The parser also checks each kind's fields against its meaning (a string id, a thread id), which
    // one event cannot satisfy for every kind; every known kind it accepts is covered by the fixtures.
    for (const name of [...eventKindName.filter(Boolean), 'lock.foo']) {
      const known = eventKindCode.has(name);
      const s = base();
      s.events[0].k = name;
      assert.equal(validate(s), known, `schema on event kind ${name}`);
      if (!known) assert.equal(parses(s), false, `parseTrace on event kind ${name}`);
      assert.equal(
        LiveAppend.is(append({ events: packEvents(batch(known ? eventKindCode.get(name)! : 200)) })),
        known,
        `webview protocol on event kind ${name}`,
      );
    }
    assert.equal(LiveAppend.is(append({ events: packEvents(batch(0)) })), false, 'code 0 names no kind');
  });

  it('primitive kinds', () => {
    for (const kind of [...primKindName.filter(Boolean), 'Mutex']) {
      const t = base();
      t.primitives[0].kind = kind;
      agree(`primitive kind ${kind}`, t, append({ primitives: [{ ...t.primitives[0] }] }), kind !== 'Mutex');
    }
  });

  it('exit reasons', () => {
    for (const exit of [...exitReasonName, 'vanished']) {
      const t = base();
      t.threads[0].exit = exit;
      agree(`exit reason ${exit}`, t, append({ threads: [{ ...t.threads[0] }] }), exit !== 'vanished');
    }
  });

  it('outcome kinds', () => {
    for (const kind of [...outcomeKinds, 'crashed']) {
      const t = base();
      t.outcome = { kind, summary: 's', explanation: 'e', durationNs: 1 };
      agree(`outcome kind ${kind}`, t, { v: 1, method: 'live/end', params: { outcome: t.outcome } }, kind !== 'crashed');
    }
  });

  it('error kinds of an error outcome (schema and parser; the webview checks no error kind)', () => {
    for (const kind of [...errorKinds, 'oops']) {
      const t = base();
      t.outcome = { kind: 'error', summary: 's', explanation: 'e', durationNs: 1, error: { kind, message: 'm' } };
      assert.equal(validate(t), kind !== 'oops', `schema on error kind ${kind}`);
      assert.equal(parses(t), kind !== 'oops', `parseTrace on error kind ${kind}`);
    }
  });
});
