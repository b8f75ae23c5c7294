import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sortByKey } from '../../src/core/timeline/search';

test('sortByKey merges sorted runs into key order, stable on ties', () => {
  const key = [5, 1, 9, 2, 2, 7, 0, 5];
  // Runs by key: [0 (5)], [1 (1), 2 (9)], [3 (2), 4 (2), 5 (7)], [6 (0), 7 (5)].
  assert.deepEqual([...sortByKey([0, 1, 2, 3, 4, 5, 6, 7], key)], [6, 1, 3, 4, 0, 7, 5, 2]);
  assert.deepEqual([...sortByKey([], key)], []);
  assert.deepEqual([...sortByKey([2], key)], [2]);
});

test('sortByKey agrees with a stable comparator sort on random lists of runs', () => {
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let round = 0; round < 20; round++) {
    const key = Array.from({ length: 200 }, () => Math.floor(rand() * 50));
    const idx = Array.from({ length: 200 }, (_, i) => i);
    const expected = [...idx].sort((a, b) => key[a] - key[b] || a - b);
    assert.deepEqual([...sortByKey(idx, key)], expected);
  }
});
