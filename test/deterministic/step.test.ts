// Step mode: the run pauses at each scheduling point, says what every thread does next, runs the
// thread a person picks; back-step and fork replay a prefix and pause at the same place.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { RunOptions, RunnerToHost, StepCommand, StepPause } from '../../src/core/protocol/runner';
import { runScenario, type RunHandle } from '../../src/runtime/host/run';
import { backStepOptions, forkOptions, stepOptions } from '../../src/runtime/host/step';
import { detFixtures } from './det-run';

const base: RunOptions = {
  file: join(detFixtures, 'lost-update.ts'),
  timeLimitS: 30,
  captureSites: true,
  sleepScale: 1,
  deterministic: { seed: 1, strategy: 'random' },
};

/** Runs `options`, answering each pause with `choose(pause)` (until it returns undefined: then stop). */
async function stepRun(options: RunOptions, choose: (p: StepPause, n: number) => StepCommand | undefined) {
  const pauses: StepPause[] = [];
  let handle: RunHandle | undefined;
  const onMessage = (m: RunnerToHost) => {
    if (m.type !== 'paused') return;
    pauses.push(m.pause);
    const c = choose(m.pause, pauses.length);
    if (c) handle!.step(c);
    else handle!.stop();
  };
  handle = runScenario(options, onMessage);
  return { trace: await handle.done, pauses };
}

test('a person picks who goes next: the lost update on purpose', async () => {
  // Let `a` read, then give `b` its read before `a` writes: both write 1.
  let plan = ['a', 'b', 'a', 'b'];
  const shared = (t: { next: string }) => t.next === 'shared.read' || t.next === 'shared.write';
  const { trace, pauses } = await stepRun(stepOptions(base), (p) => {
    if (plan.length === 0) return { kind: 'toEnd' };
    const runnable = p.threads.filter((t) => t.status === 'runnable');
    const next = runnable.find((t) => t.name === plan[0] && shared(t));
    if (next) {
      plan = plan.slice(1);
      return { kind: 'thread', thread: next.thread };
    }
    // Anyone not about to touch x goes meanwhile (MainThread starting threads, a thread starting).
    const other = runnable.find((t) => !shared(t));
    return other ? { kind: 'thread', thread: other.thread } : { kind: 'toEnd' };
  });
  assert.equal(trace.outcome.kind, 'completed');
  assert.deepEqual(trace.outcome.shared, { d: { x: 1 } });
  const read = pauses.flatMap((p) => p.threads).find((t) => t.next === 'shared.read')!;
  assert.match(read.site!, /^lost-update\.ts:6:\d+$/);
  assert.equal(read.line, 6);
  assert.ok(pauses.every((p, i) => i === 0 || p.step > pauses[i - 1].step));
});

test('run to next block and run to end stop pausing as asked', async () => {
  const { trace, pauses } = await stepRun(stepOptions(base), (_p, n) => (n === 1 ? { kind: 'untilBlock' } : { kind: 'toEnd' }));
  assert.equal(trace.outcome.kind, 'completed');
  assert.equal(pauses.length, 2);
  // MainThread ran until it blocked (in start(), waiting for its first thread to run).
  assert.equal(pauses[1].threads.find((t) => t.thread === 1)!.next, 'Thread.start');
});

test('back-step replays to the pause before; fork pauses a finished trace at a moment', async () => {
  const picks = (p: StepPause) => ({ kind: 'thread' as const, thread: p.candidates[p.candidates.length - 1] });
  const first = await stepRun(stepOptions(base), (p, n) => (n <= 6 ? picks(p) : undefined));
  const sixth = first.pauses[5];
  const back = await stepRun(backStepOptions(base, sixth), () => undefined);
  assert.equal(back.pauses.length, 1);
  const fifth = first.pauses[4];
  assert.deepEqual({ ...back.pauses[0], schedule: back.pauses[0].schedule }, fifth);

  const finished = await stepRun(stepOptions(base), () => ({ kind: 'toEnd' }));
  const at = finished.trace.events.find((e) => e.k === 'sharedWrite')!.t;
  const fork = await stepRun(forkOptions(base, finished.trace, at), () => undefined);
  assert.equal(fork.pauses.length, 1);
  assert.equal(fork.pauses[0].timeNs, at, 'paused at the decision right before the write');
  assert.equal(fork.trace.events.filter((e) => e.k === 'sharedWrite').length, 0);
  const writer = finished.trace.events.find((e) => e.k === 'sharedWrite')!.th;
  assert.equal(fork.pauses[0].threads.find((t) => t.thread === writer)!.next, 'shared.write');
});
