// Point events worth a marker on a lane: logs, exceptions, notifies, sets, queue traffic, errors.
import { EventKind } from '../trace/kinds';
import type { ReasonContext } from './reasons';
import type { Instant } from './types';

/** The instant for event `i`, or undefined if its kind is not drawn as one. */
export function instantOf(cx: ReasonContext, i: number): Instant | undefined {
  const e = cx.trace.events[i];
  const what = () => cx.d.prim(e.p ?? -1);
  const make = (kind: Instant['kind'], text: string, prim = e.p ?? -1): Instant => ({
    thread: e.th,
    t: e.t,
    kind,
    text,
    at: e.at ?? -1,
    prim,
  });
  switch (cx.ix.code[i]) {
    case EventKind.log:
      return make('log', cx.d.string(e.a), -1);
    case EventKind.threadException:
      // The first line is the message; the stack stays in the thread's `error`.
      return make('exception', cx.d.string(e.a).split('\n', 1)[0], -1);
    case EventKind.threadSpawn:
      return make('spawn', `starts ${cx.d.thread(e.p ?? -1)}`, -1);
    case EventKind.timerCancel:
      return make('timer-cancel', `cancels Timer ${cx.d.thread(e.p ?? -1)}`, -1);
    case EventKind.condNotify:
      return make('notify', `notify() on ${what()} woke ${e.a ?? 0} waiter${e.a === 1 ? '' : 's'}`);
    case EventKind.eventSet:
      return make('set', `sets ${what()}`);
    case EventKind.eventClear:
      return make('clear', `clears ${what()}`);
    case EventKind.queuePutDone:
      return make('put', `puts item #${e.q ?? '?'} into ${what()} (size ${e.a ?? '?'})`);
    case EventKind.queueGetDone:
      return make('get', `gets item #${e.q ?? '?'} from ${what()} (size ${e.a ?? '?'})`);
    case EventKind.queueFull:
      return make('error', `put() on ${what()} raised Full`);
    case EventKind.queueEmpty:
      return make('error', `get() on ${what()} raised Empty`);
    case EventKind.barrierBroken:
      return make('error', `${what()} raised BrokenBarrierError`);
    case EventKind.barrierReset:
      return make('reset', e.a === 1 ? `aborts ${what()}` : `resets ${what()}`);
    case EventKind.semaphoreOverRelease:
      return make('error', `release() of ${what()} past its initial value raised ValueError`);
    default:
      return undefined;
  }
}
