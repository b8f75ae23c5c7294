// Lock and RLock against CPython's lock contract, on real workers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectClean, eventsOf, runFixture } from './run-fixture';

const both = ['basics', 'releaseUnlocked', 'invalidArgs', 'tryAcquireContended', 'acquireTimeout', 'contendedAcquire'];
for (const kind of ['Lock', 'RLock']) {
  for (const c of both) test(`${kind}: ${c}`, () => expectClean('locks.ts', `${kind}_${c}`).then(() => undefined));
}

test('Lock: may be released by another thread', () => expectClean('locks.ts', 'Lock_releasedByOtherThread').then(() => undefined));
test('RLock: reentrant, owner-only release', () => expectClean('locks.ts', 'RLock_reentrancy').then(() => undefined));

test('RLock: depth recorded on every acquire and release', async () => {
  const trace = await runFixture('locks.ts', 'RLock_reentrancy');
  const depths = eventsOf(trace, 'acquired', 1).map((e) => e.a);
  assert.deepEqual(depths.slice(0, 5), [1, 2, 3, 4, 5]);
  const releases = eventsOf(trace, 'release', 1).map((e) => e.a);
  assert.deepEqual(releases.slice(0, 5), [4, 3, 2, 1, 0]);
});

test('contended acquire links to the release that let it through', async () => {
  const trace = await runFixture('locks.ts', 'Lock_contendedAcquire');
  const rel = eventsOf(trace, 'release', 1).at(-1)!;
  const acq = trace.events.find((e) => e.k === 'acquired' && e.th !== 1)!;
  assert.equal(acq.l, rel.q);
  assert.equal(acq.q, rel.q! + 1);
  assert.ok(acq.t >= rel.t - 10_000, 'acquired after the release (within clock skew)');
});
