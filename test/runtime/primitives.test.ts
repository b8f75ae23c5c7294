// Condition, Semaphore, Event, Barrier and Queue contracts, run on real workers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventsOf, expectClean, runFixture } from './run-fixture';

const clean = (file: string, names: string[]) => {
  for (const name of names) test(name, () => expectClean(file, name).then(() => undefined));
};

clean('conditions.ts', [
  'Condition_notifyPhases',
  'Condition_misuse',
  'Condition_waitFor',
  'Condition_rlockReleasedFully',
  'Semaphore_limits',
  'Semaphore_api',
  'Event_setAndClear',
  'Event_timeout',
]);
clean('barrier-queue.ts', ['Barrier_indices', 'Barrier_abort', 'Barrier_timeout', 'Queue_orders', 'Queue_bounded', 'Queue_join', 'Queue_items']);

test('notify wakes waiters in FIFO order and each wake links to its notify', async () => {
  const trace = await runFixture('conditions.ts', 'Condition_notifyPhases');
  const notifies = eventsOf(trace, 'condNotify');
  assert.deepEqual(
    notifies.map((e) => e.a),
    [3, 1, 1],
  );
  const waits = eventsOf(trace, 'condWait');
  const wakes = eventsOf(trace, 'condWake');
  assert.equal(wakes.length, 5);
  const firstThree = waits
    .slice(0, 3)
    .map((e) => e.th)
    .sort();
  const wokenByFirst = wakes
    .filter((e) => e.l === notifies[0].q)
    .map((e) => e.th)
    .sort();
  assert.deepEqual(wokenByFirst, firstThree);
});

test('semaphore waiters link to the release that admitted them', async () => {
  const trace = await runFixture('conditions.ts', 'Semaphore_limits');
  const sem = trace.primitives.find((p) => p.kind === 'Semaphore')!;
  assert.equal(sem.name, 'sem');
  const acquired = eventsOf(trace, 'acquired').filter((e) => e.p === sem.id);
  assert.equal(acquired.length, 5);
  const waited = acquired.filter((e) => e.l !== undefined && e.l >= 0);
  assert.equal(waited.length, 3);
  const releaseSeqs = new Set(
    eventsOf(trace, 'release')
      .filter((e) => e.p === sem.id)
      .map((e) => e.q),
  );
  for (const a of waited) assert.ok(releaseSeqs.has(a.l), `acquired.l ${a.l} is a release seq`);
});

test('every get names the item id of its put', async () => {
  const trace = await runFixture('barrier-queue.ts', 'Queue_join');
  const puts = eventsOf(trace, 'queuePutDone').map((e) => e.q);
  const gets = eventsOf(trace, 'queueGetDone').map((e) => e.q);
  assert.deepEqual(
    [...gets].sort((a, b) => a! - b!),
    [...puts].sort((a, b) => a! - b!),
  );
});

test('barrier passers link to their trip; indices recorded', async () => {
  const trace = await runFixture('barrier-queue.ts', 'Barrier_indices');
  const passes = eventsOf(trace, 'barrierPass');
  assert.equal(passes.length, 8);
  const byTrip = new Map<number, number[]>();
  for (const p of passes) byTrip.set(p.l!, [...(byTrip.get(p.l!) ?? []), p.a ?? 0]);
  assert.equal(byTrip.size, 2);
  for (const idx of byTrip.values()) assert.deepEqual(idx.sort(), [0, 1, 2, 3]);
  // The action ran once per trip, on the lane of the thread that arrived last (index 3).
  const trips = eventsOf(trace, 'log').filter((e) => trace.strings[e.a!] === 'trip');
  assert.equal(trips.length, 2);
  const lastArrivers = passes
    .filter((p) => p.a === 3)
    .map((p) => p.th)
    .sort();
  assert.deepEqual(trips.map((e) => e.th).sort(), lastArrivers);
});
