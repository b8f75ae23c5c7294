import assert from 'node:assert/strict';
import { test } from 'node:test';
import { spanColumns } from '../../src/core/model/columns';
import { holdTableOf } from '../../src/core/model/hold-table';
import type { Hold, StateSpan } from '../../src/core/model/types';
import { HOLD_CONTENDED, HOLD_UNCONTENDED, contentionSegments, holdRows, stackLevels, unionIntervals } from '../../src/core/timeline/holds';

const hold = (thread: number, prim: number, start: number, end: number): Hold => ({ thread, prim, start, end, maxDepth: 1, contended: false, at: -1 });
const blocked = (thread: number, on: number, start: number, end: number): StateSpan => ({ thread, state: 'blocked', start, end, on, at: -1, reason: '' });

test('unionIntervals merges overlapping and touching intervals', () => {
  const u = unionIntervals([5, 0, 2, 6], [8, 2, 3, 10]);
  assert.deepEqual([...u.start], [0, 5]);
  assert.deepEqual([...u.end], [3, 10]);
});

test('nested holds stack into rows; disjoint ones share a row', () => {
  const { level, levels } = stackLevels([0, 1, 2, 3], [0, 2, 6, 12], [10, 5, 8, 14]);
  assert.deepEqual([...level], [0, 1, 1, 0]);
  assert.equal(levels, 2);
});

test('a hold is "held while others wait" exactly while someone is blocked on it', () => {
  const waited = unionIntervals([4, 8], [6, 20]);
  const segs = contentionSegments({ start: 0, end: 10 }, waited);
  assert.deepEqual(segs, [
    { start: 0, end: 4, code: HOLD_UNCONTENDED },
    { start: 4, end: 6, code: HOLD_CONTENDED },
    { start: 6, end: 8, code: HOLD_UNCONTENDED },
    { start: 8, end: 10, code: HOLD_CONTENDED },
  ]);
  assert.deepEqual(contentionSegments({ start: 0, end: 10 }, undefined), [{ start: 0, end: 10, code: HOLD_UNCONTENDED }]);
});

test('holdRows: per lane, per level, coded segments with their primitive', () => {
  // worker A (id 2) holds lock 7 over [0, 10] and lock 8 nested in [2, 4]; B (id 3) waits for 7 over [3, 9].
  const holds = [hold(2, 7, 0, 10), hold(2, 8, 2, 4), hold(3, 7, 10, 12)];
  const spans = [[], [blocked(3, 7, 3, 9)]].map(spanColumns);
  const rows = holdRows(holdTableOf(holds), spans, [2, 3]);
  assert.equal(rows[0].length, 2, 'A has two levels');
  assert.equal(rows[1].length, 1);
  const a0 = rows[0][0];
  assert.deepEqual([...a0.cols.start], [0, 3, 9]);
  assert.deepEqual([...a0.cols.code], [HOLD_UNCONTENDED, HOLD_CONTENDED, HOLD_UNCONTENDED]);
  assert.deepEqual([...a0.prim], [7, 7, 7]);
  assert.deepEqual([...rows[0][1].hold], [1]);
  assert.deepEqual([...rows[1][0].cols.code], [HOLD_UNCONTENDED]);
});
