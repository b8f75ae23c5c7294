// The step-mode messages validate what crosses the webview boundary, both ways.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StepPause } from '../../src/core/protocol/runner';
import { HostCapabilities, StepBack, StepChoose, StepFork, StepPaused, toHost, toWebview } from '../../src/core/protocol/webview';

const pause: StepPause = {
  step: 3,
  timeNs: 1500,
  decider: 2,
  candidates: [2, 3],
  schedule: [2, 3, 2],
  threads: [
    { thread: 2, name: 'a', status: 'runnable', next: 'shared.read', site: 'lost-update.ts:6:16', file: '/w/lost-update.ts', line: 6, col: 16 },
    { thread: 1, name: 'MainThread', status: 'blocked', next: 'join a' },
  ],
};

test('a step pause passes; a pause with a bad thread or step does not', () => {
  assert.ok(StepPaused.is(StepPaused.create({ pause })));
  assert.ok(!StepPaused.is(StepPaused.create({ pause: { ...pause, step: -1 } })));
  assert.ok(!StepPaused.is(StepPaused.create({ pause: { ...pause, threads: [{ ...pause.threads[0], status: 'asleep' as 'blocked' }] } })));
  assert.ok(!StepPaused.is(StepPaused.create({ pause: { ...pause, candidates: ['2'] as unknown as number[] } })));
  assert.ok(!StepPaused.is(StepPaused.create({ pause: { ...pause, threads: [{ ...pause.threads[0], line: 6.5 }] } })));
});

test('step commands from the view are checked before the runner sees them', () => {
  assert.ok(StepChoose.is(StepChoose.create({ command: { kind: 'thread', thread: 2 } })));
  assert.ok(StepChoose.is(StepChoose.create({ command: { kind: 'untilBlock' } })));
  assert.ok(StepChoose.is(StepChoose.create({ command: { kind: 'toEnd' } })));
  assert.ok(!StepChoose.is({ v: 1, method: 'step/choose', params: { command: { kind: 'thread', thread: 0 } } }));
  assert.ok(!StepChoose.is({ v: 1, method: 'step/choose', params: { command: { kind: 'rewind' } } }));
  assert.ok(StepBack.is(StepBack.create({})));
  assert.ok(StepFork.is(StepFork.create({ atNs: 1200 })));
  assert.ok(!StepFork.is({ v: 1, method: 'step/fork', params: { atNs: -1 } }));
  assert.ok(!StepFork.is({ v: 1, method: 'step/fork', params: { atNs: Number.NaN } }));
  assert.ok(HostCapabilities.is(HostCapabilities.create({ fork: false })));
  assert.ok(!HostCapabilities.is({ v: 1, method: 'host/capabilities', params: { fork: 'yes' } }));
});

test('the new messages are listed for dispatch in their direction', () => {
  assert.ok(toWebview.some((d) => d === StepPaused) && toWebview.some((d) => d === HostCapabilities));
  assert.ok([StepChoose, StepBack, StepFork].every((d) => toHost.some((x) => x === d)));
});
