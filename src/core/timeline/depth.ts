// RLock recursion depth over time, from the trace's acquired/release events (acquired carries the
// depth reached, release the depth left). Only depth ≥ 2 is returned: depth 1 is the hold itself.
import type { Trace } from '../trace/format';
import { EventKind } from '../trace/kinds';
import { attachedColumns } from '../trace/packed';

export interface DepthSegment {
  thread: number;
  prim: number;
  start: number;
  end: number;
  depth: number;
}

export function rlockDepths(trace: Trace): DepthSegment[] {
  const rlocks = new Set(trace.primitives.filter((p) => p.kind === 'RLock').map((p) => p.id));
  if (rlocks.size === 0) return [];
  // Keyed by thread and primitive in one number: a string key per event costs at a million events.
  const key = (th: number, p: number) => th * 0x100000 + p;
  const open = new Map<number, { depth: number; since: number }>();
  const out: DepthSegment[] = [];
  const close = (k: number, thread: number, prim: number, t: number) => {
    const cur = open.get(k);
    if (cur && cur.depth >= 2 && t > cur.since) out.push({ thread, prim, start: cur.since, end: t, depth: cur.depth });
  };
  const step = (th: number, p: number, t: number, depth: number) => {
    const k = key(th, p);
    close(k, th, p, t);
    open.set(k, { depth, since: t });
  };
  const cols = attachedColumns(trace);
  if (cols) {
    // A packed trace: read its columns rather than have it build a million event objects.
    const { th, p, a } = cols.fields;
    for (let i = 0; i < cols.n; i++) {
      const c = cols.k[i];
      if ((c === EventKind.acquired || c === EventKind.release) && rlocks.has(p[i])) step(th[i], p[i], cols.t[i], a[i] === a[i] ? a[i] : 0);
    }
  } else {
    for (const e of trace.events) {
      if ((e.k !== 'acquired' && e.k !== 'release') || e.p === undefined || !rlocks.has(e.p)) continue;
      step(e.th, e.p, e.t, e.a ?? 0);
    }
  }
  const end = trace.outcome.durationNs;
  for (const [k, cur] of open) {
    const thread = Math.floor(k / 0x100000);
    if (cur.depth >= 2) close(k, thread, k - thread * 0x100000, Math.max(end, cur.since));
  }
  return out.sort((a, b) => a.start - b.start);
}
