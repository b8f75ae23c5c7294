// `interleave check` of a binary trace: every chunk decodes, and every event names a known kind
// and a thread of the header, with the index of the first that does not (as parse.ts names a
// JSON event's path).
import { eventKindName, noPKinds, threadPKinds } from '../kinds';
import type { TraceHeader } from '../source';
import type { TraceStoreReader } from './reader';

/** The first problem of the file's events, or undefined when there is none. */
export function checkStoredEvents(reader: TraceStoreReader, header: TraceHeader): string | undefined {
  const threads = new Set(header.threads.map((t) => t.id));
  const prims = new Set(header.primitives.map((p) => p.id));
  for (let c = 0; c < reader.chunks.length; c++) {
    const offset = reader.chunks[c].offset;
    let b;
    try {
      b = reader.readChunk(c);
    } catch (e) {
      return `chunk ${c} (events ${offset}…): ${(e as Error).message}`;
    }
    for (let i = 0; i < b.t.length; i++) {
      const k = b.k[i];
      const at = `events[${offset + i}]`;
      if (eventKindName[k] === undefined) return `${at}.k: unknown kind code ${k}`;
      if (!threads.has(b.th[i])) return `${at}.th: thread ${b.th[i]} is not in the thread table`;
      if (!(b.t[i] >= 0)) return `${at}.t: ${b.t[i]} is not a time since the run's start`;
      const p = b.p[i];
      if (p !== -1 && !noPKinds.has(k) && !threadPKinds.has(k) && !prims.has(p)) return `${at}.p: primitive ${p} is not in the primitive table`;
    }
  }
  return undefined;
}
