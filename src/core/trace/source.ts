// The seam between whoever produces a run's events and whoever reads them, agreed before either
// side is built out: the runner's drain, the Python tracer's reader and the trace files (JSON and
// the binary store) produce an EventSource; the model, the analyses, the exporters and the terminal
// rendering consume one. Events travel as EventBatch columns (format.ts), never one object each,
// so a consumer of a long run holds only what it derives plus the chunk in hand.
import { eventsToBatch } from './batch';
import type { EventBatch, Trace } from './format';

/** Everything of a trace but its events: small, and held in memory whatever the run's length. */
export type TraceHeader = Omit<Trace, 'events'>;

/**
 * A run's events as columnar chunks. Chunks come in recording order: each thread's events in that
 * thread's time order, with no order promised across threads (timestamps of two threads agree to
 * ~10 µs; where the exact order matters, use the per-primitive sequence numbers `q`/`l`, as
 * model/event-index.ts does). Column meanings per kind: kinds.ts and docs/trace-format.md.
 */
export interface EventSource {
  /** Number of events over all chunks. */
  readonly count: number;
  /**
   * Calls `fn` with each chunk in order and `offset`, the index of its first event in the run.
   * A chunk may be reused or dropped once `fn` returns: copy what you keep.
   */
  forEachChunk(fn: (chunk: EventBatch, offset: number) => void): void;
}

/** The events of an in-memory trace as a source (small runs, tests, JSON files). */
export function traceEventSource(trace: Trace, chunkSize = 65536): EventSource {
  return {
    count: trace.events.length,
    forEachChunk(fn) {
      for (let off = 0; off < trace.events.length; off += chunkSize) fn(eventsToBatch(trace.events.slice(off, off + chunkSize)), off);
    },
  };
}

/** Splits a trace into its header and its events as a source. */
export function splitTrace(trace: Trace): { header: TraceHeader; events: EventSource } {
  const { events: _events, ...header } = trace;
  return { header, events: traceEventSource(trace) };
}
