// Per-primitive contention and per-thread time split, from the holds, waits and spans.
import type { Trace } from '../trace/format';
import type { HoldIndex } from './hold-index';
import type { Waits } from './thread-pass';
import type { ContentionRow, StateSpan, ThreadSplit } from './types';

const LOCK_LIKE = new Set(['Lock', 'RLock', 'Condition', 'Semaphore', 'BoundedSemaphore']);

/**
 * One row per lock-like primitive that was acquired or waited for, in the trace's primitive order.
 * Marks each hold `contended` when another thread waited for the primitive during it.
 */
export function contention(trace: Trace, acquisitions: Map<number, number>, waits: Waits, holds: HoldIndex): ContentionRow[] {
  const rows = new Map<number, ContentionRow>();
  const row = (prim: number) => {
    let r = rows.get(prim);
    if (!r) rows.set(prim, (r = { prim, acquisitions: acquisitions.get(prim) ?? 0, contended: 0, totalWaitNs: 0, maxWaitNs: 0 }));
    return r;
  };
  for (const p of trace.primitives) if (LOCK_LIKE.has(p.kind) && acquisitions.has(p.id)) row(p.id);
  for (let w = 0; w < waits.prim.length; w++) {
    const prim = waits.prim[w];
    const r = row(prim);
    const ns = waits.end[w] - waits.start[w];
    if (waits.granted[w]) r.contended++;
    r.totalWaitNs += ns;
    if (ns > r.maxWaitNs) r.maxWaitNs = ns;
    holds.markContended(prim, waits.start[w], waits.end[w], waits.thread[w]);
  }
  for (const p of acquisitions.keys()) row(p); // acquired primitives missing from the table
  const order = new Map(trace.primitives.map((p, i) => [p.id, i]));
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
