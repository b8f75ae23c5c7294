import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rlockDepths } from '../../src/core/timeline/depth';
import { syntheticTrace } from '../helpers/synthetic';
import { eventKindCode } from '../../src/core/trace/kinds';

test('the synthetic trace has the size asked for and only known event kinds', () => {
  const tr = syntheticTrace(5000, 6, 7);
  assert.ok(Math.abs(tr.events.length - 5000) < 100, `${tr.events.length} events`);
  for (const e of tr.events) assert.ok(eventKindCode.has(e.k), e.k);
  assert.ok(
    tr.threads.every((t) => t.end !== undefined && t.end >= (t.start ?? 0)),
    'every thread ended',
  );
  assert.equal(JSON.stringify(syntheticTrace(5000, 6, 7)), JSON.stringify(tr), 'same seed, same trace');
});

test('locks are never held by two threads at once, and waiters are granted by a release', () => {
  const tr = syntheticTrace(20_000, 8, 3);
  const locks = new Set(tr.primitives.filter((p) => p.kind === 'Lock').map((p) => p.id));
  const owner = new Map<number, number>();
  const releases = new Map<number, Set<number>>();
  let contended = 0;
  let prev = 0;
  for (const e of tr.events) {
    assert.ok(e.t >= prev, 'time-ordered');
    prev = e.t;
    if (!locks.has(e.p ?? -1)) continue;
    if (e.k === 'acquired') {
      assert.equal(owner.get(e.p!), undefined, 'lock is free when acquired');
      owner.set(e.p!, e.th);
      if (e.l !== -1) {
        contended++;
        assert.ok(releases.get(e.p!)?.has(e.l!), 'l names an earlier release on the same lock');
      }
    } else if (e.k === 'release') {
      assert.equal(owner.get(e.p!), e.th, 'released by its owner');
      owner.delete(e.p!);
      if (!releases.has(e.p!)) releases.set(e.p!, new Set());
      releases.get(e.p!)!.add(e.q!);
    }
  }
  assert.ok(contended > 100, `there is contention to see (${contended})`);
});

test('RLock depth 2 is found between the inner acquire and its release', () => {
  const tr = syntheticTrace(3000, 4, 1);
  const segs = rlockDepths(tr);
  assert.ok(segs.length > 0);
  const rlock = tr.primitives.find((p) => p.kind === 'RLock')!.id;
  for (const s of segs) {
    assert.equal(s.prim, rlock);
    assert.equal(s.depth, 2);
    assert.ok(s.end > s.start);
  }
});
