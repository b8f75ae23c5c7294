import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ExploreResult } from '../../../src/core/protocol/runner';
import { exploreSummary, outcomeItems, progressMessage } from '../../../src/extension/explore-items';

const result: ExploreResult = {
  done: 200,
  total: 200,
  elapsedMs: 900,
  cancelled: false,
  scenario: 'default',
  strategy: 'pct',
  seed: 1,
  depth: 3,
  steps: 12,
  rows: [
    { kind: 'completed', label: 'x = 2', count: 148, firstRun: 0, seed: 1, schedule: [] },
    { kind: 'completed', label: 'x = 1', count: 52, firstRun: 3, seed: 4, schedule: Array.from({ length: 40 }, (_, i) => 2 + (i % 2)) },
  ],
};

test('the quick pick shows each outcome with its share, count, seed and schedule', () => {
  const items = outcomeItems(result);
  assert.deepEqual(
    items.map((i) => [i.label, i.description]),
    [
      ['$(pass) x = 2', '74 % · 148 of 200'],
      ['$(pass) x = 1', '26 % · 52 of 200'],
    ],
  );
  assert.match(items[0].detail, /^first seed 1, schedule \(no choice\)/);
  assert.match(items[1].detail, /^first seed 4, schedule 2,3,2,3.*… \(40 choices\)/);
  assert.equal(items[1].row, result.rows[1], 'picking a row replays that row');
});

test('summary and progress say how many schedules ran and what came out', () => {
  assert.equal(exploreSummary(result), 'Explored 200 schedules: x = 2 74 %, x = 1 26 %');
  assert.equal(exploreSummary({ ...result, cancelled: true, done: 1, rows: [] }), 'Stopped after 1 schedule: no outcome');
  assert.equal(progressMessage({ ...result, done: 100, rows: [{ ...result.rows[0], count: 75 }] }), '100/200 schedules · x = 2: 75 %');
});
