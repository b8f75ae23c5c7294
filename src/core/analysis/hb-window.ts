// What happens-before says about one event of a run, per thread: the time up to which that
// thread's events come before it, and the time from which they come after it. Between the two,
// the thread's events are unordered with it: what the timeline keeps bright when a race is selected.
import type { EventSource, TraceHeader } from '../trace/source';
import { EventKind } from '../trace/kinds';
import { collectHbEvents, visitInSyncOrder } from './hb-order';
import { FastTrack } from './fast-track';
import { lockKinds } from './held-locks';

export interface OrderedWindow {
  /** Events of the thread at or before this time happen before the event (-Infinity: none). */
  before: number;
  /** Events at or after this time happen after it (Infinity: none). */
  after: number;
}

/** Per thread id, its window around the shared access at `event` (index in the run). */
export function orderedWindows(header: TraceHeader, source: EventSource, event: number): Map<number, OrderedWindow> {
  let record = -1;
  let field = -1;
  source.forEachChunk((c, offset) => {
    const i = event - offset;
    if (i >= 0 && i < c.k.length && (c.k[i] === EventKind.sharedRead || c.k[i] === EventKind.sharedWrite)) [record, field] = [c.p[i], c.q[i]];
  });
  const ev = collectHbEvents(header, source, (p, q) => p === record && q === field);
  const ft = new FastTrack(ev.threads, lockKinds(header));
  const out = new Map<number, OrderedWindow>();
  let sel: Int32Array | undefined;
  let selThread = -1;
  let selClock = 0;
  visitInSyncOrder(header, ev, (r) => {
    const t = ev.th[r];
    if (ev.k[r] !== EventKind.sharedRead && ev.k[r] !== EventKind.sharedWrite) ft.visit(ev, r, ev.idx[r]);
    const c = ft.clock(t);
    if (ev.idx[r] === event) {
      sel = c.slice();
      selThread = t;
      selClock = c[t];
      out.set(t, { before: ev.t[r], after: ev.t[r] });
    } else if (sel && t !== selThread && !out.has(t) && c[selThread] >= selClock) out.set(t, { before: -Infinity, after: ev.t[r] });
  });
  if (!sel) return out;
  for (const x of header.threads) {
    if (x.id === selThread) continue;
    const m = x.id < sel.length ? sel[x.id] : 0;
    const published = ft.publishedAt(x.id, m);
    const w = out.get(x.id) ?? { before: -Infinity, after: Infinity };
    if (published !== undefined) w.before = published;
    out.set(x.id, w);
  }
  return out;
}
