// A deterministic run's messages in canonical form. The drain numbers sites, strings and
// primitives in the order it happens to read them, which depends on when it drains and which
// worker ran which thread; here everything is renumbered by first use in event order (every
// event of a deterministic run has its own virtual timestamp), so the same schedule gives the
// same trace byte for byte. Deterministic runs take no wall time worth streaming: the events go
// out in one batch with the outcome.
import type { RunnerToHost } from '../../core/protocol/runner';
import type { EventBatch, Outcome, PrimitiveInfo } from '../../core/trace/format';
import { allocBatch } from '../../core/trace/batch';
import { EventKind, noPKinds, threadPKinds } from '../../core/trace/kinds';

type Send = (m: RunnerToHost) => void;

export function canonicalSink(send: Send): Send {
  const sites: string[] = [];
  const strings: string[] = [];
  const prims = new Map<number, PrimitiveInfo>();
  const batches: EventBatch[] = [];
  return (m) => {
    switch (m.type) {
      case 'sites':
        m.sites.forEach((s, i) => (sites[m.base + i] = s));
        return;
      case 'strings':
        m.strings.forEach((s, i) => (strings[m.base + i] = s));
        return;
      case 'primitive':
        prims.set(m.primitive.id, m.primitive);
        return;
      case 'events':
        batches.push(m.batch);
        return;
      case 'outcome': {
        const c = canonicalize(batches, sites, strings, prims, m.outcome);
        send({ type: 'sites', base: 0, sites: c.sites });
        send({ type: 'strings', base: 0, strings: c.strings });
        for (const p of c.primitives) send({ type: 'primitive', primitive: p });
        if (c.batch.t.length) send({ type: 'events', batch: c.batch });
        send({ type: 'outcome', outcome: c.outcome });
        return;
      }
      default:
        send(m);
    }
  };
}

/** Renumbering in order of first appearance; ids never seen keep their relative order after the seen ones. */
class Renumber {
  private readonly map = new Map<number, number>();
  readonly order: number[] = [];

  use(old: number): number {
    if (old < 0 || Number.isNaN(old)) return old;
    let n = this.map.get(old);
    if (n === undefined) {
      n = this.order.push(old) - 1 + this.base;
      this.map.set(old, n);
    }
    return n;
  }

  constructor(private readonly base: number) {}
}

export function canonicalize(batches: EventBatch[], sites: string[], strings: string[], prims: Map<number, PrimitiveInfo>, outcome: Outcome) {
  const n = batches.reduce((s, b) => s + b.t.length, 0);
  const where: [EventBatch, number][] = [];
  for (const b of batches) for (let i = 0; i < b.t.length; i++) where.push([b, i]);
  where.sort(([a, i], [b, j]) => a.t[i] - b.t[j] || a.th[i] - b.th[j]);
  const primIds = new Renumber(1);
  const siteIdx = new Renumber(0);
  const stringIdx = new Renumber(0);
  const out: EventBatch = allocBatch(n);
  where.forEach(([b, i], o) => {
    const k = b.k[i];
    out.t[o] = b.t[i];
    out.th[o] = b.th[i];
    out.k[o] = k;
    out.p[o] = noPKinds.has(k) || threadPKinds.has(k) ? b.p[i] : primIds.use(b.p[i]);
    out.a[o] = k === EventKind.log || k === EventKind.threadException ? stringIdx.use(b.a[i]) : b.a[i];
    out.q[o] = b.q[i];
    out.l[o] = b.l[i];
    out.at[o] = siteIdx.use(b.at[i]);
  });
  for (const id of [...prims.keys()].sort((x, y) => x - y)) primIds.use(id);
  const primitives = primIds.order.map((old) => {
    const p = prims.get(old)!;
    const init = p.init && typeof p.init.lock === 'number' ? { ...p.init, lock: primIds.use(p.init.lock) } : p.init;
    return { ...p, id: primIds.use(old), site: siteIdx.use(p.site), init };
  });
  const stuck = outcome.stuck?.map((s) => ({
    ...s,
    on: s.op === 'join' ? s.on : primIds.use(s.on),
    holds: s.holds.map((h) => primIds.use(h)),
    at: s.at === undefined ? undefined : siteIdx.use(s.at),
  }));
  sites.forEach((_s, i) => siteIdx.use(i));
  strings.forEach((_s, i) => stringIdx.use(i));
  return {
    batch: out,
    primitives,
    sites: siteIdx.order.map((i) => sites[i]),
    strings: stringIdx.order.map((i) => strings[i]),
    outcome: stuck ? { ...outcome, stuck } : outcome,
  };
}
