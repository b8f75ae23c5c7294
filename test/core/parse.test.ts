import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { batchToEvents, eventsToBatch } from '../../src/core/trace/batch';
import { EventKind } from '../../src/core/trace/kinds';
import { parseTrace, validateTrace } from '../../src/core/trace/parse';
import { fixture, fixtureNames, fixtureText, parseError } from './fixtures';

/** The lock-contention fixture with one change applied. */
function broken(change: (t: any) => void): string {
  const t = fixture('lock-contention');
  change(t);
  return JSON.stringify(t);
}

describe('parseTrace', () => {
  it('a trace without meta.tool is named as not an Interleave trace, not "got undefined undefined"', () => {
    const err = parseError(broken((t) => delete t.meta.tool));
    assert.equal(err.path, 'meta.tool');
    assert.match(err.message, /not an Interleave trace: meta\.tool is nothing \(the field is missing\), not 'interleave'/);
    assert.doesNotMatch(err.message, /undefined/);
  });
  for (const name of fixtureNames) it(`accepts ${name}`, () => assert.deepEqual(parseTrace(fixtureText(name)), fixture(name)));

  it('names the JSON path of an unknown event kind', () => {
    const err = parseError(broken((t) => (t.events[7].k = 'lock.foo')));
    assert.equal(err.message, "events[7].k: unknown kind 'lock.foo'");
    assert.equal(err.path, 'events[7].k');
  });

  it('says that a cut-off file looks truncated', () => {
    const text = fixtureText('lock-contention');
    for (const cut of [text.length - 3, Math.floor(text.length / 2), text.indexOf('"threadSpawn"') + 5]) {
      const err = parseError(text.slice(0, cut));
      assert.match(err.message, /looks truncated/);
    }
  });

  it('reports invalid JSON with its line and column', () => {
    const err = parseError('{\n  "version": 1\n  "meta": {}\n}');
    assert.match(err.message, /^the trace is not valid JSON at line 3, column 3: Expected ','/);
    assert.match(parseError('{"version": nope}').message, /^the trace is not valid JSON: Unexpected token/);
  });

  it('rejects an empty file and a non-object', () => {
    assert.match(parseError('  ').message, /empty/);
    assert.equal(parseError('[]').message, 'trace: expected an object, got an array');
  });

  it('tells a newer format version from a wrong one', () => {
    assert.match(parseError(broken((t) => (t.version = 2))).message, /^version: format version 2 is newer than this reader's \(1\)/);
    assert.equal(parseError(broken((t) => (t.version = '1'))).message, "version: expected 1, got '1'");
  });

  it('checks references: thread ids, site and string indices', () => {
    assert.equal(parseError(broken((t) => (t.events[3].th = 9))).message, 'events[3].th: no thread with id 9 in threads');
    assert.match(
      parseError(broken((t) => (t.events[7].at = 6))).message,
      /^events\[7\]\.at: expected an index into sites \(0\.\.5, or -1 for none\), got number 6/,
    );
    assert.match(parseError(broken((t) => (t.events[16].a = 1))).message, /^events\[16\]\.a: expected an index into strings/);
  });

  it('checks field types in every section', () => {
    assert.equal(parseError(broken((t) => (t.events[0].t = -5))).message, 'events[0].t: expected a number ≥ 0, got number -5');
    assert.equal(parseError(broken((t) => (t.events[2].p = 'x'))).message, "events[2].p: expected a finite number, got 'x'");
    assert.equal(parseError(broken((t) => delete t.threads[1].name)).message, 'threads[1].name: expected a string, got nothing (the field is missing)');
    assert.equal(parseError(broken((t) => (t.threads[2].id = 2))).message, 'threads[2].id: duplicate thread id 2');
    assert.match(parseError(broken((t) => (t.primitives[0].kind = 'Mutex'))).message, /^primitives\[0\]\.kind: expected one of Lock, RLock/);
    assert.equal(parseError(broken((t) => (t.meta.clock = 'ms'))).message, "meta.clock: expected 'ns-since-start', got 'ms'");
    assert.match(parseError(broken((t) => (t.outcome.kind = 'ok'))).message, /^outcome\.kind: expected one of completed/);
    assert.equal(
      parseError(broken((t) => (t.outcome.stuck = [{ thread: 2 }]))).message,
      'outcome.stuck[0].op: expected a string, got nothing (the field is missing)',
    );
  });

  it('validateTrace checks an already-parsed value the same way', () => {
    assert.throws(() => validateTrace({ ...fixture('signals'), events: [{ t: 0, th: 1 }] }), /events\[0\]\.k: expected an event kind name/);
  });
});

describe('EventBatch', () => {
  it('round-trips the events of every fixture', () => {
    for (const name of fixtureNames) {
      const events = fixture(name).events;
      assert.deepEqual(batchToEvents(eventsToBatch(events)), events, name);
    }
  });

  it('keeps only the fields a kind defines, whatever filler a producer wrote', () => {
    const b = eventsToBatch([{ t: 5, th: 2, k: 'threadEnd', a: 0 }]);
    b.p[0] = 0; // the runtime writes 0 / -1 in unused columns
    b.q[0] = -1;
    b.l[0] = -1;
    assert.deepEqual(batchToEvents(b), [{ t: 5, th: 2, k: 'threadEnd', a: 0 }]);
    const acquired = eventsToBatch([{ t: 1, th: 1, k: 'acquired', p: 3, a: 1, q: 4, l: -1, at: 0 }]);
    assert.equal(acquired.k[0], EventKind.acquired);
    assert.deepEqual(batchToEvents(acquired), [{ t: 1, th: 1, k: 'acquired', p: 3, a: 1, q: 4, l: -1, at: 0 }]);
  });

  it('rejects unknown kinds both ways', () => {
    assert.throws(() => eventsToBatch([{ t: 0, th: 1, k: 'nope' }]), /unknown kind 'nope'/);
    const b = eventsToBatch([{ t: 0, th: 1, k: 'log', a: 0 }]);
    b.k[0] = 250;
    assert.throws(() => batchToEvents(b), /unknown kind code 250/);
  });
});
