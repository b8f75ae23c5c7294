import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StateSpan } from '../../src/core/model/types';
import { RunBuffer, codedSpans, dominantCode, lodRuns, spanAt } from '../../src/core/timeline/lod';
import { STATE_COUNT, stateCode } from '../../src/core/timeline/states';

/** Model spans as the view codes them. */
function laneColumns(spans: readonly StateSpan[]) {
  const code = Uint8Array.from(spans, (s) => stateCode[s.state]);
  return codedSpans(
    Float64Array.from(spans, (s) => s.start),
    Float64Array.from(spans, (s) => s.end),
    code,
    STATE_COUNT,
  );
}

const span = (state: StateSpan['state'], start: number, end: number): StateSpan => ({ thread: 1, state, start, end, on: -1, at: -1, reason: '' });

/** n spans of 10 ns alternating running/blocked, then one long sleep. */
function busyLane(n: number): StateSpan[] {
  const spans: StateSpan[] = [];
  for (let i = 0; i < n; i++) spans.push(span(i % 2 ? 'blocked' : 'running', i * 10, i * 10 + 10));
  spans.push(span('sleeping', n * 10, n * 10 + 1000));
  return spans;
}

test('wide spans are drawn as themselves, clipped to the body', () => {
  const cols = laneColumns([span('running', 0, 100), span('blocked', 100, 300), span('done', 300, 400)]);
  const out = lodRuns(cols, { t0: 50, t1: 250, width: 200 }, 1, new RunBuffer());
  assert.equal(out.n, 2);
  assert.deepEqual([out.x0[0], out.x1[0], out.code[0], out.index[0]], [0, 50, stateCode.running, 0]);
  assert.deepEqual([out.x0[1], out.x1[1], out.code[1], out.index[1]], [50, 200, stateCode.blocked, 1]);
});

test('sub-pixel spans merge into buckets that keep their count and dominant state', () => {
  const cols = laneColumns(busyLane(10_000)); // 100 µs of 10 ns spans, then 1 µs of sleep
  const v = { t0: 0, t1: 101_000, width: 101 }; // 1 px = 1000 ns = 100 spans
  const out = lodRuns(cols, v, 1, new RunBuffer());
  let counted = 0;
  for (let k = 0; k < out.n; k++) counted += out.count[k];
  assert.equal(counted, 10_001, 'every span is accounted for exactly once');
  assert.ok(out.n <= 102, `work is bounded by pixels, not spans: ${out.n} runs`);
  assert.equal(out.code[out.n - 1], stateCode.sleeping);
  assert.equal(out.index[out.n - 1], 10_000, 'the wide span keeps its index for hit-testing');
});

test('the merged colour is the state with the most time, not the most spans', () => {
  const spans = [span('running', 0, 1), span('running', 1, 2), span('running', 2, 3), span('blocked', 3, 9)];
  const cols = laneColumns(spans);
  assert.equal(dominantCode(cols, 0, 4), stateCode.blocked);
  assert.equal(dominantCode(cols, 0, 3), stateCode.running);
});

test('adjacent runs of one state coalesce into one rectangle', () => {
  const cols = codedSpans(Float64Array.from([0, 10, 20]), Float64Array.from([10, 20, 30]), Uint8Array.from([0, 0, 1]), 2);
  const out = lodRuns(cols, { t0: 0, t1: 30, width: 300 }, 1, new RunBuffer());
  assert.equal(out.n, 2);
  assert.deepEqual([out.x0[0], out.x1[0], out.count[0], out.index[0]], [0, 200, 2, -1]);
});

test('culling: nothing outside the window is visited', () => {
  const cols = laneColumns(busyLane(1000));
  const out = lodRuns(cols, { t0: 5000, t1: 5100, width: 1000 }, 1, new RunBuffer());
  let counted = 0;
  for (let k = 0; k < out.n; k++) counted += out.count[k];
  assert.ok(counted <= 11, `only the ~10 spans in view: ${counted}`);
});

test('the run buffer grows past its initial capacity', () => {
  const spans: StateSpan[] = [];
  for (let i = 0; i < 1000; i++) spans.push(span(i % 2 ? 'blocked' : 'running', i * 100, i * 100 + 100));
  const out = lodRuns(laneColumns(spans), { t0: 0, t1: 100_000, width: 10_000 }, 1, new RunBuffer());
  assert.equal(out.n, 1000);
  assert.equal(out.x1[999], 10_000);
});

test('spanAt finds the span under a time, or the nearest within the slop', () => {
  const cols = laneColumns([span('running', 0, 10), span('blocked', 20, 30)]);
  assert.equal(spanAt(cols, 5, 0), 0);
  assert.equal(spanAt(cols, 25, 0), 1);
  assert.equal(spanAt(cols, 15, 0), -1, 'a gap is nothing');
  assert.equal(spanAt(cols, 12, 3), 0);
  assert.equal(spanAt(cols, 18, 3), 1);
  assert.equal(spanAt(cols, 40, 3), -1);
  assert.equal(spanAt(laneColumns([]), 1, 10), -1);
});
