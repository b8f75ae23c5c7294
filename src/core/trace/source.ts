// The seam between whoever produces a run's events and whoever reads them, agreed before either
// side is built out: the runner's drain, the Python tracer's reader and the trace files (JSON and
// the binary store) produce an EventSource; the model, the analyses, the exporters and the terminal
// rendering consume one. Events travel as EventBatch columns (format.ts), never one object each,
// so a consumer of a long run holds only what it derives plus the chunk in hand.
//
// An IndexedEventSource adds random access: its chunk directory (each chunk's place in the run and
// its time range) and reading one chunk by index, so a viewer reads only the chunks of the window
// in view. The binary trace store (docs/trace-store.md, core/trace/binary/) is one; an in-memory
// trace is one too (traceEventSource). Both are backward compatible with plain EventSource users.
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

/** One entry of a chunk directory. Chunks tile the run: chunk i+1 starts at offset + count of chunk i. */
export interface ChunkInfo {
  /** Index of the chunk's first event in the run. */
  offset: number;
  count: number;
  /** Earliest and latest `t` in the chunk (ns since start). Chunks are in recording order, so ranges of neighbours may overlap a little. */
  tMin: number;
  tMax: number;
}

/** An EventSource that reads any chunk on its own: by index, or the ones whose time range meets a window. */
export interface IndexedEventSource extends EventSource {
  readonly chunks: readonly ChunkInfo[];
  /** The events of chunk `index`: a batch the caller may keep (and must not change). */
  readChunk(index: number): EventBatch;
}

/** Indices of the chunks whose time range meets [t0, t1], in order. */
export function chunksInRange(chunks: readonly ChunkInfo[], t0: number, t1: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < chunks.length; i++) if (chunks[i].tMax >= t0 && chunks[i].tMin <= t1) out.push(i);
  return out;
}

/** Index of the chunk that holds event `index`; -1 when out of range. */
export function chunkOfEvent(chunks: readonly ChunkInfo[], index: number): number {
  let lo = 0;
  let hi = chunks.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const c = chunks[mid];
    if (index < c.offset) hi = mid - 1;
    else if (index >= c.offset + c.count) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/** The directory entry of a batch that starts at `offset`. */
export function chunkInfo(batch: EventBatch, offset: number): ChunkInfo {
  let tMin = Infinity;
  let tMax = -Infinity;
  const t = batch.t;
  for (let i = 0; i < t.length; i++) {
    if (t[i] < tMin) tMin = t[i];
    if (t[i] > tMax) tMax = t[i];
  }
  return { offset, count: t.length, tMin: t.length ? tMin : 0, tMax: t.length ? tMax : 0 };
}

/** The events of an in-memory trace as a source (small runs, tests, JSON files). */
export function traceEventSource(trace: Trace, chunkSize = 65536): IndexedEventSource {
  const n = trace.events.length;
  const chunks: ChunkInfo[] = [];
  for (let off = 0; off < n; off += chunkSize) {
    const end = Math.min(n, off + chunkSize);
    let tMin = Infinity;
    let tMax = -Infinity;
    for (let i = off; i < end; i++) {
      const t = trace.events[i].t;
      if (t < tMin) tMin = t;
      if (t > tMax) tMax = t;
    }
    chunks.push({ offset: off, count: end - off, tMin, tMax });
  }
  const readChunk = (index: number) => eventsToBatch(trace.events.slice(chunks[index].offset, chunks[index].offset + chunks[index].count));
  return {
    count: n,
    chunks,
    readChunk,
    forEachChunk(fn) {
      for (let i = 0; i < chunks.length; i++) fn(readChunk(i), chunks[i].offset);
    },
  };
}

/** An IndexedEventSource over batches already in memory (one chunk per batch). */
export function batchEventSource(batches: readonly EventBatch[]): IndexedEventSource {
  const chunks: ChunkInfo[] = [];
  let off = 0;
  for (const b of batches) {
    chunks.push(chunkInfo(b, off));
    off += b.t.length;
  }
  return {
    count: off,
    chunks,
    readChunk: (index) => batches[index],
    forEachChunk(fn) {
      for (let i = 0; i < batches.length; i++) fn(batches[i], chunks[i].offset);
    },
  };
}

/** Splits a trace into its header and its events as a source. */
export function splitTrace(trace: Trace): { header: TraceHeader; events: IndexedEventSource } {
  const { events: _events, ...header } = trace;
  return { header, events: traceEventSource(trace) };
}
