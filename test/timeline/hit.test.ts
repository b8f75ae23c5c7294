import assert from 'node:assert/strict';
import { test } from 'node:test';
import { holdTableOf } from '../../src/core/model/hold-table';
import { hitTest } from '../../src/core/timeline/hit';
import { holdRows } from '../../src/core/timeline/holds';
import { layoutRows } from '../../src/core/timeline/layout';
import { codedSpans } from '../../src/core/timeline/lod';

// One lane: running [0,100), blocked [100,300); holds lock 5 over [0,100); a log marker at 50;
// it ran pool tasks over [10,90) and [120,200).
const spans = codedSpans(Float64Array.from([0, 100]), Float64Array.from([100, 300]), Uint8Array.from([0, 1]), 8);
const holds = holdRows(holdTableOf([{ thread: 1, prim: 5, start: 0, end: 100, maxDepth: 1, contended: false, at: -1 }]), [], [1])[0];
const lanes = [{ spans, holds, markT: Float64Array.from([50]), taskStart: Float64Array.from([10, 120]), taskEnd: Float64Array.from([90, 200]) }];
const layout = layoutRows({ lanes: [{ name: 'w', holdLevels: holds.length, tasks: true }], counters: [{ label: 'q' }] });
const v = { t0: 0, t1: 300, width: 300 }; // 1 ns per px
const row = layout.laneRows[0];

test('a point on the state bar hits the span under it', () => {
  assert.deepEqual(hitTest(layout, lanes, v, 200, row.stateY + row.stateH - 3), { kind: 'span', lane: 0, span: 1 });
  assert.deepEqual(hitTest(layout, lanes, v, 20, row.stateY + row.stateH - 3), { kind: 'span', lane: 0, span: 0 });
});

test('a marker wins near it in the upper half of the bar', () => {
  assert.deepEqual(hitTest(layout, lanes, v, 53, row.stateY + 3), { kind: 'mark', lane: 0, mark: 0 });
  assert.deepEqual(hitTest(layout, lanes, v, 53, row.stateY + row.stateH - 2), { kind: 'span', lane: 0, span: 0 });
});

test('the hold row under the bar hits the hold, and nothing where none is held', () => {
  assert.deepEqual(hitTest(layout, lanes, v, 50, row.holdY + 2), { kind: 'hold', lane: 0, level: 0, seg: 0 });
  assert.equal(hitTest(layout, lanes, v, 200, row.holdY + 2), undefined);
});

test('the task row under the bar hits the task there, and nothing between tasks', () => {
  assert.deepEqual(hitTest(layout, lanes, v, 150, row.taskY + 2), { kind: 'task', lane: 0, task: 1 });
  assert.deepEqual(hitTest(layout, lanes, v, 11, row.taskY + row.taskH - 1), { kind: 'task', lane: 0, task: 0 });
  assert.equal(hitTest(layout, lanes, v, 105, row.taskY + 2), undefined);
  assert.equal(hitTest(layout, lanes, v, 250, row.taskY + 2), undefined);
});

test('counter rows report the time; outside the body is nothing', () => {
  const c = layout.rows.find((r) => r.kind === 'counter')!;
  assert.deepEqual(hitTest(layout, lanes, v, 150, c.y + 5), { kind: 'counter', counter: 0, t: 150 });
  assert.equal(hitTest(layout, lanes, v, -1, row.stateY + 5), undefined);
  assert.equal(hitTest(layout, lanes, v, 310, row.stateY + 5), undefined);
});
