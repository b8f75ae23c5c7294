// The binary trace on disk: a sink that appends whole records (and takes a failed one back, so a
// full disk leaves a valid file), and a byte source that reads ranges of a file that may still grow.
import { closeSync, fstatSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';
import type { ByteSink } from '../../core/trace/binary/writer';
import { type ByteSource, TraceStoreReader, type StoreReaderOptions } from '../../core/trace/binary/reader';
import { nodeStoreCodec } from './codec';

export class FileSink implements ByteSink {
  private readonly fd: number;
  private size = 0;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'w');
  }

  write(parts: readonly Uint8Array[]): void {
    const before = this.size;
    try {
      for (const p of parts) {
        let o = 0;
        while (o < p.length) o += writeSync(this.fd, p, o, p.length - o, this.size + o);
        this.size += p.length;
      }
    } catch (e) {
      this.size = before;
      try {
        ftruncateSync(this.fd, before);
      } catch {
        // the write's own error says what went wrong
      }
      throw e;
    }
  }

  close(): void {
    closeSync(this.fd);
  }
}

export class FileSource implements ByteSource {
  private readonly fd: number;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'r');
  }

  size(): number {
    return fstatSync(this.fd).size;
  }

  read(position: number, length: number): Uint8Array {
    const out = Buffer.allocUnsafe(length);
    let o = 0;
    while (o < length) {
      const n = readSync(this.fd, out, o, length - o, position + o);
      if (n === 0) throw new Error(`${this.path}: ends at byte ${position + o}, ${length - o} bytes short`);
      o += n;
    }
    return out;
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** Opens a binary trace file for reading (also one still being written). */
export function openTraceStore(path: string, options?: StoreReaderOptions): TraceStoreReader & { close(): void } {
  const source = new FileSource(path);
  try {
    const reader = new TraceStoreReader(source, nodeStoreCodec, options) as TraceStoreReader & { close(): void };
    reader.close = () => source.close();
    return reader;
  } catch (e) {
    source.close();
    throw new Error(`${path}: ${(e as Error).message}`);
  }
}
