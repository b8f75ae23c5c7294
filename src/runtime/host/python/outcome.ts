// A Python run's outcome from the tracer's end message, worded by the same analysis as a
// TypeScript run's (core/analysis/stuck.ts), so deadlocks and stalls read the same in both.
import { acquiredAtText, type LastAcquired } from '../../../core/analysis/last-acquired';
import { errorOutcome, explainOutcome } from '../../../core/analysis/outcome';
import { findStuck, type Namer, type StuckVerdict } from '../../../core/analysis/stuck';
import type { TraceBuilder } from '../../../core/trace/builder';
import type { Outcome } from '../../../core/trace/format';
import type { PyMessage, PySnapshot } from './wire';

type End = Extract<PyMessage, { type: 'end' }>;

export function pythonOutcome(end: End, snapshot: PySnapshot | undefined, b: TraceBuilder, held: LastAcquired, timeLimitS: number): Outcome {
  const durationNs = end.durationNs;
  const exceptions = [...b.threads.values()].filter((t) => t.exit === 'exception').map((t) => ({ thread: t.id, message: t.error?.message ?? '' }));
  const base = { durationNs, ...(exceptions.length ? { exceptions } : {}) };
  switch (end.kind) {
    case 'exited':
      return {
        ...base,
        kind: 'exited',
        exitCode: end.exitCode,
        summary: `Exited: the script called sys.exit(${end.exitCode ?? ''})`,
        explanation: `sys.exit with a non-zero status ends the script as a failure; python3 would exit with status ${end.exitCode}. The trace up to that moment is kept.`,
      };
    case 'exception':
      return {
        ...base,
        kind: 'exception',
        exitCode: 1,
        summary: `MainThread raised ${b.threads.get(1)?.error?.message ?? 'an exception'}`,
        explanation: 'The script raised at top level; as in Python, the run still waited for the other non-daemon threads before it ended.',
      };
    case 'error':
      if (end.error) return errorOutcome(end.error);
      return { kind: 'error', durationNs, summary: 'The tracer could not run the script', explanation: '' };
    default: {
      // Deadlock, stall, timeout, stop and completion read as for a TypeScript run.
      const found = snapshot ? findStuck(snapshot) : undefined;
      const stuckOnly = (s: PySnapshot | undefined): StuckVerdict => ({ kind: 'stall', stuck: s?.blocked.map(({ timed: _t, ...x }) => x) ?? [] });
      const kind = end.kind === 'deadlock' || end.kind === 'stall' ? (found?.kind ?? end.kind) : end.kind;
      const verdict = kind === 'deadlock' || kind === 'stall' ? (found ?? stuckOnly(snapshot)) : found;
      const text = explainOutcome({ kind, durationNs, verdict, timeLimitS, exceptions, killed: [] }, traceNamer(b, held));
      return { ...base, kind, ...text };
    }
  }
}

/** Names threads, primitives and sites from what the trace holds so far (the builder keeps no
 * events when they go to a binary trace file: where locks were taken is followed as they arrive). */
export function traceNamer(b: TraceBuilder, held: LastAcquired): Namer {
  return {
    thread: (id) => {
      const t = b.threads.get(id);
      if (!t) return `thread ${id}`;
      // Every child process has a MainThread: name it with its process, as its lane does.
      return t.process ? `${b.processes.get(t.process)?.name ?? `process ${t.process}`}/${t.name}` : t.name;
    },
    prim: (id) => {
      const p = b.primitives.get(id);
      return p ? `${p.kind} \`${p.name}\`` : 'a primitive of the standard library';
    },
    site: (idx) => (idx !== undefined && idx >= 0 && b.sites[idx] ? b.sites[idx] : 'an unknown line'),
    acquiredAt: (prim, thread) => acquiredAtText(held.get(prim), thread, b.sites),
  };
}
