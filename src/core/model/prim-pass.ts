// The per-primitive pass: holds (who owned a lock-like, and how deep), counter tracks
// (Semaphore permits, Queue size), and which operation woke which (by sequence number `q`/`l`).
import { EventKind, type PrimKindName } from '../trace/kinds';
import type { EventIndex } from './event-index';
import { allocHolds, trimHolds } from './hold-table';
import { KeyIndex } from './key-index';
import type { CounterTrack, HoldTable } from './types';

export interface PrimPass {
  /** Each primitive's holds are consecutive rows, in the order they began. */
  holds: HoldTable;
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

export function familyOf(kind: PrimKindName | undefined): Family {
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

export function primPass(ix: EventIndex): PrimPass {
  // An acquired event opens at most one hold.
  let acquired = 0;
  for (const list of ix.primEvents.values()) for (let j = 0; j < list.length; j++) if (ix.code[list[j]] === EventKind.acquired) acquired++;
  const out: PrimPass = {
    holds: allocHolds(acquired),
    counters: [],
    counterByPrim: new Map(),
    acquisitions: new Map(),
    wokenBy: new Int32Array(ix.t.length).fill(-1),
    tripper: new Uint8Array(ix.t.length),
  };
  for (const [prim, list] of ix.primEvents) {
    const info = ix.primById.get(prim);
    const family = familyOf(info?.kind);
    if (family === 'mutex') mutexHolds(ix, prim, list, info?.kind === 'RLock', out);
    if (family === 'semaphore') semaphoreHolds(ix, prim, list, out);
    if (family === 'queue') queueSizes(ix, prim, list, out);
    wakeLinks(ix, list, out);
  }
  out.holds = trimHolds(out.holds);
  return out;
}

/** A new hold's row (its end is set when it ends). `at`: the acquire's site, NaN when it has none. */
function openHold(out: PrimPass, thread: number, prim: number, start: number, at: number): number {
  const h = out.holds;
  const row = h.n++;
  h.thread[row] = thread;
  h.prim[row] = prim;
  h.start[row] = start;
  h.end[row] = Number.NaN;
  h.maxDepth[row] = 1;
  h.at[row] = at === at ? at : -1;
  return row;
}

/**
 * Lock, RLock: one owner at a time. A Lock may be released by any thread; an RLock only by its
 * owner (anything else raised RuntimeError and released nothing). A Condition records its lock's
 * acquire/release on the lock itself, including the release and reacquire inside wait().
 */
function mutexHolds(ix: EventIndex, prim: number, list: Int32Array, reentrant: boolean, out: PrimPass) {
  const { t, th, a } = ix;
  const { thread, end, maxDepth } = out.holds;
  let hold = -1; // row of the open hold
  let depth = 0;
  let acquisitions = 0;
  for (let j = 0; j < list.length; j++) {
    const i = list[j];
    const c = ix.code[i];
    if (c === EventKind.acquired) {
      acquisitions++;
      if (hold >= 0 && thread[hold] !== th[i]) end[hold] = t[i]; // its release is missing from the trace
      if (hold < 0 || thread[hold] !== th[i]) {
        hold = openHold(out, th[i], prim, t[i], ix.at[i]);
        depth = 0;
      }
      depth = reentrant && a[i] >= 1 ? a[i] : depth + 1; // NaN (absent) compares false
      if (depth > maxDepth[hold]) maxDepth[hold] = depth;
    } else if (c === EventKind.release && hold >= 0 && (!reentrant || thread[hold] === th[i])) {
      depth = reentrant && a[i] >= 0 ? a[i] : depth - 1;
      if (depth <= 0) {
        end[hold] = t[i];
        hold = -1;
      }
    }
  }
  if (hold >= 0) end[hold] = ix.endNs;
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
function semaphoreHolds(ix: EventIndex, prim: number, list: Int32Array, out: PrimPass) {
  const { t, th, a } = ix;
  const init = ix.primById.get(prim)?.init?.value;
  let permits = typeof init === 'number' ? init : Number.NaN;
  const track = counter(out, prim, primLabel(ix, prim, 'permits'));
  const open = new Map<number, number[]>(); // per thread, the rows of its open holds
  let acquisitions = 0;
  for (let j = 0; j < list.length; j++) {
    const i = list[j];
    const c = ix.code[i];
    const left = a[i]; // permits after the operation; NaN when absent
    if (c === EventKind.primCreate && Number.isFinite(permits)) sample(track, t[i], permits);
    else if (c === EventKind.acquired) {
      acquisitions++;
      const h = openHold(out, th[i], prim, t[i], ix.at[i]);
      let mine = open.get(th[i]);
      if (!mine) open.set(th[i], (mine = []));
      mine.push(h);
      permits = left === left ? left : permits - 1;
      if (Number.isFinite(permits)) sample(track, t[i], permits);
    } else if (c === EventKind.release) {
      // release(n) is one event; n is the rise in permits.
      const n = left === left && Number.isFinite(permits) ? Math.max(1, left - permits) : 1;
      permits = left === left ? left : permits + 1;
      if (Number.isFinite(permits)) sample(track, t[i], permits);
      const mine = open.get(th[i]);
      for (let k = 0; k < n && mine && mine.length; k++) out.holds.end[mine.shift()!] = t[i];
    }
  }
  for (const mine of open.values()) for (const row of mine) out.holds.end[row] = ix.endNs;
  if (acquisitions) out.acquisitions.set(prim, acquisitions);
}

function queueSizes(ix: EventIndex, prim: number, list: Int32Array, out: PrimPass) {
  const track = counter(out, prim, primLabel(ix, prim, 'size'));
  for (let j = 0; j < list.length; j++) {
    const i = list[j];
    const c = ix.code[i];
    if (c === EventKind.primCreate) sample(track, ix.t[i], 0);
    else if ((c === EventKind.queuePutDone || c === EventKind.queueGetDone) && ix.a[i] === ix.a[i]) sample(track, ix.t[i], ix.a[i]);
  }
}

/** Resolves l → q (and get → put by item id, pass → barrier trip) into `wokenBy`. NaN: absent. */
function wakeLinks(ix: EventIndex, list: Int32Array, out: PrimPass) {
  const { th, a, q, l } = ix;
  let maxSeq = -1;
  let maxItem = -1;
  for (let j = 0; j < list.length; j++) {
    const i = list[j];
    const c = ix.code[i];
    if (q[i] !== q[i]) continue;
    if ((c === EventKind.release || c === EventKind.condNotify || c === EventKind.eventSet) && q[i] > maxSeq) maxSeq = q[i];
    else if (c === EventKind.queuePutDone && q[i] > maxItem) maxItem = q[i];
  }
  const bySeq = new KeyIndex(maxSeq, list.length); // release / notify / set, by q
  const putOfItem = new KeyIndex(maxItem, list.length);
  const passes = new Map<number, number[]>(); // barrier trip (l) → the passes it released
  for (let j = 0; j < list.length; j++) {
    const i = list[j];
    const c = ix.code[i];
    if ((c === EventKind.release || c === EventKind.condNotify || c === EventKind.eventSet) && q[i] === q[i]) bySeq.set(q[i], i);
    else if (c === EventKind.queuePutDone && q[i] === q[i]) putOfItem.set(q[i], i);
    else if (c === EventKind.barrierPass && l[i] === l[i]) {
      let g = passes.get(l[i]);
      if (!g) passes.set(l[i], (g = []));
      g.push(i);
    }
  }
  for (let j = 0; j < list.length; j++) {
    const i = list[j];
    const c = ix.code[i];
    let from = -1;
    if ((c === EventKind.acquired || c === EventKind.condWake || c === EventKind.eventWake) && l[i] >= 0) from = bySeq.get(l[i]);
    else if (c === EventKind.queueGetDone && q[i] === q[i]) from = putOfItem.get(q[i]);
    if (from >= 0 && th[from] !== th[i]) out.wokenBy[i] = from;
  }
  const arrival = (i: number) => (a[i] === a[i] ? a[i] : -1);
  for (const g of passes.values()) {
    // The arrival that trips the barrier is the last one, whose index is parties - 1, the highest.
    const trip = g.reduce((best, i) => (arrival(i) > arrival(best) ? i : best));
    out.tripper[trip] = 1;
    for (const i of g) if (i !== trip && th[i] !== th[trip]) out.wokenBy[i] = trip;
  }
}
