// Plain-language reasons for blocked / waiting / joining / sleeping spans and for instants,
// e.g. "waits for Lock `lock` held by worker1 since 1.203 s (acquired at lock.ts:14)".
import { formatDuration, formatSeconds } from '../format/time';
import type { Trace, TraceEvent } from '../trace/format';
import { EventKind, type ExitReasonName } from '../trace/kinds';
import type { Describe } from './describe';
import type { EventIndex } from './event-index';
import type { HoldIndex } from './hold-index';
import type { PrimPass } from './prim-pass';
import type { Hold } from './types';

export interface ReasonContext {
  trace: Trace;
  ix: EventIndex;
  prims: PrimPass;
  holds: HoldIndex;
  d: Describe;
}

const MAX_HOLDERS_NAMED = 3;

function timeout(a: number | undefined): string {
  return a !== undefined && a > 0 ? ` (timeout ${formatSeconds(a)})` : '';
}

function heldSince(cx: ReasonContext, h: Hold): string {
  const site = cx.d.site(h.at);
  return `since ${formatDuration(h.start)}${site ? ` (acquired at ${site})` : ''}`;
}

/** Who let the operation `end` proceed: "; set by main at 1.2 s". */
function wokenBy(cx: ReasonContext, end: number, verb: string): string {
  const from = end >= 0 ? cx.prims.wokenBy[end] : -1;
  if (from < 0) return '';
  const e = cx.ix.event(from);
  return `; ${verb} by ${cx.d.thread(e.th)} at ${formatDuration(e.t)}`;
}

function blockedReason(cx: ReasonContext, begin: TraceEvent, end: number, condWait: number): string {
  const p = begin.p ?? -1;
  const info = cx.d.primInfo(p);
  const semaphore = info?.kind === 'Semaphore' || info?.kind === 'BoundedSemaphore';
  const what = cx.d.prim(p);
  let text =
    condWait >= 0
      ? `reacquires ${what} to return from ${cx.d.prim(cx.ix.event(condWait).p ?? -1)}.wait()`
      : semaphore
        ? `waits for a permit of ${what}`
        : `waits for ${what}`;
  text += timeout(begin.a);
  const holders = cx.holds.atWaitStart(p, begin.t, end >= 0 ? cx.ix.event(end).t : Infinity);
  let own: Hold | undefined;
  let others = '';
  let named = 0;
  for (const h of holders) {
    if (h.thread === begin.th) own = h;
    else if (named++ < MAX_HOLDERS_NAMED) others += `${others ? ', ' : ''}${cx.d.thread(h.thread)} ${heldSince(cx, h)}`;
  }
  if (own && !semaphore) {
    text += `, which it already holds ${heldSince(cx, own)}`;
    if (info?.kind === 'Lock') text += ': a Lock is not re-entrant';
  } else if (named) {
    if (named > MAX_HOLDERS_NAMED) others += `, ${named - MAX_HOLDERS_NAMED} more`;
    text += ` held by ${others}`;
  } else {
    text += wokenBy(cx, end, 'released');
  }
  if (end >= 0 && cx.ix.code[end] === EventKind.acquireFailed) text += `; gave up after ${formatDuration(cx.ix.event(end).t - begin.t)}`;
  return text;
}

/**
 * Reason for the span that the begin event `begin` opened; `end` is its end event, -1 if none yet.
 * `condWait`: for the lock reacquire inside Condition.wait(), that wait's begin event, else -1.
 */
export function spanReason(cx: ReasonContext, begin: number, end: number, condWait: number): string {
  const b = cx.ix.event(begin);
  const e = end >= 0 ? cx.ix.event(end) : undefined;
  const endCode = end >= 0 ? cx.ix.code[end] : 0;
  const what = cx.d.prim(b.p ?? -1);
  switch (cx.ix.code[begin]) {
    case EventKind.acquireRequest:
      return blockedReason(cx, b, end, condWait);
    case EventKind.condWait: {
      let text = `waits on ${what} for notify()${timeout(b.a)}`;
      if (e?.a === 0) text += `; timed out after ${formatDuration(e.t - b.t)}`;
      else text += wokenBy(cx, end, 'notified');
      return text;
    }
    case EventKind.eventWait: {
      let text = `waits for ${what} to be set${timeout(b.a)}`;
      if (e?.a === 0) text += `; timed out after ${formatDuration(e.t - b.t)}`;
      else text += wokenBy(cx, end, 'set');
      return text;
    }
    case EventKind.barrierWait: {
      const parties = cx.d.primInfo(b.p ?? -1)?.init?.parties;
      let text = `waits at ${what} for ${typeof parties === 'number' ? `all ${parties} parties` : 'the other parties'}${timeout(b.a)}`;
      if (endCode === EventKind.barrierBroken) text += '; the barrier broke (BrokenBarrierError)';
      else text += wokenBy(cx, end, 'tripped');
      return text;
    }
    case EventKind.queuePut: {
      const maxsize = cx.d.primInfo(b.p ?? -1)?.init?.maxsize;
      let text = `waits for room in ${what}${typeof maxsize === 'number' ? ` (full at maxsize ${maxsize})` : ''}${timeout(b.a)}`;
      if (endCode === EventKind.queueFull) text += '; gave up: Full';
      return text;
    }
    case EventKind.queueGet: {
      let text = `waits for an item from ${what}${timeout(b.a)}`;
      if (endCode === EventKind.queueEmpty) text += '; gave up: Empty';
      else text += wokenBy(cx, end, 'put');
      return text;
    }
    case EventKind.queueJoin:
      return `waits until every item put into ${what} is marked taskDone()`;
    case EventKind.joinBegin: {
      const name = cx.d.thread(b.p ?? -1);
      if (b.q === 1) return `the interpreter waits for non-daemon thread ${name} to finish before exiting`;
      let text = `waits for ${name} to finish (join)${timeout(b.a)}`;
      if (e?.a === 0) text += `; timed out after ${formatDuration(e.t - b.t)} with ${name} still alive`;
      return text;
    }
    case EventKind.sleepBegin:
      return b.a !== undefined ? `sleeps ${formatSeconds(b.a)}` : 'sleeps';
    default:
      return '';
  }
}

/** Text of the zero-length marker that ends a lane. */
export function exitReason(exit: ExitReasonName, daemon: boolean, error: string): string {
  switch (exit) {
    case 'normal':
      return 'finished';
    case 'exception':
      return error ? `raised ${error}` : 'ended by an exception';
    case 'cutoff':
      return daemon ? 'cut off at interpreter exit (daemon thread)' : 'cut off at interpreter exit';
    case 'stopped':
      return 'stopped when the run ended';
    case 'killed':
      return error ? `its worker died: ${error}` : 'its worker died';
  }
}
