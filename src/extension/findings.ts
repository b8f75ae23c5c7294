// What a finished run says about the user's source lines, before it becomes VS Code diagnostics:
// each wait of a deadlock cycle or stall (with the other threads' waits and the holder's acquire
// as related locations), and a syntax or load error at its line. Pure, so it is unit-tested.
import { parseSite, type SourceLocation } from '../core/timeline/site';
import type { StuckThread, Trace } from '../core/trace/format';

export interface Related extends SourceLocation {
  message: string;
}

export interface Finding extends SourceLocation {
  severity: 'error' | 'warning';
  message: string;
  related: Related[];
}

export function findings(trace: Trace): Finding[] {
  const { outcome } = trace;
  if ((outcome.kind === 'deadlock' || outcome.kind === 'stall') && outcome.stuck?.length) return stuckFindings(trace);
  const err = outcome.error;
  if (outcome.kind === 'error' && err?.file && err.line !== undefined && (err.kind === 'syntax' || err.kind === 'load')) {
    const what = err.kind === 'syntax' ? 'Syntax error' : 'Cannot load the scenario';
    return [{ file: err.file, line: err.line, col: err.col ?? 1, severity: 'error', message: `${what}: ${err.message}`, related: [] }];
  }
  return [];
}

function stuckFindings(trace: Trace): Finding[] {
  const { outcome, meta } = trace;
  const threadName = (id: number) => trace.threads.find((t) => t.id === id)?.name ?? `thread ${id}`;
  const primLabel = (id: number) => {
    const p = trace.primitives.find((x) => x.id === id);
    return p ? `${p.kind} \`${p.name}\`` : `primitive ${id}`;
  };
  const site = (index: number | undefined) =>
    index !== undefined && index >= 0 && index < trace.sites.length ? parseSite(trace.sites[index], meta.root) : undefined;
  const waitText = (s: StuckThread) => {
    if (s.op === 'join') return `waits to join ${threadName(s.on)}`;
    const held = s.heldBy.length ? `, held by ${s.heldBy.map(threadName).join(', ')}` : '';
    return `waits for ${primLabel(s.on)}${held}`;
  };
  /** Where `holder` last acquired `prim` before it got stuck. */
  const acquireSite = (prim: number, holder: number, before: number) => {
    let best: { t: number; at?: number } | undefined;
    for (const e of trace.events) {
      if (e.k === 'acquired' && e.p === prim && e.th === holder && e.t <= before && (!best || e.t >= best.t)) best = e;
    }
    return site(best?.at);
  };

  const deadlock = outcome.kind === 'deadlock';
  // A deadlock marks the waits of its cycle; threads merely queued behind it are in the explanation.
  const cycle = new Set(outcome.cycle ?? []);
  const stuck = (outcome.stuck ?? []).filter((s) => !deadlock || cycle.size === 0 || cycle.has(s.thread));
  const out: Finding[] = [];
  for (const s of stuck) {
    const loc = site(s.at);
    if (!loc) continue;
    const related: Related[] = [];
    for (const other of stuck) {
      if (other === s) continue;
      const l = site(other.at);
      if (l) related.push({ ...l, message: `${threadName(other.thread)} ${waitText(other)}` });
    }
    if (s.op !== 'join') {
      for (const holder of s.heldBy) {
        const l = acquireSite(s.on, holder, s.since);
        if (l) related.push({ ...l, message: `${threadName(holder)} acquired ${primLabel(s.on)} here` });
      }
    }
    out.push({
      ...loc,
      severity: deadlock ? 'error' : 'warning',
      message: `${deadlock ? 'Deadlock' : 'Stall'}: ${threadName(s.thread)} ${waitText(s)}`,
      related,
    });
  }
  return out;
}
