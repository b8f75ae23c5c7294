// Data races from real runs: happens-before from every kind of synchronisation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { analyzeRun } from '../../src/core/analysis/findings';
import { eventsToBatch } from '../../src/core/trace/batch';
import { splitTrace, type EventSource } from '../../src/core/trace/source';
import { examples, findingsOf, fixture, named, run } from './run';

test('the lost update: exactly one race, on its field, with both accesses', async () => {
  const trace = await run(join(examples, 'lost-update.ts'));
  const { races } = findingsOf(trace);
  assert.equal(races.length, 1, JSON.stringify(races));
  const [r] = races;
  const rec = trace.primitives.find((p) => p.id === r.record)!;
  assert.equal((rec.init!.fields as string[])[r.field], 'count');
  assert.notEqual(r.first.thread, r.second.thread);
  assert.ok(r.first.write || r.second.write);
  assert.deepEqual([r.first.held, r.second.held], [[], []]);
  assert.ok(r.pairs >= 1);
  assert.ok(trace.events[r.first.event].k.startsWith('shared') && trace.events[r.second.event].k.startsWith('shared'));
  // Both come after MainThread started the later of the two threads: the last sync they share.
  assert.equal(r.lastSync?.k, 'threadSpawn');
  assert.equal(named(trace).thread(r.lastSync!.thread), 'MainThread');
});

test('the locked counter: no race', async () => {
  const trace = await run(join(examples, 'lost-update-lock.ts'));
  assert.deepEqual(findingsOf(trace).races, []);
  const t2 = await run(fixture('hb.ts'), 'lockedCounter');
  assert.deepEqual(findingsOf(t2).races, []);
});

for (const scenario of ['eventPublish', 'queuePass', 'startJoin', 'conditionPass', 'semaphorePass', 'barrierPhases']) {
  test(`${scenario}: ordered by its synchronisation, no race`, async () => {
    const trace = await run(fixture('hb.ts'), scenario);
    assert.equal(trace.outcome.kind, 'completed', trace.outcome.summary);
    assert.deepEqual(findingsOf(trace).races, []);
  });
}

test('the same write and read with nothing between them: one race, the write first', async () => {
  // Deterministic, so that the write comes first: the writer starts first and runs to its end.
  const trace = await run(fixture('hb.ts'), 'unpublished', { seed: 1, strategy: 'random' });
  const { races } = findingsOf(trace);
  assert.equal(races.length, 1);
  const n = named(trace);
  assert.deepEqual(new Set([n.thread(races[0].first.thread), n.thread(races[0].second.thread)]), new Set(['writer', 'reader']));
});

test('chunks in any cross-thread order, and clocks skewed between threads, give the same findings (sequence numbers order them)', async () => {
  for (const [file, scenario] of [
    [fixture('hb.ts'), 'queuePass'],
    [fixture('hb.ts'), 'conditionPass'],
    [join(examples, 'lost-update-lock.ts'), undefined],
    [join(examples, 'lost-update.ts'), undefined],
  ] as const) {
    const trace = await run(file, scenario);
    const { header } = splitTrace(trace);
    // One chunk per thread, last thread first: no cross-thread order at all.
    const byThread = [...new Set(trace.events.map((e) => e.th))].sort((a, b) => b - a);
    const indexed = trace.events.map((e, i) => ({ e, i }));
    const source: EventSource = {
      count: trace.events.length,
      forEachChunk(fn) {
        for (const th of byThread) {
          const mine = indexed.filter((x) => x.e.th === th);
          // Offsets must be the events' own indices: give each event its own chunk. Later threads'
          // clocks run 5 ms behind, far more than real skew: only sequence numbers order them now.
          for (const x of mine) fn(eventsToBatch([{ ...x.e, t: x.e.t - th * 5e6 }]), x.i);
        }
      },
    };
    const shuffled = analyzeRun(header, source);
    const inOrder = findingsOf(trace);
    // Which unordered pairs get counted depends on the order unordered accesses are visited in: not compared.
    assert.deepEqual(
      shuffled.races.map((r) => [r.record, r.field]),
      inOrder.races.map((r) => [r.record, r.field]),
      `${file} ${scenario}`,
    );
    assert.deepEqual(shuffled.cycles, inOrder.cycles);
  }
});
