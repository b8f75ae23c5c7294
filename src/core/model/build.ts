// buildModel: what a trace means, per thread and per primitive (types.ts). Pure and linear in the
// number of events apart from sorting what is out of order.
import type { Trace } from '../trace/format';
import { EventKind } from '../trace/kinds';
import { Describe } from './describe';
import { indexEvents } from './event-index';
import { HoldIndex } from './hold-index';
import { holdList } from './hold-table';
import { primPass } from './prim-pass';
import { processPass } from './process-pass';
import type { ReasonContext } from './reasons';
import { contention, splits } from './stats';
import { threadPass, type ThreadPass } from './thread-pass';
import type { Hold, Link, LinkKind, Model } from './types';

export function buildModel(trace: Trace): Model {
  const ix = indexEvents(trace);
  const prims = primPass(ix);
  const holdIndex = new HoldIndex(prims.holds);
  const cx: ReasonContext = { trace, ix, prims, holds: holdIndex, d: new Describe(trace, ix.threadById, ix.primById) };
  const threads = threadPass(cx);
  const mp = processPass(cx, threads);
  const rows = contention(trace, prims.acquisitions, threads.waits, holdIndex);
  const instants = threads.instants.sort((a, b) => a.t - b.t);
  const model = {
    trace,
    durationNs: ix.endNs,
    spans: threads.spans,
    holdTable: prims.holds,
    links: mp.links.length ? [...links(cx, threads), ...mp.links].sort((a, b) => a.toT - b.toT) : links(cx, threads),
    counters: prims.counters,
    instants,
    contention: rows,
    splits: splits(trace, threads.spans),
    tasks: mp.tasks,
  } as Model;
  // Hold objects only for those who ask (exporters, tests); the view reads holdTable.
  let holds: Hold[] | undefined;
  Object.defineProperty(model, 'holds', {
    enumerable: true,
    configurable: true,
    get: () => (holds ??= holdList(prims.holds)),
  });
  return model;
}

const LINK_OF_KIND = new Map<number, LinkKind>([
  [EventKind.acquired, 'release-acquire'],
  [EventKind.condWake, 'notify-wake'],
  [EventKind.eventWake, 'set-wake'],
  [EventKind.queueGetDone, 'put-get'],
  [EventKind.barrierPass, 'barrier-trip'],
]);

function links(cx: ReasonContext, threads: ThreadPass): Link[] {
  const { ix, prims } = cx;
  const { t, th, p, a } = ix;
  const out: Link[] = [];
  for (const i of ix.order) {
    const c = ix.code[i];
    const from = prims.wokenBy[i];
    if (from >= 0) {
      out.push({ kind: LINK_OF_KIND.get(c)!, prim: p[i] === p[i] ? p[i] : -1, fromThread: th[from], fromT: t[from], toThread: th[i], toT: t[i] });
    } else if (c === EventKind.threadSpawn && p[i] === p[i]) {
      const toT = threads.laneStart.get(p[i]);
      if (toT !== undefined) out.push({ kind: 'spawn', prim: -1, fromThread: th[i], fromT: t[i], toThread: p[i], toT });
    } else if (c === EventKind.joinEnd && a[i] === 1 && p[i] === p[i]) {
      const fromT = threads.laneEnd.get(p[i]);
      if (fromT !== undefined) out.push({ kind: 'join', prim: -1, fromThread: p[i], fromT, toThread: th[i], toT: t[i] });
    }
  }
  return out;
}
