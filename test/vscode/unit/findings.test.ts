import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findings } from '../../../src/extension/findings';
import { trace } from './traces';

test('a self-deadlock points at the wait and at the acquire that holds the lock, not at threads queued behind', () => {
  const t = trace(
    {
      kind: 'deadlock',
      cycle: [2],
      stuck: [
        { thread: 2, op: 'acquire', on: 1, heldBy: [2], holds: [1], at: 2, since: 500 },
        { thread: 3, op: 'acquire', on: 1, heldBy: [2], holds: [], at: 3, since: 520 },
      ],
    },
    {
      events: [
        { t: 100, th: 2, k: 'acquired', p: 1, at: 1 },
        { t: 600, th: 2, k: 'acquired', p: 1, at: 4 }, // after it got stuck: not the hold
      ],
    },
  );
  assert.deepEqual(findings(t), [
    {
      file: '/ws/lock.scenario.ts',
      line: 9,
      col: 8,
      severity: 'error',
      message: 'Deadlock: worker1 waits for Lock `lock`, held by worker1',
      related: [{ file: '/ws/lock.scenario.ts', line: 8, col: 3, message: 'worker1 acquired Lock `lock` here' }],
    },
  ]);
});

test('a two-thread cycle relates each wait to the other thread and its holder', () => {
  const t = trace(
    {
      kind: 'deadlock',
      cycle: [2, 3],
      stuck: [
        { thread: 2, op: 'acquire', on: 2, heldBy: [3], holds: [1], at: 2, since: 10 },
        { thread: 3, op: 'acquire', on: 1, heldBy: [2], holds: [2], at: 3, since: 10 },
      ],
    },
    { events: [{ t: 5, th: 3, k: 'acquired', p: 2, at: 4 }] },
  );
  const [a, b] = findings(t);
  assert.equal(a.message, 'Deadlock: worker1 waits for Lock `other`, held by worker2');
  assert.deepEqual(a.related, [
    { file: '/ws/lib/helper.ts', line: 4, col: 5, message: 'worker2 waits for Lock `lock`, held by worker1' },
    { file: '/abs/x.ts', line: 2, col: 1, message: 'worker2 acquired Lock `other` here' },
  ]);
  assert.equal(b.file, '/ws/lib/helper.ts');
  assert.equal(b.related.length, 1, 'worker1 acquired `lock` at no recorded site');
});

test('a stall is a warning; a join names the thread joined', () => {
  const t = trace({ kind: 'stall', stuck: [{ thread: 1, op: 'join', on: 3, heldBy: [3], holds: [], at: 0, since: 0 }] });
  assert.deepEqual(findings(t), [
    { file: '/ws/lock.scenario.ts', line: 20, col: 16, severity: 'warning', message: 'Stall: MainThread waits to join worker2', related: [] },
  ]);
});

test('a syntax error lands on its line; other outcomes give nothing', () => {
  const t = trace({ kind: 'error', error: { kind: 'syntax', message: 'Expected ";"', file: '/ws/bad.scenario.ts', line: 3, col: 7 } });
  assert.deepEqual(findings(t), [{ file: '/ws/bad.scenario.ts', line: 3, col: 7, severity: 'error', message: 'Syntax error: Expected ";"', related: [] }]);
  assert.deepEqual(findings(trace({ kind: 'completed' })), []);
  assert.deepEqual(findings(trace({ kind: 'error', error: { kind: 'internal', message: 'x' } })), []);
});
