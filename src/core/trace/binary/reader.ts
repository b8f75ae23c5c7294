// Reads a binary trace (docs/trace-store.md), whole or the prefix of one still being written or
// cut short by a kill: the directory of records is built by reading frame headers only, the
// messages are folded into a TraceHeader, and chunks are decoded when asked for (a few recent ones
// cached), so opening a 30 M-event file reads a few kB and holds no event until one is read.
import type { EventBatch, Outcome, Trace, TraceEvent } from '../format';
import { allocBatch, batchToEvents } from '../batch';
import { TraceBuilder } from '../builder';
import type { RunnerToHost } from '../../protocol/runner';
import type { ChunkInfo, IndexedEventSource, TraceHeader } from '../source';
import type { StoreCodec } from './codec';
import { CHUNK_INFO_BYTES, chunkHeader, decodeChunk } from './chunk';
import { FILE_HEADER_BYTES, FRAME_BYTES, RecordType, readFileHeader, readFrame } from './records';

/** Random access to the file's bytes; `size` may grow while the file is written (refresh() reads on). */
export interface ByteSource {
  size(): number;
  read(position: number, length: number): Uint8Array;
}

export interface StoreReaderOptions {
  /** Bytes of decoded chunks kept for re-reads (default 64 MB). */
  cacheBytes?: number;
}

export class TraceStoreReader implements IndexedEventSource {
  readonly chunks: ChunkInfo[] = [];
  private readonly positions: number[] = [];
  private readonly builder = new TraceBuilder();
  private pos = FILE_HEADER_BYTES;
  count = 0;
  /** Bytes of whole records read so far. */
  bytes = FILE_HEADER_BYTES;
  /** Set when the file ends in a record that is cut short or does not decode (a killed writer). */
  torn?: string;
  /** The file's format version (records.ts): older ones read as they are. */
  readonly version: number;
  private readonly cache = new Map<number, EventBatch>();
  private cached = 0;

  constructor(
    private readonly source: ByteSource,
    private readonly codec: StoreCodec,
    private readonly options: StoreReaderOptions = {},
  ) {
    this.version = readFileHeader(source.read(0, Math.min(FILE_HEADER_BYTES, source.size())));
    this.refresh();
  }

  /** Reads the records appended since the last look; returns whether there were any. */
  refresh(): boolean {
    const size = this.source.size();
    const before = this.pos;
    this.torn = undefined;
    while (this.pos + FRAME_BYTES <= size) {
      // The frame and a chunk's directory entry in one read (a 30 M-event file has ~460 chunks).
      const head = this.source.read(this.pos, Math.min(FRAME_BYTES + CHUNK_INFO_BYTES, size - this.pos));
      const { length, type } = readFrame(head);
      const at = this.pos + FRAME_BYTES;
      if (at + length > size) {
        this.torn = `the last record is cut short at byte ${this.pos} (the writer was stopped mid-write)`;
        break;
      }
      if (type === RecordType.chunk) {
        const info = chunkHeader(head.subarray(FRAME_BYTES, FRAME_BYTES + Math.min(length, CHUNK_INFO_BYTES)), this.count);
        this.chunks.push(info);
        this.positions.push(this.pos);
        this.count += info.count;
      } else if (type === RecordType.messages) {
        let messages: RunnerToHost[];
        try {
          messages = JSON.parse(this.codec.decodeText(this.source.read(at, length))) as RunnerToHost[];
        } catch {
          this.torn = `the record at byte ${this.pos} does not decode`;
          break;
        }
        for (const m of messages) this.builder.accept(m);
      }
      this.pos = at + length;
    }
    if (!this.torn && this.pos < size) this.torn = `the file ends in ${size - this.pos} bytes of a record cut short`;
    this.bytes = this.pos;
    return this.pos > before;
  }

  /** Whether the run's outcome is in the file (it was written to its end). */
  get complete(): boolean {
    return this.builder.outcome !== undefined;
  }

  /** Meta, threads, primitives, sites, strings and outcome; `fallback` stands for the outcome of a run cut short. */
  header(fallback?: Outcome): TraceHeader {
    const lastT = this.chunks.reduce((m, c) => Math.max(m, c.tMax), 0);
    // The stand-in outcome only when the file has none (its wording needs Intl, whose first use costs tens of ms).
    return this.builder.header(
      fallback ??
        this.builder.outcome ?? {
          kind: 'stopped',
          summary: `The recording ends after ${this.count.toLocaleString('en')} events, without the run's outcome`,
          explanation: `The trace file was not finished (its run was killed or is still going); the ${this.count.toLocaleString('en')} events it holds are shown.${this.torn ? ` Its end: ${this.torn}.` : ''}`,
          durationNs: lastT,
        },
      lastT,
    );
  }

  /** The whole trace with one object per event, in time order as a live run's (TraceBuilder): for small runs only. */
  trace(fallback?: Outcome): Trace {
    const events: TraceEvent[] = [];
    this.forEachChunk((c) => {
      for (const e of batchToEvents(c)) events.push(e);
    });
    events.sort((x, y) => x.t - y.t); // stable: each thread's events keep their order
    const { version, meta, threads, primitives, sites, strings, outcome, processes } = this.header(fallback);
    return { version, meta, threads, primitives, sites, strings, events, outcome, ...(processes ? { processes } : {}) };
  }

  readChunk(index: number): EventBatch {
    const hit = this.cache.get(index);
    if (hit) {
      this.cache.delete(index);
      this.cache.set(index, hit); // most recent last
      return hit;
    }
    const at = this.positions[index];
    if (at === undefined) throw new RangeError(`chunk ${index} of ${this.chunks.length}`);
    const { length } = readFrame(this.source.read(at, FRAME_BYTES));
    const batch = decodeChunk(this.source.read(at + FRAME_BYTES, length), this.codec);
    this.remember(index, batch);
    return batch;
  }

  /** Every chunk in order, decoded into one reused batch (cached chunks are handed as they are). */
  forEachChunk(fn: (chunk: EventBatch, offset: number) => void): void {
    let scratch: EventBatch | undefined;
    for (let i = 0; i < this.chunks.length; i++) {
      const hit = this.cache.get(i);
      if (hit) {
        fn(hit, this.chunks[i].offset);
        continue;
      }
      const at = this.positions[i];
      const { length } = readFrame(this.source.read(at, FRAME_BYTES));
      scratch ??= allocBatch(Math.max(...this.chunks.map((c) => c.count)));
      fn(decodeChunk(this.source.read(at + FRAME_BYTES, length), this.codec, scratch), this.chunks[i].offset);
    }
  }

  private remember(index: number, batch: EventBatch): void {
    const size = batch.t.length * 48;
    const budget = this.options.cacheBytes ?? 64 << 20;
    if (size > budget) return;
    this.cache.set(index, batch);
    this.cached += size;
    for (const [i, b] of this.cache) {
      if (this.cached <= budget) break;
      this.cache.delete(i);
      this.cached -= b.t.length * 48;
    }
  }
}
