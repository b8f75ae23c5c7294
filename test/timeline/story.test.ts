// The timeline's keyboard moves and words (core/timeline/keynav.ts, story.ts) on the seed traces.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildModel } from '../../src/core/model/build';
import { laneInterests, loopSpans, spanAtTime, stepInterest, wakeOf, wakerSpan } from '../../src/core/timeline/keynav';
import { counterStory, holdersAt, laneStory, linkSentence, spanSentence } from '../../src/core/timeline/story';
import { abbaDeadlockTrace, lockDeadlockTrace, semaphoreTrace } from '../helpers/traces';

const lane = (m: ReturnType<typeof buildModel>, name: string) => m.trace.threads.findIndex((t) => t.name === name);

test('spanAtTime: the span covering t, the later one at a boundary', () => {
  const m = buildModel(lockDeadlockTrace());
  const spans = m.spans[lane(m, 'worker1')];
  assert.equal(spanAtTime(spans, 0), 0);
  assert.equal(spanAtTime(spans, spans[1].start), 1);
  assert.equal(spanAtTime(spans, spans[1].start - 1), 0);
  assert.equal(spanAtTime([], 5), -1);
});

test("worker3's events of interest in order, and the release that woke it", () => {
  const m = buildModel(semaphoreTrace());
  const w3 = lane(m, 'worker3');
  const kinds = laneInterests(m, w3).map((x) => x.kind);
  // Its end lets MainThread return from join(): that is a wake-up it gives.
  assert.deepEqual(kinds, ['block', 'woken', 'acquire', 'release', 'wakes']);
  const list = laneInterests(m, w3);
  assert.equal(stepInterest(list, -1, -1, 1), 0);
  assert.equal(stepInterest(list, 0, 0, 1), 1);
  assert.equal(stepInterest(list, 4, 0, 1), -1);
  const blocked = spanAtTime(m.spans[w3], list[0].t);
  const link = wakeOf(m, { lane: w3, span: blocked });
  assert.ok(link);
  assert.equal(link.kind, 'release-acquire');
  const from = wakerSpan(m, link)!;
  assert.equal(m.trace.threads[from.lane].name, 'worker1');
  assert.ok(m.spans[from.lane][from.span].start < link.fromT && m.spans[from.lane][from.span].end >= link.fromT, 'the span the release ends');
  assert.equal(linkSentence(m, link), 'worker1 released Semaphore `pool` at 122 ms, which let worker3 acquire it at 122 ms.');
  assert.deepEqual(
    holdersAt(m, link.prim, link.toT)
      .map((t) => m.trace.threads.find((x) => x.id === t)!.name)
      .sort(),
    ['worker2', 'worker3'],
  );
});

test('the wait-for loop in wait order, each at the wait it never left', () => {
  const m = buildModel(abbaDeadlockTrace());
  const loop = loopSpans(m);
  assert.deepEqual(
    loop.map((r) => m.trace.threads[r.lane].name),
    ['alice', 'bob'],
  );
  for (const r of loop) assert.equal(m.spans[r.lane][r.span].state, 'blocked');
  assert.deepEqual(loopSpans(buildModel(semaphoreTrace())), []);
});

test('a span and a lane in words, start times first', () => {
  const m = buildModel(lockDeadlockTrace());
  const w1 = lane(m, 'worker1');
  assert.match(
    spanSentence(m, { lane: w1, span: 1 }),
    /^worker1, at 120 ms: blocked on Lock `lock`, never returned \(forever: deadlock\)\. Waits for Lock `lock`, which it already holds since 0 s/,
  );
  const st = laneStory(m, lane(m, 'worker2'));
  assert.deepEqual(st.sentences, ['0 s – 50 ms sleeping', 'at 50 ms asked for Lock `lock` — blocked forever: deadlock']);
  assert.equal(st.more, 0);
  const short = laneStory(m, lane(m, 'worker2'), 0, 1);
  assert.equal(short.more, 1);
  assert.equal(short.nextT, 50e6);
});

test('a stuck wait "never returned" even when the run was detected and ended later than the wait was cut', () => {
  const trace = lockDeadlockTrace();
  trace.outcome = { ...trace.outcome, durationNs: trace.outcome.durationNs + 60e6 };
  const m = buildModel(trace);
  const w1 = lane(m, 'worker1');
  assert.ok(m.spans[w1][1].end < m.durationNs, 'the wait ends before the run');
  assert.match(spanSentence(m, { lane: w1, span: 1 }), /blocked on Lock `lock`, never returned \(forever: deadlock\)/);
  assert.deepEqual(laneStory(m, lane(m, 'worker2')).sentences.at(-1), 'at 50 ms asked for Lock `lock` — blocked forever: deadlock');
});

test('a counter as values over time, long ones cut with what is left said', () => {
  assert.equal(counterStory('Semaphore `s` permits', [0, 1e6, 2e6, 3e6], [2, 1, 1, 0]), 'Semaphore `s` permits: 2 from 0 s, 1 from 1 ms, 0 from 3 ms.');
  const t = Array.from({ length: 50 }, (_, i) => i * 1e6);
  const v = t.map((_, i) => i % 2);
  assert.match(counterStory('q size', t, v, 3), /^q size: 0 from 0 s, 1 from 1 ms, 0 from 2 ms, and 47 more changes, ending at 1\.$/);
});
