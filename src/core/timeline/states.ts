// Thread states as the timeline draws them: a dense code per state (for Uint8Array columns), the
// legend's words, and the order in which the legend lists them.
import type { ThreadState } from '../model/types';

export const STATES: readonly ThreadState[] = ['running', 'blocked', 'waiting', 'joining', 'sleeping', 'done', 'exception', 'cutoff'];
export const STATE_COUNT = STATES.length;

export const stateCode: Readonly<Record<ThreadState, number>> = Object.fromEntries(STATES.map((s, i) => [s, i])) as Record<
  ThreadState,
  number
>;

/** What each colour means, in words a learner reads once. */
export const STATE_MEANING: Readonly<Record<ThreadState, string>> = {
  running: 'running',
  blocked: 'blocked: asked for a lock/semaphore, not granted yet',
  waiting: 'waiting: condition, event, barrier or queue',
  joining: 'joining: waits for another thread to end',
  sleeping: 'sleeping',
  done: 'done',
  exception: 'ended by an exception',
  cutoff: 'cut off at exit (daemon)',
};

