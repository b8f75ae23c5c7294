// Per-primitive contention and per-thread time split, from the holds, waits and spans.
import type { PrimitiveInfo, Trace } from '../trace/format';
import type { HoldIndex } from './hold-index';
import type { Waits } from './thread-pass';
import type { ContentionRow, StateSpan, ThreadSplit } from './types';

/** The contention table's numeric columns, shared by the terminal summary and the webview/HTML panel. */
export const CONTENTION_COLUMNS = ['acquisitions', 'contended', 'never got it', 'total wait', 'max wait'] as const;

const LOCK_LIKE = new Set(['Lock', 'RLock', 'Condition', 'Semaphore', 'BoundedSemaphore']);

/**
 * One row per lock-like primitive that was acquired or waited for, in the trace's primitive order.
 * Marks each hold `contended` when another thread waited for the primitive during it.
 */
export function contention(trace: Trace, acquisitions: Map<number, number>, waits: Waits, holds: HoldIndex): ContentionRow[] {
  const rows = new Map<number, ContentionRow>();
  for (let w = 0; w < waits.prim.length; w++) {
    const prim = waits.prim[w];
    addWait(rows, prim, waits.end[w] - waits.start[w], waits.granted[w]);
    holds.markContended(prim, waits.start[w], waits.end[w], waits.thread[w]);
  }
  return contentionRows(trace.primitives, acquisitions, rows);
}

/** Counts one wait for `prim` of `ns`, `granted` when it ended in the acquisition. */
export function addWait(rows: Map<number, ContentionRow>, prim: number, ns: number, granted: boolean): void {
  let r = rows.get(prim);
  if (!r) rows.set(prim, (r = { prim, acquisitions: 0, contended: 0, neverGranted: 0, totalWaitNs: 0, maxWaitNs: 0 }));
  if (granted) r.contended++;
  else r.neverGranted++;
  r.totalWaitNs += ns;
  if (ns > r.maxWaitNs) r.maxWaitNs = ns;
}

/** The rows of `waited` plus every lock-like primitive acquired, with their acquisitions, in primitive order. */
export function contentionRows(primitives: readonly PrimitiveInfo[], acquisitions: Map<number, number>, waited: Map<number, ContentionRow>): ContentionRow[] {
  const rows = new Map<number, ContentionRow>();
  const row = (prim: number) => {
    let r = rows.get(prim);
    if (!r)
      rows.set(
        prim,
        (r = { ...(waited.get(prim) ?? { prim, contended: 0, neverGranted: 0, totalWaitNs: 0, maxWaitNs: 0 }), acquisitions: acquisitions.get(prim) ?? 0 }),
      );
    return r;
  };
  for (const p of primitives) if (LOCK_LIKE.has(p.kind) && acquisitions.has(p.id)) row(p.id);
  for (const prim of waited.keys()) row(prim);
  for (const p of acquisitions.keys()) row(p); // acquired primitives missing from the table
  const order = new Map(primitives.map((p, i) => [p.id, i]));
  return [...rows.values()].sort((a, b) => (order.get(a.prim) ?? Infinity) - (order.get(b.prim) ?? Infinity) || a.prim - b.prim);
}

export function splits(trace: Trace, spans: StateSpan[][]): ThreadSplit[] {
  return trace.threads.map((th, lane) => {
    const s: ThreadSplit = { thread: th.id, runningNs: 0, blockedNs: 0, waitingNs: 0, sleepingNs: 0, joiningNs: 0 };
    for (const span of spans[lane]) {
      const ns = span.end - span.start;
      if (span.state === 'running') s.runningNs += ns;
      else if (span.state === 'blocked') s.blockedNs += ns;
      else if (span.state === 'waiting') s.waitingNs += ns;
      else if (span.state === 'sleeping') s.sleepingNs += ns;
      else if (span.state === 'joining') s.joiningNs += ns;
    }
    return s;
  });
}
