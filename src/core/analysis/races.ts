// Data races on `shared` fields: two accesses from different threads, at least one a write, with
// no happens-before between them (vector clocks, FastTrack epochs: fast-track.ts).
//
// The checker needs the events in an order the run's synchronisation allows. A source already in
// time order (a JSON trace, a deterministic run) is visited as it comes, in one pass
// (source-order.ts). Any other, or one whose order breaks a rule, is read again: a first pass finds
// the fields two threads touch, one of them writing (none: done), then the synchronisation events
// and those fields' accesses are copied into per-thread rows and merged (hb-order.ts).
import { EventKind } from '../trace/kinds';
import type { DataRace, EventBatch } from '../trace/format';
import type { EventSource, TraceHeader } from '../trace/source';
import { lockKinds } from './held-locks';
import { collectHbEvents, visitInSyncOrder } from './hb-order';
import { FastTrack } from './fast-track';
import { visitInSourceOrder } from './source-order';

const K = EventKind;

/** Which shared fields two or more threads access, one of them writing: what races may be on. */
export interface SharedFieldsData {
  /** Dense field ids by record, then field (nested arrays: no number keys hashed per access). */
  ids: number[][];
  /** Per field id: the first thread seen, -1 once a second one came. */
  owner: number[];
  written: boolean[];
}

/** The first pass, chunk by chunk (in any order: each access counts alone), so a run's can be made as it is written. */
export class SharedFieldsWalk {
  readonly data: SharedFieldsData = { ids: [], owner: [], written: [] };

  feed(c: EventBatch): void {
    const { ids, owner, written } = this.data;
    const { k, p, q, th } = c;
    for (let i = 0; i < k.length; i++) {
      const code = k[i];
      if (code !== K.sharedRead && code !== K.sharedWrite) continue;
      const x = th[i];
      const byField = (ids[p[i]] ??= []);
      let id = byField[q[i]];
      if (id === undefined) {
        id = byField[q[i]] = owner.length;
        owner.push(x);
        written.push(false);
      } else if (owner[id] !== x) owner[id] = -1;
      if (code === K.sharedWrite) written[id] = true;
    }
  }
}

/** Whether any field may race (no field two threads touch, one writing: no race, whatever the order). */
export function mayRace(d: SharedFieldsData): boolean {
  return d.owner.some((o, id) => o === -1 && d.written[id]);
}

/** Whether the run's threads race on the shared field (record, field): two or more threads access it, one writing. */
function racedFields(d: SharedFieldsData): (record: number, field: number) => boolean {
  const raced = d.owner.map((o, id) => o === -1 && d.written[id]);
  return (record, field) => {
    const id = d.ids[record]?.[field];
    return id !== undefined && raced[id];
  };
}

/**
 * The data races of a run, one per field (the first unordered pair found, with how many there were).
 * `shared`: the first pass over `source`, made already (a run's, as it was written); `timeOrdered`
 * false: that pass saw the source out of time order, so it is not visited as it comes (source-order.ts).
 */
export function dataRaces(header: TraceHeader, source: EventSource, shared?: SharedFieldsData, timeOrdered = true): DataRace[] {
  if (shared && !mayRace(shared)) return [];
  let threads = 1;
  for (const x of header.threads) threads = Math.max(threads, x.id + 1);
  const inOrder = new FastTrack(threads, lockKinds(header));
  if (timeOrdered && visitInSourceOrder(header, source, threads, inOrder)) return byFirstEvent(inOrder.races);
  if (!shared) {
    const first = new SharedFieldsWalk();
    source.forEachChunk((c) => first.feed(c));
    shared = first.data;
  }
  if (!mayRace(shared)) return [];
  const ev = collectHbEvents(header, source, racedFields(shared));
  const merged = new FastTrack(ev.threads, lockKinds(header));
  visitInSyncOrder(header, ev, (r) => merged.visit(ev, r, ev.idx[r]));
  return byFirstEvent(merged.races);
}

function byFirstEvent(races: DataRace[]): DataRace[] {
  return races.sort((x, y) => x.first.event - y.first.event);
}
