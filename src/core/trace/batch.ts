// TraceEvent[] <-> EventBatch (format.ts), the columnar form events travel in between processes.
// Absent fields are encoded as p = -1, at = -1 and NaN for a/q/l (where -1 is a meaningful value).
import type { EventBatch, TraceEvent } from './format';
import { eventKindCode, eventKindName } from './kinds';

export function eventsToBatch(events: readonly TraceEvent[]): EventBatch {
  const n = events.length;
  const b: EventBatch = {
    t: new Float64Array(n),
    th: new Int32Array(n),
    k: new Uint8Array(n),
    p: new Int32Array(n),
    a: new Float64Array(n),
    q: new Float64Array(n),
    l: new Float64Array(n),
    at: new Int32Array(n),
  };
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

export function batchToEvents(b: EventBatch): TraceEvent[] {
  const n = b.t.length;
  const out: TraceEvent[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const name = eventKindName[b.k[i]];
    if (name === undefined) throw new Error(`batch event ${i}: unknown kind code ${b.k[i]}`);
    const e: TraceEvent = { t: b.t[i], th: b.th[i], k: name };
    if (b.p[i] !== -1) e.p = b.p[i];
    if (!Number.isNaN(b.a[i])) e.a = b.a[i];
    if (!Number.isNaN(b.q[i])) e.q = b.q[i];
    if (!Number.isNaN(b.l[i])) e.l = b.l[i];
    if (b.at[i] !== -1) e.at = b.at[i];
    out[i] = e;
  }
  return out;
}
