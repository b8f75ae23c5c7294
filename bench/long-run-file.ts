// `node dist/bench/long-run-file.js OUT EVENTS`: writes the synthetic Lock hammer of bench/long-run.ts
// as a binary trace (docs/trace-store.md) — the long runs the VS Code suite opens.
import { TraceStoreWriter } from '../src/core/trace/binary/writer';
import { nodeStoreCodec } from '../src/runtime/store/codec';
import { FileSink } from '../src/runtime/store/file';
import { longRun } from './long-run';

export function writeLongRun(path: string, events: number): { events: number; durationNs: number } {
  const sink = new FileSink(path);
  const writer = new TraceStoreWriter(sink, nodeStoreCodec);
  const run = longRun(events, { opening: (ms) => ms.forEach((m) => writer.accept(m)), chunk: (b) => writer.append(b) });
  writer.finish(run.closing);
  sink.close();
  return { events: run.events, durationNs: run.durationNs };
}

if (require.main === module) {
  const [out, n] = process.argv.slice(2);
  if (!out || !(Number(n) > 0)) {
    console.error('usage: long-run-file OUT EVENTS');
    process.exit(2);
  }
  console.log(JSON.stringify(writeLongRun(out, Number(n))));
}
