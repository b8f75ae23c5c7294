// The per-primitive pass: holds (who owned a lock-like, and how deep), counter tracks
// (Semaphore permits, Queue size), and which operation woke which (by sequence number `q`/`l`).
import type { Trace } from '../trace/format';
import { EventKind, type PrimKindName } from '../trace/kinds';
import type { EventIndex } from './event-index';
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
    case 'Condition':
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
    if (family === 'mutex') mutexHolds(trace, ix, prim, list, info?.kind !== 'Lock' && info !== undefined, out);
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
 * Lock, RLock, Condition: one owner at a time. A Lock may be released by any thread; an RLock or
 * Condition only by its owner (anything else raised RuntimeError and released nothing).
 * `Condition.wait()` gives the lock up at condWait; if the runtime records no explicit release and
 * reacquire around it, the hold is closed at condWait and reopened at condWake on the next release.
 */
function mutexHolds(trace: Trace, ix: EventIndex, prim: number, list: Int32Array, reentrant: boolean, out: PrimPass) {
  const ev = trace.events;
  let hold: Hold | null = null;
  let depth = 0;
  let acquisitions = 0;
  const given = new Map<number, { depth: number; wakeT: number }>(); // per thread, lock given up by wait()
  const close = (t: number) => {
    hold!.end = t;
    hold = null;
    depth = 0;
  };
  for (let j = 0; j < list.length; j++) {
    const i = list[j];
    const e = ev[i];
    switch (ix.code[i]) {
      case EventKind.acquired: {
        acquisitions++;
        const saved = given.get(e.th);
        given.delete(e.th);
        if (hold && hold.thread !== e.th) close(e.t); // its release is missing from the trace
        if (!hold) hold = openHold(out, e.th, prim, e.t, e.at);
        depth = reentrant ? (e.a !== undefined && e.a >= 1 ? e.a : (saved?.depth ?? depth + 1)) : 1;
        if (depth > hold.maxDepth) hold.maxDepth = depth;
        break;
      }
      case EventKind.release: {
        if (!hold) {
          const saved = given.get(e.th);
          if (!saved || saved.wakeT < 0) break; // release of an unlocked lock raised; nothing changed
          given.delete(e.th);
          hold = openHold(out, e.th, prim, saved.wakeT, -1);
          depth = hold.maxDepth = saved.depth;
        }
        if (reentrant && hold.thread !== e.th) break;
        depth = reentrant && e.a !== undefined && e.a >= 0 ? e.a : depth - 1;
        if (depth <= 0) close(e.t);
        break;
      }
      case EventKind.condWait:
        if (hold && hold.thread === e.th) {
          given.set(e.th, { depth, wakeT: -1 });
          close(e.t);
        }
        break;
      case EventKind.condWake: {
        const saved = given.get(e.th);
        if (saved) saved.wakeT = e.t;
        break;
      }
    }
  }
  if (hold) (hold as Hold).end = ix.endNs;
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
  const bySeq = new Map<number, number>(); // release / notify / set, by q
  const putOfItem = new Map<number, number>();
  const passes = new Map<number, number[]>(); // barrier generation (l) → passes
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
  const link = (to: number, from: number | undefined) => {
    if (from !== undefined && ev[from].th !== ev[to].th) out.wokenBy[to] = from;
  };
  for (let j = 0; j < list.length; j++) {
    const i = list[j];
    const e = ev[i];
    const c = ix.code[i];
    if ((c === EventKind.acquired || c === EventKind.condWake || c === EventKind.eventWake) && e.l !== undefined && e.l >= 0)
      link(i, bySeq.get(e.l));
    else if (c === EventKind.queueGetDone && e.q !== undefined) link(i, putOfItem.get(e.q));
  }
  for (const [generation, g] of passes) {
    // The tripping arrival carries q = the trip's sequence number; without it, it is the last
    // arrival, whose index is parties - 1, the highest.
    let trip = g.find((i) => ev[i].q === generation);
    if (trip === undefined) trip = g.reduce((best, i) => ((ev[i].a ?? -1) > (ev[best].a ?? -1) ? i : best));
    out.tripper[trip] = 1;
    for (const i of g) if (i !== trip) link(i, trip);
  }
}
