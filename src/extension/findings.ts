// What a finished run says about the user's source lines, before it becomes VS Code diagnostics:
// each wait of a deadlock cycle or stall (with the other threads' waits and the holder's acquire
// as related locations), a syntax or load error at its line, and the trace analyses' potential
// deadlocks and data races (warnings: they may happen under another schedule). Pure, so it is unit-tested.
import { describeCycle, describeRace, fieldName } from '../core/analysis/explain-findings';
import { findingsOf } from '../core/analysis/findings';
import { Describe } from '../core/model/describe';
import { parseSite, type SourceLocation } from '../core/timeline/site';
import type { Confirmation, StuckThread, Trace } from '../core/trace/format';

export interface Related extends SourceLocation {
  message: string;
}

export interface Finding extends SourceLocation {
  severity: 'error' | 'warning';
  message: string;
  related: Related[];
  /** A code action explores the schedules of the scenario (deterministic mode: TypeScript scenarios only). */
  explore?: boolean;
  /** Confirmed by replay: the schedules that show it, each a 'Replay the confirming schedule' code action. */
  replays?: ScheduleReplay[];
}

export interface ScheduleReplay {
  /** The code action's title. */
  title: string;
  seed: number;
  schedule: number[];
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

/**
 * Potential deadlocks (a warning at each acquisition of the cycle, related to the lock it holds and
 * the other edges) and data races (at the second access, related to the first). A cycle on the very
 * locks the run deadlocked on is left out: that deadlock happened and is already an error. A run too
 * long to analyse here gives none. `confirming`: a replay search for them is under way (confirm-findings.ts).
 */
export function analysisFindings(trace: Trace, confirming = false): Finding[] {
  const f = findingsOf(trace);
  if (!f) return [];
  const header = trace;
  const d = new Describe(header, new Map(trace.threads.map((t) => [t.id, t])), new Map(trace.primitives.map((p) => [p.id, p])));
  const site = (index: number) => (index >= 0 && index < trace.sites.length ? parseSite(trace.sites[index], trace.meta.root) : undefined);
  const deadlocked = new Set(trace.outcome.kind === 'deadlock' ? (trace.outcome.stuck ?? []).map((s) => s.on) : []);
  const out: Finding[] = [];
  const push = (at: number, message: string, related: Related[], c: Confirmation | undefined, field?: string) => {
    const loc = site(at);
    if (!loc) return;
    const replays = confirmingSchedules(c, field);
    out.push({
      ...loc,
      severity: 'warning',
      message: message + confirmationNote(c, confirming, replays.length > 0),
      related,
      explore: trace.meta.language !== 'python',
      ...(replays.length && { replays }),
    });
  };
  for (const c of f.cycles) {
    if (c.kind !== 'potentialDeadlock' || c.locks.every((l) => deadlocked.has(l))) continue;
    const { summary } = describeCycle(c, d, header);
    for (const e of c.edges) {
      const related: Related[] = [];
      const held = site(e.heldAt);
      if (held) related.push({ ...held, message: `${d.thread(e.thread)} acquired ${d.prim(e.from)} here (still held)` });
      for (const o of c.edges) {
        const l = o === e ? undefined : site(o.at);
        if (l) related.push({ ...l, message: `${d.thread(o.thread)} acquires ${d.prim(o.to)} here while holding ${d.prim(o.from)}` });
      }
      push(e.at, summary, related, c.confirmation);
    }
  }
  for (const r of f.races) {
    const { summary } = describeRace(r, d, header);
    const first = site(r.first.at);
    const verb = r.first.write ? 'writes' : 'reads';
    push(
      r.second.at,
      summary,
      first ? [{ ...first, message: `${d.thread(r.first.thread)} ${verb} it here, unordered with this access` }] : [],
      r.confirmation,
      fieldName(r, header),
    );
  }
  return out;
}

/** Beside the summary (which says "confirmed …" or "not reproduced in N schedules" once known): what to do next. */
function confirmationNote(c: Confirmation | undefined, confirming: boolean, replayable: boolean): string {
  if (replayable) return ' — replay it with the quick fix "Replay the confirming schedule"';
  if (c) return '';
  return confirming
    ? ' (not confirmed yet: confirming by replay…)'
    : ' (not confirmed by replay: explore the schedules of this scenario to find one that shows it)';
}

/** A confirmed deadlock's schedule; a confirmed race's schedule for each final value of its field. */
function confirmingSchedules(c: Confirmation | undefined, field: string | undefined): ScheduleReplay[] {
  if (c?.status !== 'confirmed') return [];
  if (field && c.values) return c.values.map((v) => ({ title: `Replay the confirming schedule (${field} = ${v.value})`, seed: v.seed, schedule: v.schedule }));
  return c.schedule ? [{ title: 'Replay the confirming schedule', seed: c.seed ?? 0, schedule: c.schedule }] : [];
}
