// Point events worth a marker on a lane: logs, exceptions, notifies, sets, queue traffic, errors.
import { EventKind } from '../trace/kinds';
import type { ReasonContext } from './reasons';
import type { Instant } from './types';

/** Instant kind of each event kind drawn as one. */
const KIND: (Instant['kind'] | undefined)[] = [];
for (const [code, kind] of [
  [EventKind.log, 'log'],
  [EventKind.threadException, 'exception'],
  [EventKind.threadSpawn, 'spawn'],
  [EventKind.timerCancel, 'timer-cancel'],
  [EventKind.condNotify, 'notify'],
  [EventKind.eventSet, 'set'],
  [EventKind.eventClear, 'clear'],
  [EventKind.queuePutDone, 'put'],
  [EventKind.queueGetDone, 'get'],
  [EventKind.queueFull, 'error'],
  [EventKind.queueEmpty, 'error'],
  [EventKind.barrierBroken, 'error'],
  [EventKind.barrierReset, 'reset'],
  [EventKind.semaphoreOverRelease, 'error'],
] as const)
  KIND[code] = kind;
/** Kinds whose `p` is not a primitive (a thread, or nothing). */
const NOT_ON_PRIM = new Set<Instant['kind']>(['log', 'exception', 'spawn', 'timer-cancel']);

/**
 * An instant of the trace. Like a thread-pass span, its text is worded on first read: a large
 * trace has tens of thousands of queue puts and gets, and the view draws them as arrows, not text.
 * toJSON gives the plain Instant it stands for.
 */
class EventInstant implements Instant {
  #text: string | undefined;
  readonly #cx: ReasonContext;
  readonly #event: number;
  constructor(
    readonly thread: number,
    readonly t: number,
    readonly kind: Instant['kind'],
    readonly at: number,
    readonly prim: number,
    cx: ReasonContext,
    event: number,
  ) {
    this.#cx = cx;
    this.#event = event;
  }
  get text(): string {
    return (this.#text ??= instantText(this.#cx, this.#event));
  }
  toJSON(): Instant {
    return { thread: this.thread, t: this.t, kind: this.kind, text: this.text, at: this.at, prim: this.prim };
  }
}

/** The instant for event `i`, or undefined if its kind is not drawn as one. */
export function instantOf(cx: ReasonContext, i: number): Instant | undefined {
  const { code, th, t, p, at } = cx.ix;
  const kind = KIND[code[i]];
  if (kind === undefined) return undefined;
  const prim = NOT_ON_PRIM.has(kind) || p[i] !== p[i] ? -1 : p[i];
  return new EventInstant(th[i], t[i], kind, at[i] === at[i] ? at[i] : -1, prim, cx, i);
}

function instantText(cx: ReasonContext, i: number): string {
  const e = cx.ix.event(i);
  const what = cx.d.prim(e.p ?? -1);
  switch (cx.ix.code[i]) {
    case EventKind.log:
      return cx.d.string(e.a);
    case EventKind.threadException:
      // The first line is the message; the stack stays in the thread's `error`.
      return cx.d.string(e.a).split('\n', 1)[0];
    case EventKind.threadSpawn:
      return `starts ${cx.d.thread(e.p ?? -1)}`;
    case EventKind.timerCancel:
      return `cancels Timer ${cx.d.thread(e.p ?? -1)}`;
    case EventKind.condNotify:
      return `notify() on ${what} woke ${e.a ?? 0} waiter${e.a === 1 ? '' : 's'}`;
    case EventKind.eventSet:
      return `sets ${what}`;
    case EventKind.eventClear:
      return `clears ${what}`;
    case EventKind.queuePutDone:
      return `puts item #${e.q ?? '?'} into ${what} (size ${e.a ?? '?'})`;
    case EventKind.queueGetDone:
      return `gets item #${e.q ?? '?'} from ${what} (size ${e.a ?? '?'})`;
    case EventKind.queueFull:
      return `put() on ${what} raised Full`;
    case EventKind.queueEmpty:
      return `get() on ${what} raised Empty`;
    case EventKind.barrierBroken:
      return `${what} raised BrokenBarrierError`;
    case EventKind.barrierReset:
      return e.a === 1 ? `aborts ${what}` : `resets ${what}`;
    default: // semaphoreOverRelease
      return `release() of ${what} past its initial value raised ValueError`;
  }
}
