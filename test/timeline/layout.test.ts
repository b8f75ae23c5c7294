import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_METRICS as m, layoutRows, rowAt } from '../../src/core/timeline/layout';

test('one lane per thread, taller by one hold row per nesting level, counters below', () => {
  const l = layoutRows({
    lanes: [
      { name: 'Main', holdLevels: 0 },
      { name: 'w1', holdLevels: 2 },
    ],
    counters: [{ label: 'pool permits' }],
  });
  assert.deepEqual(
    l.rows.map((r) => r.kind),
    ['lane', 'lane', 'counter'],
  );
  assert.equal(l.laneRows[1].h, m.stateH + 2 * m.holdH);
  assert.ok(l.laneRows[1].y >= l.laneRows[0].y + l.laneRows[0].h);
  assert.ok(l.height > l.rows[2].y + m.counterH);
});

test('a lane that ran pool tasks has a task row between its state bar and its hold rows', () => {
  const l = layoutRows({
    lanes: [
      { name: 'worker', holdLevels: 1, tasks: true },
      { name: 'Main', holdLevels: 1 },
    ],
    counters: [],
  });
  const [w, main] = l.laneRows;
  assert.equal(w.taskY, w.stateY + m.stateH);
  assert.equal(w.holdY, w.taskY + m.taskH);
  assert.equal(w.h, m.stateH + m.taskH + m.holdH);
  assert.equal(main.taskH, 0);
  assert.equal(main.holdY, main.stateY + m.stateH);
});

test('lanes of several processes are grouped under a header per process', () => {
  const l = layoutRows({
    lanes: [
      { name: 'a', process: 2, holdLevels: 0 },
      { name: 'b', holdLevels: 0 },
      { name: 'c', process: 2, holdLevels: 0 },
    ],
    counters: [],
  });
  assert.deepEqual(
    l.rows.map((r) => (r.kind === 'lane' ? r.lane : r.kind)),
    ['group', 1, 'group', 0, 2],
  );
});

test('rowAt finds the row under a y, including the gap below it, and nothing outside', () => {
  const l = layoutRows({
    lanes: [
      { name: 'a', holdLevels: 1 },
      { name: 'b', holdLevels: 0 },
    ],
    counters: [],
  });
  const [a, b] = l.laneRows;
  assert.equal(rowAt(l, a.y + 1), a);
  assert.equal(rowAt(l, a.y + a.h + 1), a);
  assert.equal(rowAt(l, b.y + 1), b);
  assert.equal(rowAt(l, 0), undefined);
  assert.equal(rowAt(l, b.y + b.h + 1), undefined);
});
