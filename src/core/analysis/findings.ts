// The trace analyses, as one call: potential deadlocks (lock-order cycles, lock-order.ts) and data
// races on `shared` fields (races.ts). Both read a run's events as EventSource column chunks, so a
// JSON trace, a live run's batches and the chunked on-disk store serve alike. A run recorded into
// a store is walked for them as it is written (FindingsWalk), so its end costs little more than the
// cycle search.
import type { EventBatch, Findings, PrimitiveInfo, Trace } from '../trace/format';
import { attachedColumns } from '../trace/packed';
import { splitTrace, type EventSource, type TraceHeader } from '../trace/source';
import { lockKindOf } from './held-locks';
import { cyclesOf, kindsAgree, lockOrderCycles, LockOrderWalk, type LockOrderWalkData } from './lock-order';
import { dataRaces, SharedFieldsWalk, type SharedFieldsData } from './races';
import { latestInOrder } from './source-order';

export function analyzeRun(header: TraceHeader, events: EventSource): Findings {
  return { cycles: lockOrderCycles(header, events), races: dataRaces(header, events) };
}

/** A FindingsWalk's result as plain data (what a runner sends its host). */
export interface FindingsWalkData {
  events: number;
  lockOrder: LockOrderWalkData;
  shared: SharedFieldsData;
  /** The latest time of the chunks so far while they came in time order; NaN once they did not (source-order.ts). */
  lastT: number;
}

/**
 * What the analyses need of a run, chunk by chunk as it is written (RunOptions.analyze): its
 * lock-order graph, and which shared fields two threads touch. At the run's end only the cycle
 * search is left, and the race check only when some field may race (finishFindings).
 */
export class FindingsWalk {
  private readonly lockOrder = new LockOrderWalk();
  private readonly shared = new SharedFieldsWalk();
  readonly data: FindingsWalkData = { events: 0, lockOrder: this.lockOrder.data, shared: this.shared.data, lastT: -Infinity };

  /** A primitive the run declared: its kind, as the lock-order graph reads it. */
  declare(p: PrimitiveInfo): void {
    this.lockOrder.declare(p.id, lockKindOf(p.kind));
  }

  feed(c: EventBatch, offset: number): void {
    this.data.events += c.k.length;
    this.lockOrder.feed(c, offset);
    this.shared.feed(c);
    this.data.lastT = latestInOrder(c.t, c.th, this.data.lastT);
  }
}

/**
 * The findings of a run from the walk made as it was written, or undefined when that walk does not
 * cover `events` or took a primitive for another kind than the final header says (run analyzeRun then).
 */
export function finishFindings(data: FindingsWalkData, header: TraceHeader, events: EventSource): Findings | undefined {
  if (data.events !== events.count || !kindsAgree(data.lockOrder, header)) return undefined;
  // A run's chunks (drained thread by thread) are seldom in time order: then the race check goes straight to its merge.
  return { cycles: cyclesOf(data.lockOrder), races: dataRaces(header, events, data.shared, data.lastT === data.lastT) };
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
