// The trace analyses, as one call: potential deadlocks (lock-order cycles, lock-order.ts) and data
// races on `shared` fields (races.ts). Both read a run's events as EventSource column chunks, so a
// JSON trace, a live run's batches and the chunked on-disk store serve alike.
import type { Findings } from '../trace/format';
import type { EventSource, TraceHeader } from '../trace/source';
import { lockOrderCycles } from './lock-order';
import { dataRaces } from './races';

export function analyzeRun(header: TraceHeader, events: EventSource): Findings {
  return { cycles: lockOrderCycles(header, events), races: dataRaces(header, events) };
}

/** Findings that say the program is wrong under some schedule (a guarded cycle is not one). */
export function countFindings(f: Findings): number {
  return f.cycles.filter((c) => c.kind === 'potentialDeadlock').length + f.races.length;
}
