// Thread states as the timeline draws them: a dense code per state (for Uint8Array columns), the
// legend's words, and the order in which the legend lists them.
// The codes are the model's own column codes (model/columns.ts), so its columns are drawn as is.
import { STATE_CODE, STATE_OF_CODE } from '../model/columns';
import type { ThreadState } from '../model/types';

export const STATES: readonly ThreadState[] = STATE_OF_CODE;
export const STATE_COUNT = STATES.length;
export const stateCode = STATE_CODE;

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
