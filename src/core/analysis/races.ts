// Data races on `shared` fields: two accesses from different threads, at least one a write, with
// no happens-before between them (vector clocks, FastTrack epochs: fast-track.ts).
//
// Only fields that two threads touch, one of them writing, are followed (a first pass finds
// them): a run without such a field costs one pass and nothing more. The checker needs the events
// in an order the run's synchronisation allows: a source already in time order (a JSON trace, a
// deterministic run) is visited as it comes (source-order.ts); any other, or one whose order breaks
// a rule, has its events copied into per-thread rows and merged (hb-order.ts).
import { EventKind } from '../trace/kinds';
import type { DataRace } from '../trace/format';
import type { EventSource, TraceHeader } from '../trace/source';
import { lockKinds } from './held-locks';
import { collectHbEvents, visitInSyncOrder } from './hb-order';
import { FastTrack } from './fast-track';
import { visitInSourceOrder } from './source-order';

const K = EventKind;

interface FirstPass {
  /** Whether the run's threads race on the shared field (record, field): two or more threads access it, one writing. */
  raced: (record: number, field: number) => boolean;
  any: boolean;
  /** Largest thread id + 1. */
  threads: number;
  /** Whether the events come in time order. */
  inTimeOrder: boolean;
}

function firstPass(header: TraceHeader, source: EventSource): FirstPass {
  // Fields get dense ids (by record, then field: nested arrays, no number keys hashed per access);
  // per id, the first thread seen (-1 once a second one came), and whether anyone wrote.
  const ids: number[][] = [];
  const owner: number[] = [];
  const written: boolean[] = [];
  let threads = 1;
  for (const x of header.threads) threads = Math.max(threads, x.id + 1);
  let last = -Infinity;
  let inTimeOrder = true;
  source.forEachChunk((c) => {
    const { t, k, p, q, th } = c;
    // Locals in the loop: a number written to a captured variable is boxed, one allocation per event.
    let maxThread = threads - 1;
    let sorted = inTimeOrder;
    let prev = last;
    for (let i = 0; i < k.length; i++) {
      const x = th[i];
      if (x > maxThread) maxThread = x;
      const now = t[i];
      if (now < prev) sorted = false;
      prev = now;
      const code = k[i];
      if (code !== K.sharedRead && code !== K.sharedWrite) continue;
      const byField = (ids[p[i]] ??= []);
      let id = byField[q[i]];
      if (id === undefined) {
        id = byField[q[i]] = owner.length;
        owner.push(x);
        written.push(false);
      } else if (owner[id] !== x) owner[id] = -1;
      if (code === K.sharedWrite) written[id] = true;
    }
    threads = maxThread + 1;
    inTimeOrder = sorted;
    last = prev;
  });
  const raced = owner.map((o, id) => o === -1 && written[id]);
  return {
    raced: (record, field) => {
      const id = ids[record]?.[field];
      return id !== undefined && raced[id];
    },
    any: raced.includes(true),
    threads,
    inTimeOrder,
  };
}

/** The data races of a run, one per field (the first unordered pair found, with how many there were). */
export function dataRaces(header: TraceHeader, source: EventSource): DataRace[] {
  const { raced: keep, any, threads, inTimeOrder } = firstPass(header, source);
  if (!any) return [];
  let ft = new FastTrack(threads, lockKinds(header));
  if (!inTimeOrder || !visitInSourceOrder(header, source, threads, keep, (c, i, event) => ft.visit(c, i, event))) {
    const ev = collectHbEvents(header, source, keep);
    ft = new FastTrack(ev.threads, lockKinds(header));
    visitInSyncOrder(header, ev, (r) => ft.visit(ev, r, ev.idx[r]));
  }
  return ft.races.sort((x, y) => x.first.event - y.first.event);
}
