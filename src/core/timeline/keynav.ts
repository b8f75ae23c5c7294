// Moving through a run by keys, span by span: the span at a time, a lane's events of interest
// (block, acquire, release, wake-up) in time order, the wake-up arrow that ended a wait, and the
// deadlock's wait-for loop. Pure: the model in, lane and span indices out; the view marks and announces them.
import type { Link, Model, StateSpan } from '../model/types';
import { lowerBound, upperBound } from './search';

/** A span of a lane: indices into model.spans. */
export interface SpanRef {
  lane: number;
  span: number;
}

export type InterestKind = 'block' | 'acquire' | 'release' | 'woken' | 'wakes';

/** Something worth stopping at on a lane, at time t (inside the span `span`). */
export interface Interest {
  t: number;
  kind: InterestKind;
  prim: number;
  /** The hold row (acquire, release) or the link (woken, wakes); −1 for a block. */
  ref: number;
}

const WAITS: ReadonlySet<StateSpan['state']> = new Set(['blocked', 'waiting', 'joining']);

export const isWait = (s: StateSpan): boolean => WAITS.has(s.state);

/** The span covering t on a lane (the later one at a boundary), or the nearest end; −1 on an empty lane. */
export function spanAtTime(spans: readonly StateSpan[], t: number): number {
  if (!spans.length) return -1;
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (spans[mid].start <= t) lo = mid + 1;
    else hi = mid;
  }
  return Math.max(0, lo - 1);
}

/** The lane of each thread id. */
function laneOfThread(model: Model): Map<number, number> {
  return new Map(model.trace.threads.map((t, i) => [t.id, i]));
}

/** Every event of interest on a lane, by time (woken, acquire, block, release, then the wake-ups it gives, at one instant). */
export function laneInterests(model: Model, lane: number): Interest[] {
  const th = model.trace.threads[lane]?.id;
  if (th === undefined) return [];
  const out: Interest[] = [];
  for (const s of model.spans[lane]) if (isWait(s)) out.push({ t: s.start, kind: 'block', prim: s.on, ref: -1 });
  const h = model.holdTable;
  for (let i = 0; i < h.n; i++) {
    if (h.thread[i] !== th) continue;
    out.push({ t: h.start[i], kind: 'acquire', prim: h.prim[i], ref: i });
    // A hold that lasts to the end of the run was never released.
    if (h.end[i] < model.durationNs) out.push({ t: h.end[i], kind: 'release', prim: h.prim[i], ref: i });
  }
  model.links.forEach((l, i) => {
    if (l.kind === 'spawn') return;
    if (l.toThread === th) out.push({ t: l.toT, kind: 'woken', prim: l.prim, ref: i });
    if (l.fromThread === th && l.toThread !== th) out.push({ t: l.fromT, kind: 'wakes', prim: l.prim, ref: i });
  });
  const order: Record<InterestKind, number> = { woken: 0, acquire: 1, block: 2, release: 3, wakes: 4 };
  return out.sort((a, b) => a.t - b.t || order[a.kind] - order[b.kind]);
}

/** The first interest after (dir 1) or before (dir −1) the one at index `from` (−1: none yet) and time t. */
export function stepInterest(list: readonly Interest[], from: number, t: number, dir: 1 | -1): number {
  if (from >= 0 && from < list.length) {
    const next = from + dir;
    return next >= 0 && next < list.length ? next : -1;
  }
  const times = Float64Array.from(list, (x) => x.t);
  const i = dir > 0 ? upperBound(times, t) : lowerBound(times, t) - 1;
  return i >= 0 && i < list.length ? i : -1;
}

/**
 * The wake-up arrow that ends at a span: for a wait, the one that ended it (closest to its end); for
 * any other span, one that arrived while it ran or just as it began. undefined when none did.
 */
export function wakeOf(model: Model, at: SpanRef): Link | undefined {
  const s = model.spans[at.lane]?.[at.span];
  const th = model.trace.threads[at.lane]?.id;
  if (!s || th === undefined) return undefined;
  const anchor = isWait(s) ? s.end : s.start;
  let best: Link | undefined;
  for (const l of model.links) {
    if (l.toThread !== th || l.toT < s.start || l.toT > s.end) continue;
    if (!best || Math.abs(l.toT - anchor) < Math.abs(best.toT - anchor)) best = l;
  }
  return best;
}

/** Where an arrow starts: the waker's lane and the span it was in when it woke the other. */
export function wakerSpan(model: Model, link: Link): SpanRef | undefined {
  const lane = laneOfThread(model).get(link.fromThread);
  if (lane === undefined) return undefined;
  const spans = model.spans[lane];
  let span = spanAtTime(spans, link.fromT);
  // The release that ends a running span is still in it: prefer the span that ends at fromT.
  if (span > 0 && spans[span].start === link.fromT) span--;
  return span < 0 ? undefined : { lane, span };
}

/** The deadlock's wait-for loop (a stall's stuck threads), in order: each thread's lane and the wait it never left. */
export function loopSpans(model: Model): SpanRef[] {
  const o = model.trace.outcome;
  const lanes = laneOfThread(model);
  const order = o.cycle?.length ? o.cycle : (o.stuck ?? []).map((s) => s.thread);
  const out: SpanRef[] = [];
  for (const th of order) {
    const lane = lanes.get(th);
    const stuck = o.stuck?.find((s) => s.thread === th);
    if (lane === undefined || !stuck) continue;
    const span = spanAtTime(model.spans[lane], stuck.since);
    if (span >= 0) out.push({ lane, span });
  }
  return out;
}
