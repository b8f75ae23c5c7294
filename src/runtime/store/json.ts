// The JSON trace (docs/trace-format.md) of a stored run, written chunk by chunk: a run too long
// to hold as objects still exports, holding one chunk's events at a time. Events are written in
// the store's order (each thread's in time order; the format lets readers sort).
import { closeSync, openSync, writeSync } from 'node:fs';
import { batchToEvents } from '../../core/trace/batch';
import type { EventSource, TraceHeader } from '../../core/trace/source';

export function writeJsonTrace(path: string, header: TraceHeader, events: EventSource): void {
  const fd = openSync(path, 'w');
  try {
    const { version, meta, threads, primitives, sites, strings, outcome, processes, findings } = header;
    const head = JSON.stringify({ version, meta, threads, primitives, sites, strings });
    writeSync(fd, `${head.slice(0, -1)},"events":[`);
    let first = true;
    events.forEachChunk((chunk) => {
      const list = batchToEvents(chunk);
      if (!list.length) return;
      const text = JSON.stringify(list);
      writeSync(fd, first ? text.slice(1, -1) : `,${text.slice(1, -1)}`);
      first = false;
    });
    const tail = { outcome, ...(processes ? { processes } : {}), ...(findings ? { findings } : {}) };
    writeSync(fd, `],${JSON.stringify(tail).slice(1)}`);
  } finally {
    closeSync(fd);
  }
}
