// Writes a run into the binary trace as it happens (docs/trace-store.md): the runner's messages
// go in as they come, events are gathered into a chunk of typed-array columns and written when it
// is full or flush() is called, so memory holds one chunk whatever the run's length and the file
// is readable at every record boundary. A configured event or byte limit, or a sink that fails
// (disk full), stops the recording: what was written stays a valid trace, and `stop` says why.
import { allocBatch, sliceBatch } from '../batch';
import type { EventBatch, ThreadInfo } from '../format';
import { EventKind } from '../kinds';
import type { RunnerToHost } from '../../protocol/runner';
import type { StoreCodec } from './codec';
import { encodeChunk, maxChunkBytes } from './chunk';
import { FRAME_BYTES, RecordType, fileHeader, frame } from './records';

/**
 * Where the bytes go, appended in order. When it cannot take a record (disk full) it throws and
 * leaves the file as it was before that record, so what is written stays a whole file.
 */
export interface ByteSink {
  write(parts: readonly Uint8Array[]): void;
}

export interface StoreLimits {
  /** Events per chunk (default 65,536: ~3 MB of columns in memory, a few hundred kB on disk). */
  chunkEvents?: number;
  /** Stop recording after this many events (0 or absent: no limit). */
  maxEvents?: number;
  /** Stop recording before the file would pass this many bytes (0 or absent: no limit). */
  maxBytes?: number;
}

/** Why recording stopped before the run did. */
export interface StoreStop {
  kind: 'events' | 'disk' | 'error';
  /** Events kept. */
  events: number;
  /** Time of the last event kept (ns since start). */
  lastT: number;
  message: string;
}

export class TraceStoreWriter {
  private readonly chunk: EventBatch;
  private fill = 0;
  private readonly scratch: Uint8Array;
  private pending: RunnerToHost[] = [];
  private readonly threads = new Map<number, ThreadInfo>();
  private readonly dirtyThreads = new Set<number>();
  /** Events written or gathered so far. */
  count = 0;
  /** Bytes written to the sink. */
  bytes = 0;
  lastT = 0;
  /** lastT when the last chunk was written. */
  private keptT = 0;
  /** Time span of the gathered chunk, kept while appending (its header needs it: no second pass). */
  private span = { tMin: Infinity, tMax: -Infinity };
  stop?: StoreStop;
  /**
   * Called with each chunk once it is in the file, in order, and the index of its first event in
   * the run (the timeline's pyramid is built from them: core/timeline/pyramid.ts); the batch is reused after the call.
   */
  onChunk?: (chunk: EventBatch, offset: number) => void;

  constructor(
    private readonly sink: ByteSink,
    private readonly codec: StoreCodec,
    private readonly limits: StoreLimits = {},
  ) {
    const n = limits.chunkEvents ?? 65536;
    this.chunk = allocBatch(n);
    this.scratch = new Uint8Array(maxChunkBytes(n));
    this.put(fileHeader());
  }

  /** One message of the runner's stream; events are gathered into chunks, the rest logged as is. */
  accept(m: RunnerToHost): void {
    if (m.type === 'events') return this.append(m.batch);
    if (m.type === 'thread') {
      const merged = { ...this.threads.get(m.thread.id), ...m.thread };
      this.threads.set(m.thread.id, merged);
      this.dirtyThreads.delete(m.thread.id);
      this.pending.push({ type: 'thread', thread: merged });
      return;
    }
    this.pending.push(m);
  }

  /** Appends events (as many as the limits let in). */
  append(batch: EventBatch): void {
    const n = batch.t.length;
    let i = 0;
    while (i < n && !this.stop) {
      const max = this.limits.maxEvents ? this.limits.maxEvents - this.count : Infinity;
      if (max <= 0) {
        this.stopWith('events', `the event limit (${this.limits.maxEvents!.toLocaleString('en')} events) was reached`);
        break;
      }
      const take = Math.min(n - i, this.chunk.t.length - this.fill, max);
      for (const col of ['t', 'th', 'k', 'p', 'a', 'q', 'l', 'at'] as const)
        (this.chunk[col] as Float64Array).set((batch[col] as Float64Array).subarray(i, i + take), this.fill);
      this.noteThreadTimes(this.fill, this.fill + take);
      this.fill += take;
      this.count += take;
      i += take;
      if (this.fill === this.chunk.t.length) this.flush();
    }
  }

  /** Writes what is gathered: the pending messages, then the partial chunk. The file is whole after it. */
  flush(): void {
    this.writeMessages();
    // After an event limit the gathered events are kept; after a failed write nothing more is tried.
    if (this.fill === 0 || (this.stop && this.stop.kind !== 'events')) return;
    const view = sliceBatch(this.chunk, this.fill);
    const payload = encodeChunk(view, this.codec, this.scratch, this.span);
    this.span = { tMin: Infinity, tMax: -Infinity };
    if (this.limits.maxBytes && this.bytes + FRAME_BYTES + payload.length > this.limits.maxBytes) {
      this.count -= this.fill;
      this.fill = 0;
      this.stopWith('disk', `the trace file reached its size limit (${formatBytes(this.limits.maxBytes)})`);
      this.writeMessages();
      return;
    }
    if (this.put(frame(RecordType.chunk, payload.length), payload)) {
      this.onChunk?.(view, this.count - this.fill);
      this.fill = 0;
      this.keptT = this.lastT;
    }
  }

  /** Flushes and writes the closing messages (the outcome). */
  finish(closing: RunnerToHost[] = []): void {
    this.flush();
    this.pending.push(...closing);
    this.writeMessages();
  }

  private writeMessages(): void {
    for (const id of this.dirtyThreads) this.pending.push({ type: 'thread', thread: this.threads.get(id)! });
    this.dirtyThreads.clear();
    if (!this.pending.length) return;
    const payload = this.codec.encodeText(JSON.stringify(this.pending));
    this.pending = [];
    this.put(frame(RecordType.messages, payload.length), payload);
  }

  /**
   * Thread start and end times come from events; the thread table carries them so no reader has to scan for them.
   * The same pass keeps the chunk's time span and the latest time.
   */
  private noteThreadTimes(from: number, to: number): void {
    const { k, t } = this.chunk;
    const span = this.span;
    let tMin = span.tMin;
    let tMax = span.tMax;
    for (let i = from; i < to; i++) {
      const ti = t[i];
      if (ti < tMin) tMin = ti;
      if (ti > tMax) tMax = ti;
      const code = k[i];
      if (code === EventKind.threadStart || code === EventKind.threadEnd) this.noteThreadTime(code, this.chunk.th[i], ti);
    }
    span.tMin = tMin;
    span.tMax = tMax;
    if (tMax > this.lastT) this.lastT = tMax;
  }

  private noteThreadTime(code: number, th: number, t: number): void {
    const info = this.threads.get(th) ?? ({ id: th } as ThreadInfo);
    if (code === EventKind.threadStart) info.start = t;
    else info.end = t;
    this.threads.set(th, info);
    this.dirtyThreads.add(th);
  }

  private put(...parts: Uint8Array[]): boolean {
    try {
      this.sink.write(parts);
      for (const p of parts) this.bytes += p.length;
      return true;
    } catch (e) {
      const message = (e as Error)?.message ?? String(e);
      this.count -= this.fill;
      this.fill = 0;
      if (/ENOSPC/.test(message)) this.stopWith('disk', 'the disk is full');
      else this.stopWith('error', `the trace file could not be written (${message})`);
      return false;
    }
  }

  private stopWith(kind: StoreStop['kind'], why: string): void {
    if (this.stop) return;
    if (kind !== 'events') this.lastT = this.keptT;
    this.stop = {
      kind,
      events: this.count,
      lastT: this.lastT,
      message: `Recording stopped: ${why}. ${this.count.toLocaleString('en')} events are kept, up to ${(this.lastT / 1e9).toFixed(3)} s.`,
    };
  }
}

function formatBytes(n: number): string {
  return n >= 1 << 30 ? `${(n / (1 << 30)).toFixed(1)} GB` : `${Math.round(n / (1 << 20))} MB`;
}
