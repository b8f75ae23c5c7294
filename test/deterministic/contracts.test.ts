// The primitive contract suites of the runtime (test/fixtures/runtime, self-checking scenarios)
// hold in deterministic mode too, under different schedules. Cases that measure wall time with
// performance.now() are replaced by virtual-time checks on the trace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Trace } from '../../src/core/trace/format';
import { detFixtures, runDet } from './det-run';

const runtimeFixtures = join(__dirname, '..', 'fixtures', 'runtime');
const suites: Record<string, string[]> = {
  'locks.ts': [
    'Lock_basics',
    'RLock_basics',
    'Lock_releaseUnlocked',
    'RLock_releaseUnlocked',
    'Lock_invalidArgs',
    'RLock_invalidArgs',
    'Lock_tryAcquireContended',
    'RLock_tryAcquireContended',
    'Lock_contendedAcquire',
    'RLock_contendedAcquire',
    'Lock_releasedByOtherThread',
    'RLock_reentrancy',
  ],
  'conditions.ts': [
    'Condition_notifyPhases',
    'Condition_misuse',
    'Condition_waitFor',
    'Condition_rlockReleasedFully',
    'Semaphore_limits',
    'Event_setAndClear',
    'Event_timeout',
  ],
  'barrier-queue.ts': ['Barrier_indices', 'Barrier_abort', 'Barrier_timeout', 'Queue_orders', 'Queue_join', 'Queue_items'],
  'threads.ts': ['Thread_args', 'Thread_lifecycle', 'Thread_notExported'],
};

function clean(trace: Trace, name: string): void {
  const problems = trace.threads.filter((t) => t.error).map((t) => `${t.name}: ${t.error!.message}`);
  assert.ok(
    trace.outcome.kind === 'completed' && problems.length === 0,
    `${name}: ${trace.outcome.summary}\n${problems.join('\n')}\n${trace.outcome.explanation}`,
  );
}

for (const [file, names] of Object.entries(suites)) {
  for (const name of names) {
    test(`${name} (random seed 1, pct seed 2)`, async () => {
      clean(await runDet(join(runtimeFixtures, file), { seed: 1, strategy: 'random' }, { scenario: name }), name);
      clean(await runDet(join(runtimeFixtures, file), { seed: 2, strategy: 'pct' }, { scenario: name }), name);
    });
  }
}

test('every timeout waits exactly its time on the virtual clock', async () => {
  const trace = await runDet(join(detFixtures, 'virtual-time.ts'), { seed: 5, strategy: 'random' }, { scenario: 'timeouts' });
  clean(trace, 'timeouts');
  const main = trace.events.filter((e) => e.th === 1);
  const waited = (begin: string, end: string) => {
    const b = main.find((e) => e.k === begin)!;
    return (main.find((x) => x.k === end && x.t > b.t)!.t - b.t) / 1e9;
  };
  const near = (actual: number, expected: number) => assert.ok(actual >= expected && actual < expected + 1e-5, `${actual} s for ${expected} s`);
  const lock = trace.primitives.find((p) => p.kind === 'Lock')!;
  const req = main.find((e) => e.k === 'acquireRequest' && e.p === lock.id)!;
  const failed = main.find((e) => e.k === 'acquireFailed' && e.p === lock.id)!;
  near((failed.t - req.t) / 1e9, 0.5);
  near(waited('condWait', 'condWake'), 0.25);
  near(waited('eventWait', 'eventWake'), 0.125);
  const sem = trace.primitives.find((p) => p.kind === 'Semaphore')!;
  const semReq = main.find((e) => e.k === 'acquireRequest' && e.p === sem.id)!;
  near((main.find((e) => e.k === 'acquireFailed' && e.p === sem.id)!.t - semReq.t) / 1e9, 0.0625);
  near(waited('queueGet', 'queueEmpty'), 0.03125);
  near((main.find((e) => e.k === 'queueFull')!.t - main.filter((e) => e.k === 'queuePut')[1].t) / 1e9, 0.015625);
  near(waited('barrierWait', 'barrierBroken'), 0.0078125);
  const joins = main.filter((e) => e.k === 'joinEnd');
  assert.equal(joins[0].a, 0, 'join(1) timed out');
  near((joins[0].t - main.filter((e) => e.k === 'joinBegin')[0].t) / 1e9, 1);
});

test('notify wakes condition waiters in FIFO order under every schedule', async () => {
  for (const seed of [1, 2, 3]) {
    const trace = await runDet(join(runtimeFixtures, 'conditions.ts'), { seed, strategy: 'random' }, { scenario: 'Condition_notifyPhases' });
    clean(trace, 'Condition_notifyPhases');
    const waiters = trace.events.filter((e) => e.k === 'condWait').map((e) => e.th);
    const notifies = trace.events.filter((e) => e.k === 'condNotify');
    const wokenBy = (n: number) =>
      trace.events
        .filter((e) => e.k === 'condWake' && e.l === notifies[n].q)
        .map((e) => e.th)
        .sort();
    assert.deepEqual(wokenBy(0), waiters.slice(0, 3).sort(), `seed ${seed}: notify(3) woke the first three waiters`);
    assert.deepEqual(wokenBy(1), [waiters[3]], `seed ${seed}: notify(1) woke the fourth`);
    assert.deepEqual(wokenBy(2), [waiters[4]], `seed ${seed}: notifyAll woke the last`);
  }
});
