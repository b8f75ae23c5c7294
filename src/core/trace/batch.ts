// TraceEvent[] <-> EventBatch (format.ts), the columnar form events travel in between processes.
// A batch has every column for every event; a producer fills the columns a kind gives no meaning
// with anything (the runtime writes -1 or 0). batchToEvents keeps only the fields each kind
// defines (kinds.ts, docs/trace-format.md), so JSON traces stay small and unambiguous.
// eventsToBatch writes absent fields as p = -1, at = -1, and NaN for a/q/l.
import type { EventBatch, TraceEvent } from './format';
import { EventKind, eventKindCode, eventKindName } from './kinds';
import { type EventColumns, allocColumns } from './packed';

/** Bits of FIELDS. */
export const P = 1;
export const A = 2;
export const Q = 4;
export const L = 8;

/** Which of p/a/q/l each kind defines (bits P, A, Q, L, by kind code); kinds not listed keep all four. */
export const FIELDS = new Uint8Array(256).fill(P | A | Q | L);
const defined: [number, number][] = [
  [EventKind.threadStart, P],
  [EventKind.threadEnd, A],
  [EventKind.threadException, A],
  [EventKind.threadSpawn, P],
  [EventKind.joinBegin, P | A | Q],
  [EventKind.joinEnd, P | A],
  [EventKind.sleepBegin, A],
  [EventKind.sleepEnd, 0],
  [EventKind.log, A],
  [EventKind.acquireRequest, P | A],
  [EventKind.acquired, P | A | Q | L],
  [EventKind.acquireFailed, P | A],
  [EventKind.release, P | A | Q],
  [EventKind.condWait, P | A],
  [EventKind.condWake, P | A | L],
  [EventKind.condNotify, P | A | Q],
  [EventKind.eventSet, P | Q],
  [EventKind.eventClear, P],
  [EventKind.eventWait, P | A],
  [EventKind.eventWake, P | A | L],
  [EventKind.barrierWait, P | A],
  [EventKind.barrierPass, P | A | L],
  [EventKind.barrierBroken, P],
  [EventKind.barrierReset, P | A],
  [EventKind.queuePut, P | A],
  [EventKind.queuePutDone, P | A | Q],
  [EventKind.queueGet, P | A],
  [EventKind.queueGetDone, P | A | Q],
  [EventKind.queueFull, P],
  [EventKind.queueEmpty, P],
  [EventKind.queueTaskDone, P | A],
  [EventKind.queueJoin, P],
  [EventKind.queueJoined, P],
  [EventKind.sharedRead, P | A | Q],
  [EventKind.sharedWrite, P | A | Q],
  [EventKind.primCreate, P | A | Q],
  [EventKind.timerCancel, P],
  [EventKind.semaphoreOverRelease, P | A],
];
for (const [k, mask] of defined) FIELDS[k] = mask;

/** An empty batch of n events (every column zeroed). */
export function allocBatch(n: number): EventBatch {
  return {
    t: new Float64Array(n),
    th: new Int32Array(n),
    k: new Uint8Array(n),
    p: new Int32Array(n),
    a: new Float64Array(n),
    q: new Float64Array(n),
    l: new Float64Array(n),
    at: new Int32Array(n),
  };
}

/** The first n events of `b`, as views (no copy). */
export function sliceBatch(b: EventBatch, n: number): EventBatch {
  return {
    t: b.t.subarray(0, n),
    th: b.th.subarray(0, n),
    k: b.k.subarray(0, n),
    p: b.p.subarray(0, n),
    a: b.a.subarray(0, n),
    q: b.q.subarray(0, n),
    l: b.l.subarray(0, n),
    at: b.at.subarray(0, n),
  };
}

/** The events of `b` for which `keep(i)` holds, in order (a copy). */
export function filterBatch(b: EventBatch, keep: (i: number) => boolean): EventBatch {
  const rows: number[] = [];
  for (let i = 0; i < b.t.length; i++) if (keep(i)) rows.push(i);
  const out = allocBatch(rows.length);
  rows.forEach((i, j) => {
    out.t[j] = b.t[i];
    out.th[j] = b.th[i];
    out.k[j] = b.k[i];
    out.p[j] = b.p[i];
    out.a[j] = b.a[i];
    out.q[j] = b.q[i];
    out.l[j] = b.l[i];
    out.at[j] = b.at[i];
  });
  return out;
}

/** The first n events of `b` in a batch of their own (a view would carry all of b's buffers). */
export function copyBatch(b: EventBatch, n: number): EventBatch {
  return {
    t: b.t.slice(0, n),
    th: b.th.slice(0, n),
    k: b.k.slice(0, n),
    p: b.p.slice(0, n),
    a: b.a.slice(0, n),
    q: b.q.slice(0, n),
    l: b.l.slice(0, n),
    at: b.at.slice(0, n),
  };
}

/** One batch holding the events of `batches`, in order. */
export function mergeBatches(batches: readonly EventBatch[]): EventBatch {
  if (batches.length === 1) return batches[0];
  const out = allocBatch(batches.reduce((s, b) => s + b.t.length, 0));
  let off = 0;
  for (const b of batches) {
    for (const col of ['t', 'th', 'k', 'p', 'a', 'q', 'l', 'at'] as const) (out[col] as Float64Array).set(b[col] as Float64Array, off);
    off += b.t.length;
  }
  return out;
}

export function eventsToBatch(events: readonly TraceEvent[]): EventBatch {
  const n = events.length;
  const b = allocBatch(n);
  for (let i = 0; i < n; i++) {
    const e = events[i];
    const code = eventKindCode.get(e.k);
    if (code === undefined) throw new Error(`events[${i}].k: unknown kind '${e.k}'`);
    b.t[i] = e.t;
    b.th[i] = e.th;
    b.k[i] = code;
    b.p[i] = e.p ?? -1;
    b.a[i] = e.a ?? Number.NaN;
    b.q[i] = e.q ?? Number.NaN;
    b.l[i] = e.l ?? Number.NaN;
    b.at[i] = e.at ?? -1;
  }
  return b;
}

/**
 * Writes the events of `b` into `into` from row `row` on (it must have room), as the model's
 * columns have them (packed.ts): NaN for every field the kind does not define or the batch marks absent.
 */
export function writeBatchColumns(b: EventBatch, into: EventColumns, row: number): void {
  const n = b.t.length;
  const { th, p, a, q, l, at } = into.fields;
  for (let i = 0; i < n; i++) {
    const code = b.k[i];
    if (eventKindName[code] === undefined) throw new Error(`batch event ${i}: unknown kind code ${code}`);
    const mask = FIELDS[code];
    const o = row + i;
    p[o] = mask & P && b.p[i] !== -1 ? b.p[i] : Number.NaN;
    a[o] = mask & A ? b.a[i] : Number.NaN;
    q[o] = mask & Q ? b.q[i] : Number.NaN;
    l[o] = mask & L ? b.l[i] : Number.NaN;
    at[o] = b.at[i] !== -1 ? b.at[i] : Number.NaN;
  }
  into.t.set(b.t, row);
  into.k.set(b.k, row);
  th.set(b.th, row);
}

export function batchToEvents(b: EventBatch): TraceEvent[] {
  const c = allocColumns(b.t.length);
  writeBatchColumns(b, c, 0);
  const { th, p, a, q, l, at } = c.fields;
  const out: TraceEvent[] = new Array(c.n);
  for (let i = 0; i < c.n; i++) {
    const e: TraceEvent = { t: c.t[i], th: th[i], k: eventKindName[c.k[i]] };
    if (p[i] === p[i]) e.p = p[i];
    if (a[i] === a[i]) e.a = a[i];
    if (q[i] === q[i]) e.q = q[i];
    if (l[i] === l[i]) e.l = l[i];
    if (at[i] === at[i]) e.at = at[i];
    out[i] = e;
  }
  return out;
}
