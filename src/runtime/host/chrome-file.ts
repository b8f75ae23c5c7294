// Writes a Chrome trace file as the exporter makes it (src/core/export/chrome.ts yields the document
// in chunks), through gzip when the path ends in .gz: Perfetto and chrome://tracing open both. A
// long run's export is never one string in memory, and the stream waits for the disk; a run too
// long to model whole streams from its binary trace.
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { chromeTraceJson } from '../../core/export/chrome';
import type { Model } from '../../core/model/types';
import { storedChromeJson } from './chrome-stored';
import type { IndexedEventSource, TraceHeader } from '../../core/trace/source';

export function writeChromeTraceFile(path: string, model: Model): Promise<void> {
  return writeChunks(path, chromeTraceJson(model));
}

/** A run too long to model whole, streamed from its binary trace a segment at a time (chrome-stored.ts). */
export function writeStoredChromeTraceFile(path: string, header: TraceHeader, events: IndexedEventSource): Promise<void> {
  return writeChunks(path, storedChromeJson(header, events));
}

async function writeChunks(path: string, chunks: Iterable<string>): Promise<void> {
  const text = Readable.from(chunks);
  if (path.endsWith('.gz')) await pipeline(text, createGzip(), createWriteStream(path));
  else await pipeline(text, createWriteStream(path));
}
