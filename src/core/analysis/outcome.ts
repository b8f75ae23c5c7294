// How a run's end reads: the one-line summary and the explanation the CLI prints, the timeline's
// banner shows and the editor's diagnostics carry. The runner gathers the facts; deadlocks and
// stalls are explained by stuck.ts, which a timeout or a stop also quotes for what it found stuck.
import { formatDuration } from '../format/time';
import type { Outcome, OutcomeKind, ScenarioError } from '../trace/format';
import type { StoreStop } from '../trace/binary/writer';
import { explainStuck, type Namer, type StuckVerdict } from './stuck';

/** What the runner knows when a run that started ends. */
export interface EndFacts {
  kind: OutcomeKind;
  durationNs: number;
  /** Deadlock and stall: the verdict; timeout and stop: what was stuck at that moment, if anything. */
  verdict?: StuckVerdict;
  timeLimitS: number;
  /** exited: the code passed to process.exit. */
  exitCode?: number;
  /** Uncaught exceptions, by thread ("message\nstack"). */
  exceptions: { thread: number; message: string }[];
  /** Threads whose worker died (out of memory, an error outside the target). */
  killed: { name: string; message?: string }[];
  /** Threads that waited for the runner to take their events (ThreadInfo.recorderWaitNs). */
  recorderWaits?: { thread: number; ns: number }[];
}

export type OutcomeText = Pick<Outcome, 'summary' | 'explanation' | 'stuck' | 'cycle'>;

const firstLine = (s: string) => s.split('\n')[0];

export function explainOutcome(f: EndFacts, n: Namer): OutcomeText {
  const text = explainEnd(f, n);
  const note = recorderWaitNote(f.recorderWaits ?? [], n);
  return note ? { ...text, explanation: [text.explanation, note].filter(Boolean).join('\n') } : text;
}

/**
 * Recording's own waits, which the trace cannot show: a thread whose ring was full waited for the runner, and its lane
 * reads "running" meanwhile. Said when they add up to a millisecond or more.
 */
function recorderWaitNote(waits: { thread: number; ns: number }[], n: Namer): string {
  const total = waits.reduce((s, w) => s + w.ns, 0);
  if (total < 1e6) return '';
  const most = waits.reduce((m, w) => (w.ns > m.ns ? w : m));
  const who =
    waits.length > 1
      ? `${waits.length} threads waited ${formatDuration(total)} in all (the longest, ${n.thread(most.thread)}: ${formatDuration(most.ns)})`
      : `${n.thread(most.thread)} waited ${formatDuration(total)}`;
  return `Recording held this run back: ${who} for the runner to take their events; their lanes show that time as running. The runner shares the CPU with the threads: with fewer events, or more cores, it keeps up.`;
}

function explainEnd(f: EndFacts, n: Namer): OutcomeText {
  switch (f.kind) {
    case 'deadlock':
    case 'stall': {
      const v = f.verdict!;
      return { ...explainStuck(v, n), stuck: v.stuck, cycle: v.kind === 'deadlock' ? v.cycle : undefined };
    }
    case 'timeout':
    case 'stopped': {
      const head = f.kind === 'timeout' ? `Timeout: the scenario ran longer than its limit of ${f.timeLimitS} s and was stopped` : 'Stopped before it finished';
      const stuck = f.verdict ? explainStuck(f.verdict, n) : undefined;
      return {
        summary: head,
        explanation: [head + '; the trace up to that moment is kept.', stuck ? `At that moment — ${stuck.summary}.\n${stuck.explanation}` : '']
          .filter(Boolean)
          .join('\n'),
        stuck: f.verdict?.stuck,
      };
    }
    case 'exited':
      return {
        summary: `Exited: the scenario called process.exit(${f.exitCode ?? ''}), which ends the whole run`,
        explanation: 'process.exit ends the process, not just the calling thread; the trace up to that moment is kept.',
      };
    case 'exception': {
      const e = f.exceptions.find((x) => x.thread === 1);
      return {
        summary: `MainThread raised ${e ? firstLine(e.message) : 'an exception'}`,
        explanation: 'The scenario function threw; as in Python, the run still waited for the other non-daemon threads before it ended.',
      };
    }
    default: {
      const failed = f.exceptions.filter((x) => x.thread !== 1);
      const problems = failed.length + f.killed.length;
      return {
        summary: `Completed in ${formatDuration(f.durationNs)}${problems ? ` (${problems} thread${problems > 1 ? 's' : ''} failed)` : ''}`,
        explanation: [
          ...failed.map((x) => `Exception in thread ${n.thread(x.thread)}: ${firstLine(x.message)}`),
          ...f.killed.map((t) => `Thread ${t.name} was killed: ${t.message ?? 'its worker died'}`),
        ].join('\n'),
      };
    }
  }
}

/** The wording of a run its binary trace stopped (an event or size limit, a full disk, a write error). */
export function recordingStoppedText(why: StoreStop): OutcomeText {
  const fix =
    why.kind === 'events'
      ? 'raise the event limit (--max-events)'
      : why.kind === 'disk'
        ? 'raise the size limit (--max-trace-mb) or free disk space'
        : 'check where the trace is written';
  return { summary: why.message, explanation: `${why.message}\nThe run was stopped there; to record more, ${fix}.` };
}

/** A run stopped while its scenario was still being bundled or loaded: nothing ran. */
export function stoppedBeforeStart(kind: OutcomeKind): Outcome {
  return { kind, summary: 'Stopped before the scenario started', explanation: 'The run was stopped while the scenario was still loading.', durationNs: 0 };
}

/** A scenario that could not run (syntax error, no such scenario, a throw while loading), located when known. */
export function errorOutcome(error: ScenarioError): Outcome {
  const where = error.line ? `${error.file}:${error.line}:${error.col ?? 1}: ` : '';
  return { kind: 'error', summary: `${where}${firstLine(error.message)}`, explanation: error.message, durationNs: 0, error };
}
