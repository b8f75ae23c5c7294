// The timeline's pyramid over a real trace store, chunks in recording order: a loaded machine drains
// one thread's run of events ahead of another's, so a waiter's request can arrive before the
// holder's release that came first. Each lane's held time must still be the thread's own holds.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { FIELDS, F_CONTENDED, F_HELD } from '../../src/core/protocol/buckets';
import { PyramidBuilder } from '../../src/core/timeline/pyramid';
import { EventKind } from '../../src/core/trace/kinds';
import { openTraceStore } from '../../src/runtime/store/file';

test('a Lock hammer drained out of time order: each lane holds the lock exactly as long as its own acquire → release pairs', () => {
  const reader = openTraceStore(join(__dirname, '..', 'fixtures', 'store', 'loaded-hammer.ilt'));
  const pyramid = new PyramidBuilder();
  for (const p of reader.header().primitives) pyramid.primitive(p);
  const own = new Map<number, number>();
  const since = new Map<number, number>();
  let aheadOfOthers = 0;
  let latest = -Infinity;
  reader.forEachChunk((c) => {
    pyramid.push(c);
    for (let i = 0; i < c.t.length; i++) {
      const th = c.th[i];
      if (c.t[i] < latest - 1e6) aheadOfOthers++;
      latest = Math.max(latest, c.t[i]);
      if (c.k[i] === EventKind.acquired) since.set(th, c.t[i]);
      else if (c.k[i] === EventKind.release && since.has(th)) {
        own.set(th, (own.get(th) ?? 0) + c.t[i] - since.get(th)!);
        since.delete(th);
      }
    }
  });
  reader.close();
  assert.ok(aheadOfOthers > 0, 'the fixture has events recorded more than 1 ms behind ones already read');
  const lanes = pyramid.snapshot().lanes;
  for (const lane of lanes) {
    let held = 0;
    let contended = 0;
    for (let j = 0; j < lane.buckets.length; j += FIELDS) {
      held += lane.buckets[j + F_HELD];
      contended += lane.buckets[j + F_CONTENDED];
    }
    const want = own.get(lane.thread) ?? 0;
    // Float32 buckets: a few ns of rounding per bucket.
    assert.ok(Math.abs(held - want) <= 1e-4 * want + 1e3, `thread ${lane.thread} held ${held} ns, its own holds ${want} ns`);
    assert.ok(contended <= held * 1.05 + 1e3, `thread ${lane.thread}: contended ${contended} within held ${held}`);
  }
  assert.ok(lanes.filter((l) => (own.get(l.thread) ?? 0) > 0).length >= 4, 'the four hammer threads held it');
});
