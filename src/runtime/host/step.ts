// Step mode, the visual debugger's engine: a deterministic run that pauses at every scheduling
// point (from a chosen step or virtual time on) and lets a person choose who goes next.
// Going back is a replay: the same schedule, pausing one step earlier; "fork here" replays a
// finished trace's schedule up to a moment and pauses there. Both start a new run, which the
// replay makes identical up to the pause.
//
//   const run = runScenario(stepOptions(base), (m) => m.type === 'paused' && show(m.pause));
//   run.step({ kind: 'thread', thread: 2 });     // thread 2 runs to its next point
//   run.step({ kind: 'untilBlock' });            // the running thread goes on until it blocks
//   run.step({ kind: 'toEnd' });                 // no more pauses
//   runScenario(backStepOptions(base, pause));   // the previous pause, exactly
//   runScenario(forkOptions(base, trace, t));    // pause at time t of a finished deterministic trace
import type { RunOptions, StepPause } from '../../core/protocol/runner';
import type { Trace } from '../../core/trace/format';

/** A step-mode run of `base` (deterministic with seed 0 if base is not deterministic), pausing from the first decision. */
export function stepOptions(base: RunOptions): RunOptions {
  const det = base.deterministic ?? { seed: 0, strategy: 'random' as const };
  return { ...base, deterministic: { ...det, step: { pauseAtStep: 0 } } };
}

/** The same run, paused one decision before `pause`. */
export function backStepOptions(base: RunOptions, pause: StepPause): RunOptions {
  const det = base.deterministic ?? { seed: 0, strategy: 'random' as const };
  return { ...base, deterministic: { ...det, schedule: pause.schedule, step: { pauseAtStep: Math.max(0, pause.step - 1) } } };
}

/** A finished deterministic trace replayed up to `atNs`, then paused for a person to choose differently. */
export function forkOptions(base: RunOptions, trace: Trace, atNs: number): RunOptions {
  if (trace.meta.mode !== 'deterministic') throw new Error('only a deterministic trace can be forked: its schedule replays it');
  return {
    ...base,
    scenario: trace.meta.scenario,
    deterministic: { seed: trace.meta.seed ?? 0, strategy: 'replay', schedule: trace.meta.schedule ?? [], step: { pauseAtNs: atNs } },
  };
}
