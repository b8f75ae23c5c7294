import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventsToBatch } from '../../../src/core/trace/batch';
import { unpackEvents } from '../../../src/core/protocol/packed-events';
import { LiveFeed } from '../../../src/extension/live-feed';
import { mergeBatches } from '../../../src/core/trace/batch';
import { trace } from './traces';

const meta = trace({ kind: 'completed' }).meta;
const batch = (ts: number[]) => eventsToBatch(ts.map((t) => ({ t, th: 1, k: 'log', a: t })));

test('deltas carry only what changed since the previous one', () => {
  const feed = new LiveFeed();
  feed.accept({ type: 'meta', meta });
  assert.equal(feed.delta(), undefined, 'meta alone is sent as live/begin, not as an append');
  feed.accept({ type: 'thread', thread: { id: 1, name: 'MainThread', daemon: false, parent: 0, ident: 1 } });
  feed.accept({ type: 'sites', base: 0, sites: ['a.ts:1:1', 'a.ts:2:1'] });
  feed.accept({ type: 'events', batch: batch([1, 2]) });
  feed.accept({ type: 'events', batch: batch([3]) });
  const first = feed.delta()!;
  assert.deepEqual(
    first.threads.map((t) => t.id),
    [1],
  );
  assert.deepEqual(first.sites, { base: 0, items: ['a.ts:1:1', 'a.ts:2:1'] });
  assert.deepEqual([...unpackEvents(first.events!)!.t], [1, 2, 3]);

  feed.accept({ type: 'thread', thread: { id: 1, name: 'MainThread', daemon: false, parent: 0, ident: 1, end: 9, exit: 'normal' } });
  feed.accept({ type: 'sites', base: 2, sites: ['a.ts:3:1'] });
  const second = feed.delta()!;
  assert.deepEqual(second.threads, [{ id: 1, name: 'MainThread', daemon: false, parent: 0, ident: 1, end: 9, exit: 'normal' }]);
  assert.deepEqual(second.sites, { base: 2, items: ['a.ts:3:1'] });
  assert.equal(second.events, undefined);
  assert.equal(feed.delta(), undefined);
});

test('a snapshot holds everything so far, and later deltas continue after it', () => {
  const feed = new LiveFeed();
  feed.accept({ type: 'meta', meta });
  feed.accept({ type: 'strings', base: 0, strings: ['hello'] });
  feed.accept({ type: 'events', batch: batch([1]) });
  feed.delta();
  feed.accept({ type: 'events', batch: batch([2]) });
  const snap = feed.snapshot();
  assert.deepEqual(snap.strings, { base: 0, items: ['hello'] });
  assert.deepEqual([...unpackEvents(snap.events!)!.t], [1, 2]);
  assert.equal(feed.eventCount, 2);
  assert.equal(feed.delta(), undefined);
  feed.accept({ type: 'outcome', outcome: { kind: 'completed', summary: '', explanation: '', durationNs: 5 } });
  assert.equal(feed.outcome?.kind, 'completed');
});

test('mergeBatches keeps every column in order', () => {
  const m = mergeBatches([batch([1, 2]), batch([]), batch([3])]);
  assert.deepEqual([...m.t], [1, 2, 3]);
  assert.deepEqual([...m.a], [1, 2, 3]);
  assert.deepEqual([...m.p], [-1, -1, -1]);
  assert.equal(m.k.length, 3);
});
