import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HINT_MAX_COLUMN, blockedHints, hintPlacement } from '../../../src/extension/blocked-hints';
import type { Model, StateSpan } from '../../../src/core/model/types';
import { trace } from './traces';

const span = (thread: number, state: StateSpan['state'], start: number, end: number, at: number): StateSpan => ({
  thread,
  state,
  start,
  end,
  at,
  on: 1,
  reason: '',
});

test('sums blocked, waiting and joining time per line in the panel’s state names and counts each wait once', () => {
  const model = {
    trace: trace({ kind: 'completed' }),
    spans: [
      [span(1, 'running', 0, 10, 0), span(1, 'joining', 10, 2_000_000_010, 0)],
      [
        span(2, 'blocked', 0, 1_500_000_000, 2),
        span(2, 'running', 1_500_000_000, 1_600_000_000, -1),
        span(2, 'blocked', 1_600_000_000, 4_980_000_000, 2),
        span(2, 'sleeping', 4_980_000_000, 5_000_000_000, 1), // sleeping is not blocking
      ],
      // A Condition wait drawn as waiting then blocked on re-acquire at the same call: one wait.
      [span(3, 'waiting', 0, 1000, 3), span(3, 'blocked', 1000, 1500, 3)],
    ],
  } as unknown as Model;
  assert.deepEqual(
    blockedHints(model).map((h) => [h.file, h.line, h.waits, h.text]),
    [
      ['/ws/lib/helper.ts', 4, 1, '1.5 µs waiting, 1 wait'],
      ['/ws/lock.scenario.ts', 9, 2, '4.88 s blocked, 2 waits'],
      ['/ws/lock.scenario.ts', 20, 1, '2 s joining, 1 wait'],
    ],
  );
});

test('a wait still under way when a run deadlocked says it never returned, not how long it was blocked', () => {
  const model = {
    trace: trace({ kind: 'deadlock' }),
    spans: [
      [span(1, 'running', 0, 10, 0), span(1, 'joining', 10, 60_400_000, 0)],
      // worker1 returned from one wait at line 9, then blocked there again for good.
      [
        span(2, 'blocked', 0, 1000, 2),
        span(2, 'running', 1000, 2000, -1),
        span(2, 'blocked', 2000, 60_400_000, 2),
        span(2, 'cutoff', 60_400_000, 60_400_000, -1),
      ],
    ],
  } as unknown as Model;
  assert.deepEqual(
    blockedHints(model).map((h) => [h.line, h.neverReturned, h.text]),
    [
      [9, 1, 'blocked, never returned (deadlock), 2 waits'],
      [20, 1, 'joining, never returned (deadlock)'],
    ],
  );
});

test('a hint that would end past the usual editor width reads above its line, tabs counted as the editor shows them', () => {
  const hint = '4.98 s blocked, 2 waits';
  assert.equal(hintPlacement('  lock.with(() => {', hint), 'after');
  const fits = 'x'.repeat(HINT_MAX_COLUMN - 2 - hint.length);
  assert.equal(hintPlacement(fits, hint), 'after');
  assert.equal(hintPlacement(`${fits}y`, hint), 'above');
  assert.equal(hintPlacement(`${fits}   `, hint), 'after', 'trailing blanks do not count');
  assert.equal(hintPlacement(`\t${fits.slice(1)}`, hint, 4), 'above', 'a tab is up to tabSize columns');
  assert.equal(hintPlacement(`\t${fits.slice(1)}`, hint, 1), 'after');
});
