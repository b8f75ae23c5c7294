import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StepPause } from '../../../src/core/protocol/runner';
import { stepLines } from '../../../src/extension/step-lines';

const pause: StepPause = {
  step: 4,
  timeNs: 0,
  decider: 2,
  candidates: [2, 3],
  schedule: [1, 2, 3, 2],
  threads: [
    { thread: 1, name: 'MainThread', status: 'blocked', next: 'join a', site: 's.ts:14:29', file: '/w/s.ts', line: 14, col: 29 },
    { thread: 2, name: 'a', status: 'runnable', next: 'shared.write', site: 's.ts:7:3', file: '/w/s.ts', line: 7, col: 3 },
    { thread: 3, name: 'b', status: 'runnable', next: 'shared.write', site: 's.ts:7:3', file: '/w/s.ts', line: 7, col: 3 },
    { thread: 4, name: 'c', status: 'starting', next: 'start' },
  ],
};

test('each line where a thread waits to act gets one highlight naming every thread there', () => {
  const lines = stepLines(pause);
  assert.deepEqual(
    lines.map((l) => [l.file, l.line, l.runnable, l.text]),
    [
      ['/w/s.ts', 14, false, '◀ MainThread: join a · blocked'],
      ['/w/s.ts', 7, true, '◀ a: shared.write · may go next; b: shared.write · may go next'],
    ],
  );
});

test('threads without a source line (not started yet) are not highlighted', () => {
  assert.deepEqual(stepLines({ ...pause, threads: [pause.threads[3]] }), []);
});
