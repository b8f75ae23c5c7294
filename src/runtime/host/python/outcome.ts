// A Python run's outcome from the tracer's end message, worded by the same analysis as a
// TypeScript run's (core/analysis/stuck.ts), so deadlocks and stalls read the same in both.
import { explainStuck, findStuck, type Namer, type StuckVerdict } from '../../../core/analysis/stuck';
import { formatDuration } from '../../../core/format/time';
import type { TraceBuilder } from '../../../core/trace/builder';
import type { Outcome } from '../../../core/trace/format';
import { EventKind } from '../../../core/trace/kinds';
import type { PyMessage, PySnapshot } from './wire';

type End = Extract<PyMessage, { type: 'end' }>;

export function pythonOutcome(end: End, snapshot: PySnapshot | undefined, b: TraceBuilder, timeLimitS: number): Outcome {
  const durationNs = end.durationNs;
  const namer = traceNamer(b);
  const failed = [...b.threads.values()].filter((t) => t.exit === 'exception' && t.id !== 1);
  const exceptions = [...b.threads.values()].filter((t) => t.exit === 'exception').map((t) => ({ thread: t.id, message: t.error?.message ?? '' }));
  const base = { durationNs, ...(exceptions.length ? { exceptions } : {}) };
  const verdict: StuckVerdict | undefined = snapshot ? findStuck(snapshot) : undefined;
  switch (end.kind) {
    case 'deadlock':
    case 'stall': {
      const v = verdict ?? { kind: 'stall' as const, stuck: snapshot?.blocked.map(({ timed: _t, ...s }) => s) ?? [] };
      return { ...base, kind: v.kind, ...explainStuck(v, namer), stuck: v.stuck, cycle: v.kind === 'deadlock' ? v.cycle : undefined };
    }
    case 'timeout':
    case 'stopped': {
      const head = end.kind === 'timeout' ? `Timeout: the script ran longer than its limit of ${timeLimitS} s and was stopped` : 'Stopped before it finished';
      const stuck = verdict ? explainStuck(verdict, namer) : undefined;
      return {
        ...base,
        kind: end.kind,
        summary: head,
        explanation: [head + '; the trace up to that moment is kept.', stuck ? `At that moment — ${stuck.summary}.\n${stuck.explanation}` : ''].filter(Boolean).join('\n'),
        stuck: verdict?.stuck,
      };
    }
    case 'exited':
      return {
        ...base,
        kind: 'exited',
        exitCode: end.exitCode,
        summary: `Exited: the script called sys.exit(${end.exitCode ?? ''})`,
        explanation: `sys.exit with a non-zero status ends the script as a failure; python3 would exit with status ${end.exitCode}. The trace up to that moment is kept.`,
      };
    case 'exception': {
      const main = b.threads.get(1);
      return {
        ...base,
        kind: 'exception',
        exitCode: 1,
        summary: `MainThread raised ${main?.error?.message ?? 'an exception'}`,
        explanation: 'The script raised at top level; as in Python, the run still waited for the other non-daemon threads before it ended.',
      };
    }
    case 'error':
      return {
        kind: 'error',
        durationNs,
        summary: `${end.error?.file}:${end.error?.line}:${end.error?.col}: ${end.error?.message ?? 'error'}`,
        explanation: end.error?.message ?? '',
        ...(end.error ? { error: end.error } : {}),
      };
    default:
      return {
        ...base,
        kind: 'completed',
        summary: `Completed in ${formatDuration(durationNs)}${failed.length ? ` (${failed.length} thread${failed.length > 1 ? 's' : ''} failed)` : ''}`,
        explanation: failed.map((t) => `Exception in thread ${t.name}: ${t.error?.message ?? ''}`).join('\n'),
      };
  }
}

/** Names threads, primitives and sites from what the trace holds so far. */
export function traceNamer(b: TraceBuilder): Namer {
  return {
    thread: (id) => b.threads.get(id)?.name ?? `thread ${id}`,
    prim: (id) => {
      const p = b.primitives.get(id);
      return p ? `${p.kind} \`${p.name}\`` : 'a primitive of the standard library';
    },
    site: (idx) => (idx !== undefined && idx >= 0 && b.sites[idx] ? b.sites[idx] : 'an unknown line'),
    acquiredAt: (prim, thread) => {
      for (let i = b.batches.length - 1; i >= 0; i--) {
        const batch = b.batches[i];
        for (let j = batch.t.length - 1; j >= 0; j--) {
          if (batch.k[j] === EventKind.acquired && batch.p[j] === prim && batch.th[j] === thread) {
            return `${b.sites[batch.at[j]] ?? 'an unknown line'} (at ${formatDuration(batch.t[j])})`;
          }
        }
      }
      return undefined;
    },
  };
}
