// Writes a Chrome trace file as the exporter makes it (src/core/export/chrome.ts yields the document
// in chunks), through gzip when the path ends in .gz: Perfetto and chrome://tracing open both. A
// long run's export is never one string in memory, and the stream waits for the disk.
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { chromeTraceJson } from '../../core/export/chrome';
import type { Model } from '../../core/model/types';

export async function writeChromeTraceFile(path: string, model: Model): Promise<void> {
  const text = Readable.from(chromeTraceJson(model));
  if (path.endsWith('.gz')) await pipeline(text, createGzip(), createWriteStream(path));
  else await pipeline(text, createWriteStream(path));
}
