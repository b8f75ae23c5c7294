// The trace analyses, as one call: potential deadlocks (lock-order cycles, lock-order.ts) and data
// races on `shared` fields (races.ts). Both read a run's events as EventSource column chunks, so a
// JSON trace, a live run's batches and the chunked on-disk store serve alike.
import type { Findings, Trace } from '../trace/format';
import { attachedColumns } from '../trace/packed';
import { splitTrace, type EventSource, type TraceHeader } from '../trace/source';
import { lockOrderCycles } from './lock-order';
import { dataRaces } from './races';

export function analyzeRun(header: TraceHeader, events: EventSource): Findings {
  return { cycles: lockOrderCycles(header, events), races: dataRaces(header, events) };
}

/** Findings that say the program is wrong under some schedule (a guarded cycle is not one). */
export function countFindings(f: Findings): number {
  return f.cycles.filter((c) => c.kind === 'potentialDeadlock').length + f.races.length;
}

/** Events analysed on the spot when a trace carries no findings (beyond, the analyses would hold up the webview or the extension host). */
const ANALYSE_HERE = 200_000;

/** The trace's own findings, else computed here (a trace from the editor's run carries none); undefined for a long run without. */
export function findingsOf(trace: Trace): Findings | undefined {
  if (trace.findings) return trace.findings;
  if (trace.events.length > ANALYSE_HERE || attachedColumns(trace)) return undefined;
  const { header, events } = splitTrace(trace);
  return analyzeRun(header, events);
}
