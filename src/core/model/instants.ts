// Point events worth a marker on a lane: logs, exceptions, notifies, sets, queue traffic, errors.
import { EventKind } from '../trace/kinds';
import type { ReasonContext } from './reasons';
import type { Instant } from './types';

/** Kinds drawn as instants. */
const INSTANT = new Uint8Array(256);
for (const k of [
  EventKind.log,
  EventKind.threadException,
  EventKind.threadSpawn,
  EventKind.timerCancel,
  EventKind.condNotify,
  EventKind.eventSet,
  EventKind.eventClear,
  EventKind.queuePutDone,
  EventKind.queueGetDone,
  EventKind.queueFull,
  EventKind.queueEmpty,
  EventKind.barrierBroken,
  EventKind.barrierReset,
  EventKind.semaphoreOverRelease,
])
  INSTANT[k] = 1;

/** The instant for event `i`, or undefined if its kind is not drawn as one. */
export function instantOf(cx: ReasonContext, i: number): Instant | undefined {
  const code = cx.ix.code[i];
  if (!INSTANT[code]) return undefined;
  const e = cx.ix.event(i);
  const what = cx.d.prim(e.p ?? -1);
  let kind: Instant['kind'];
  let text: string;
  let prim = e.p ?? -1;
  switch (code) {
    case EventKind.log:
      [kind, text, prim] = ['log', cx.d.string(e.a), -1];
      break;
    case EventKind.threadException:
      // The first line is the message; the stack stays in the thread's `error`.
      [kind, text, prim] = ['exception', cx.d.string(e.a).split('\n', 1)[0], -1];
      break;
    case EventKind.threadSpawn:
      [kind, text, prim] = ['spawn', `starts ${cx.d.thread(e.p ?? -1)}`, -1];
      break;
    case EventKind.timerCancel:
      [kind, text, prim] = ['timer-cancel', `cancels Timer ${cx.d.thread(e.p ?? -1)}`, -1];
      break;
    case EventKind.condNotify:
      [kind, text] = ['notify', `notify() on ${what} woke ${e.a ?? 0} waiter${e.a === 1 ? '' : 's'}`];
      break;
    case EventKind.eventSet:
      [kind, text] = ['set', `sets ${what}`];
      break;
    case EventKind.eventClear:
      [kind, text] = ['clear', `clears ${what}`];
      break;
    case EventKind.queuePutDone:
      [kind, text] = ['put', `puts item #${e.q ?? '?'} into ${what} (size ${e.a ?? '?'})`];
      break;
    case EventKind.queueGetDone:
      [kind, text] = ['get', `gets item #${e.q ?? '?'} from ${what} (size ${e.a ?? '?'})`];
      break;
    case EventKind.queueFull:
      [kind, text] = ['error', `put() on ${what} raised Full`];
      break;
    case EventKind.queueEmpty:
      [kind, text] = ['error', `get() on ${what} raised Empty`];
      break;
    case EventKind.barrierBroken:
      [kind, text] = ['error', `${what} raised BrokenBarrierError`];
      break;
    case EventKind.barrierReset:
      [kind, text] = ['reset', e.a === 1 ? `aborts ${what}` : `resets ${what}`];
      break;
    default: // semaphoreOverRelease
      [kind, text] = ['error', `release() of ${what} past its initial value raised ValueError`];
  }
  return { thread: e.th, t: e.t, kind, text, at: e.at ?? -1, prim };
}
