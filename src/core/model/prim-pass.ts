// The per-primitive pass: holds (who owned a lock-like, and how deep), counter tracks
// (Semaphore permits, Queue size), and which operation woke which (by sequence number `q`/`l`).
import type { Trace } from '../trace/format';
import { EventKind, type PrimKindName } from '../trace/kinds';
import type { EventIndex } from './event-index';
import { KeyIndex } from './key-index';
import type { CounterTrack, Hold } from './types';

export interface PrimPass {
  holds: Hold[];
  counters: CounterTrack[];
  counterByPrim: Map<number, CounterTrack>;
  /** acquired events per primitive. */
  acquisitions: Map<number, number>;
  /** Per event: the event that let it proceed (release, notify, set, put, barrier trip); -1 none. */
  wokenBy: Int32Array;
  /** Per event: 1 for the barrierPass of the thread whose arrival tripped the barrier. */
  tripper: Uint8Array;
}

type Family = 'mutex' | 'semaphore' | 'queue' | 'other';

function familyOf(kind: PrimKindName | undefined): Family {
  switch (kind) {
    case undefined: // a primitive missing from the table: treat its acquires as a Lock's
    case 'Lock':
    case 'RLock':
      return 'mutex';
    case 'Semaphore':
    case 'BoundedSemaphore':
      return 'semaphore';
    case 'Queue':
    case 'LifoQueue':
    case 'PriorityQueue':
    case 'SimpleQueue':
      return 'queue';
    default:
      return 'other';
  }
}

export function primPass(trace: Trace, ix: EventIndex): PrimPass {
  const out: PrimPass = {
    holds: [],
    counters: [],
    counterByPrim: new Map(),
    acquisitions: new Map(),
    wokenBy: new Int32Array(trace.events.length).fill(-1),
    tripper: new Uint8Array(trace.events.length),
  };
  for (const [prim, list] of ix.primEvents) {
    const info = ix.primById.get(prim);
    const family = familyOf(info?.kind);
    if (family === 'mutex') mutexHolds(trace, ix, prim, list, info?.kind === 'RLock', out);
    if (family === 'semaphore') semaphoreHolds(trace, ix, prim, list, out);
    if (family === 'queue') queueSizes(trace, ix, prim, list, out);
    wakeLinks(trace, ix, list, out);
  }
  return out;
}

function openHold(out: PrimPass, thread: number, prim: number, start: number, at: number | undefined): Hold {
  const h: Hold = { thread, prim, start, end: Number.NaN, maxDepth: 1, contended: false, at: at ?? -1 };
  out.holds.push(h);
  return h;
}

/**
 * Lock, RLock: one owner at a time. A Lock may be released by any thread; an RLock only by its
 * owner (anything else raised RuntimeError and released nothing). A Condition records its lock's
 * acquire/release on the lock itself, including the release and reacquire inside wait().
 */
function mutexHolds(trace: Trace, ix: EventIndex, prim: number, list: Int32Array, reentrant: boolean, out: PrimPass) {
  const ev = trace.events;
  let hold: Hold | null = null;
  let depth = 0;
  let acquisitions = 0;
  for (let j = 0; j < list.length; j++) {
    const i = list[j];
    const e = ev[i];
    const c = ix.code[i];
    if (c === EventKind.acquired) {
      acquisitions++;
      if (hold && hold.thread !== e.th) hold.end = e.t; // its release is missing from the trace
      if (!hold || hold.thread !== e.th) {
        hold = openHold(out, e.th, prim, e.t, e.at);
        depth = 0;
      }
      depth = reentrant && e.a !== undefined && e.a >= 1 ? e.a : depth + 1;
      if (depth > hold.maxDepth) hold.maxDepth = depth;
    } else if (c === EventKind.release && hold && (!reentrant || hold.thread === e.th)) {
      depth = reentrant && e.a !== undefined && e.a >= 0 ? e.a : depth - 1;
      if (depth <= 0) {
        hold.end = e.t;
        hold = null;
      }
    }
  }
  if (hold) hold.end = ix.endNs;
  if (acquisitions) out.acquisitions.set(prim, acquisitions);
}

function counter(out: PrimPass, prim: number, label: string): CounterTrack {
  const c: CounterTrack = { prim, label, t: [], v: [] };
  out.counters.push(c);
  out.counterByPrim.set(prim, c);
  return c;
}

/** Samples in operation order; a timestamp never goes back (skew between threads is ~10 µs). */
function sample(c: CounterTrack, t: number, v: number) {
  const last = c.t.length ? c.t[c.t.length - 1] : -Infinity;
  c.t.push(t < last ? last : t);
  c.v.push(v);
}

function primLabel(ix: EventIndex, prim: number, what: string): string {
  const p = ix.primById.get(prim);
  return p ? `${p.kind} \`${p.name}\` ${what}` : `primitive #${prim} ${what}`;
}

/** Semaphore: a hold per acquire, closed by the same thread's release (oldest first). */
function semaphoreHolds(trace: Trace, ix: EventIndex, prim: number, list: Int32Array, out: PrimPass) {
  const ev = trace.events;
  const init = ix.primById.get(prim)?.init?.value;
  let permits = typeof init === 'number' ? init : Number.NaN;
  const track = counter(out, prim, primLabel(ix, prim, 'permits'));
  const open = new Map<number, Hold[]>();
  let acquisitions = 0;
  for (let j = 0; j < list.length; j++) {
    const i = list[j];
    const e = ev[i];
    const c = ix.code[i];
    if (c === EventKind.primCreate && Number.isFinite(permits)) sample(track, e.t, permits);
    else if (c === EventKind.acquired) {
      acquisitions++;
      const h = openHold(out, e.th, prim, e.t, e.at);
      let mine = open.get(e.th);
      if (!mine) open.set(e.th, (mine = []));
      mine.push(h);
      permits = e.a ?? permits - 1;
      if (Number.isFinite(permits)) sample(track, e.t, permits);
    } else if (c === EventKind.release) {
      // release(n) is one event; n is the rise in permits.
      const n = e.a !== undefined && Number.isFinite(permits) ? Math.max(1, e.a - permits) : 1;
      permits = e.a ?? permits + 1;
      if (Number.isFinite(permits)) sample(track, e.t, permits);
      const mine = open.get(e.th);
      for (let k = 0; k < n && mine && mine.length; k++) mine.shift()!.end = e.t;
    }
  }
  for (const mine of open.values()) for (const h of mine) h.end = ix.endNs;
  if (acquisitions) out.acquisitions.set(prim, acquisitions);
}

function queueSizes(trace: Trace, ix: EventIndex, prim: number, list: Int32Array, out: PrimPass) {
  const track = counter(out, prim, primLabel(ix, prim, 'size'));
  for (let j = 0; j < list.length; j++) {
    const i = list[j];
    const e = trace.events[i];
    const c = ix.code[i];
    if (c === EventKind.primCreate) sample(track, e.t, 0);
    else if ((c === EventKind.queuePutDone || c === EventKind.queueGetDone) && e.a !== undefined) sample(track, e.t, e.a);
  }
}

/** Resolves l → q (and get → put by item id, pass → barrier trip) into `wokenBy`. */
function wakeLinks(trace: Trace, ix: EventIndex, list: Int32Array, out: PrimPass) {
  const ev = trace.events;
  let maxSeq = -1;
  let maxItem = -1;
  for (let j = 0; j < list.length; j++) {
    const i = list[j];
    const c = ix.code[i];
    const q = ev[i].q;
    if (q === undefined) continue;
    if ((c === EventKind.release || c === EventKind.condNotify || c === EventKind.eventSet) && q > maxSeq) maxSeq = q;
    else if (c === EventKind.queuePutDone && q > maxItem) maxItem = q;
  }
  const bySeq = new KeyIndex(maxSeq, list.length); // release / notify / set, by q
  const putOfItem = new KeyIndex(maxItem, list.length);
  const passes = new Map<number, number[]>(); // barrier trip (l) → the passes it released
  for (let j = 0; j < list.length; j++) {
    const i = list[j];
    const e = ev[i];
    const c = ix.code[i];
    if ((c === EventKind.release || c === EventKind.condNotify || c === EventKind.eventSet) && e.q !== undefined) bySeq.set(e.q, i);
    else if (c === EventKind.queuePutDone && e.q !== undefined) putOfItem.set(e.q, i);
    else if (c === EventKind.barrierPass && e.l !== undefined) {
      let g = passes.get(e.l);
      if (!g) passes.set(e.l, (g = []));
      g.push(i);
    }
  }
  for (let j = 0; j < list.length; j++) {
    const i = list[j];
    const e = ev[i];
    const c = ix.code[i];
    let from = -1;
    if ((c === EventKind.acquired || c === EventKind.condWake || c === EventKind.eventWake) && e.l !== undefined && e.l >= 0) from = bySeq.get(e.l);
    else if (c === EventKind.queueGetDone && e.q !== undefined) from = putOfItem.get(e.q);
    if (from >= 0 && ev[from].th !== e.th) out.wokenBy[i] = from;
  }
  for (const g of passes.values()) {
    // The arrival that trips the barrier is the last one, whose index is parties - 1, the highest.
    const trip = g.reduce((best, i) => ((ev[i].a ?? -1) > (ev[best].a ?? -1) ? i : best));
    out.tripper[trip] = 1;
    for (const i of g) if (i !== trip && ev[i].th !== ev[trip].th) out.wokenBy[i] = trip;
  }
}
