// `npm run bench:walks -- TRACE.ilt... [--against=OTHER.js] [--rounds=N] [--only=summary,findings]`:
// what the runner's main thread spends per event walking what it records, fed the chunks of real
// binary traces: the terminal summary's walk and the analyses' walk (runtime/store/run-walks.ts,
// each chunk as it is written) and the store writer's append, whose thread-times pass is its only
// per-event work besides copying the columns (its chunks are not encoded here). On this 2-core
// machine every ns of it is taken from the scenario's threads.
// --against: this bench built from another tree (`esbuild bench/run-walks.ts --bundle --platform=node
// --outfile=OTHER.js` there); its stages run alternated with these in the same process, on the same
// chunks, and must give the same results. A stage only one build has counts 0 in the other (the
// drain's LastAcquired pass over each batch, before its acquisitions were noted as they are copied).
// Median of the rounds, ns of CPU time per event.
import { finishFindings } from '../src/core/analysis/findings';
import { finishSummary } from '../src/core/render/summary';
import { allocBatch, copyBatch } from '../src/core/trace/batch';
import { TraceStoreWriter } from '../src/core/trace/binary/writer';
import type { EventBatch } from '../src/core/trace/format';
import type { EventSource, TraceHeader } from '../src/core/trace/source';
import { nodeStoreCodec } from '../src/runtime/store/codec';
import { openTraceStore } from '../src/runtime/store/file';
import { RunWalks } from '../src/runtime/store/run-walks';

/** A trace's header and its chunks, in memory. */
export interface WalkTrace {
  header: TraceHeader;
  chunks: EventBatch[];
  events: number;
}

/** A stage's time over the whole trace, and what it computed (the same in both trees, or the bench fails). */
export interface StageRun {
  ms: number;
  result: string;
}

/** Events the drain hands the writer at a time (a 5 ms drain of a busy run). */
const APPEND_EVENTS = 4096;

export const stages: Record<string, (trace: WalkTrace) => StageRun> = {
  summary: (trace) => {
    const walks = noted(new RunWalks({ summarize: true }), trace.header);
    const ms = eachChunk(trace, (c, offset) => walks.feed(c, offset));
    const s = finishSummary(walks.summary!.data, trace.header, sourceOf(trace), 100);
    return { ms, result: JSON.stringify(s && { splits: s.splits, contention: s.contention, lanes: s.lanes(100), sameAsModel: s.sameAsModel }) };
  },
  findings: (trace) => {
    const walks = noted(new RunWalks({ analyze: true }), trace.header);
    const ms = eachChunk(trace, (c, offset) => walks.feed(c, offset));
    return { ms, result: JSON.stringify(finishFindings(walks.findings!.data, trace.header, sourceOf(trace))) };
  },
  writerAppend: (trace) => {
    let messages = '';
    const sink = {
      write: (parts: readonly Uint8Array[]) => void (parts.length === 2 && parts[1][0] === 0x5b && (messages += nodeStoreCodec.decodeText(parts[1]))),
    };
    const writer = new TraceStoreWriter(sink, nodeStoreCodec);
    // Its chunk is reused as in a run, never encoded (that is the encoder's bench); its thread table is written at the end.
    const encodeless = writer as unknown as { fill: number; flush(): void };
    encodeless.flush = () => void (encodeless.fill = 0);
    const ms = eachChunk(trace, (c) => {
      for (let i = 0; i < c.t.length; i += APPEND_EVENTS) writer.append(sliceOf(c, i, i + APPEND_EVENTS));
    });
    TraceStoreWriter.prototype.flush.call(writer);
    return { ms, result: `${writer.count} ${writer.lastT} ${messages}` };
  },
};

/** One chunk's columns, reused as the runner reuses its chunk: what a walk reads was just written, as in a run. */
const hot = allocBatch(1 << 16);

/**
 * Feeds `fn` each chunk of the trace from `hot`, with its offset; the CPU time spent in `fn`, ms (on
 * a loaded machine wall time also counts the waits for a core, which swamp the walks' own).
 */
function eachChunk(trace: WalkTrace, fn: (c: EventBatch, offset: number) => void): number {
  let ms = 0;
  let offset = 0;
  for (const c of trace.chunks) {
    const n = c.t.length;
    for (const col of ['t', 'th', 'k', 'p', 'a', 'q', 'l', 'at'] as const) (hot[col] as Float64Array).set(c[col] as Float64Array);
    const view = sliceOf(hot, 0, n);
    const before = process.cpuUsage();
    fn(view, offset);
    const spent = process.cpuUsage(before);
    ms += (spent.user + spent.system) / 1000;
    offset += n;
  }
  return ms;
}

function noted(walks: RunWalks, header: TraceHeader): RunWalks {
  for (const primitive of header.primitives) walks.note({ type: 'primitive', primitive });
  for (const thread of header.threads) walks.note({ type: 'thread', thread });
  return walks;
}

function sourceOf(trace: WalkTrace): EventSource {
  return {
    count: trace.events,
    forEachChunk(fn) {
      let offset = 0;
      for (const c of trace.chunks) {
        fn(c, offset);
        offset += c.t.length;
      }
    },
  };
}

function sliceOf(c: EventBatch, from: number, to: number): EventBatch {
  const j = Math.min(c.t.length, to);
  return {
    t: c.t.subarray(from, j),
    th: c.th.subarray(from, j),
    k: c.k.subarray(from, j),
    p: c.p.subarray(from, j),
    a: c.a.subarray(from, j),
    q: c.q.subarray(from, j),
    l: c.l.subarray(from, j),
    at: c.at.subarray(from, j),
  };
}

function loadTrace(path: string): WalkTrace {
  const reader = openTraceStore(path);
  try {
    const chunks: EventBatch[] = [];
    reader.forEachChunk((c) => chunks.push(copyBatch(c, c.t.length)));
    return { header: reader.header(), chunks, events: reader.count };
  } finally {
    reader.close();
  }
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function main(): void {
  const args = process.argv.slice(2);
  const option = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const paths = args.filter((a) => !a.startsWith('--'));
  if (!paths.length) {
    console.error('usage: run-walks TRACE.ilt... [--against=OTHER.js] [--rounds=N] [--only=STAGE,...]');
    process.exit(2);
  }
  const rounds = Number(option('rounds') ?? 7);
  const againstPath = option('against');
  const only = option('only')?.split(',');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const against = againstPath ? (require(require('node:path').resolve(againstPath)) as { stages: typeof stages }).stages : undefined;
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
  let failed = false;
  for (const path of paths) {
    const trace = loadTrace(path);
    console.log(`\n${path}: ${trace.events.toLocaleString('en')} events in ${trace.chunks.length} chunks`);
    console.log(against ? 'stage            this ns/ev   other ns/ev   this/other' : 'stage            ns/ev');
    let sumThis = 0;
    let sumOther = 0;
    // A stage only one build has (a pass the other no longer makes) counts as 0 ns in the other.
    for (const name of new Set([...Object.keys(stages), ...Object.keys(against ?? {})])) {
      if (only && !only.includes(name)) continue;
      const mine: number[] = [];
      const theirs: number[] = [];
      let expected: string | undefined;
      for (let r = 0; r < rounds; r++) {
        // Alternated, each first in turn (this tree first in round 0, so its result is the one expected).
        for (const own of r % 2 === 0 ? [true, false] : [false, true]) {
          const stage = own ? stages[name] : against?.[name];
          if (!stage) continue;
          gc();
          const run = stage(trace);
          (own ? mine : theirs).push(run.ms);
          if (r > 0) continue;
          if (own) expected = run.result;
          else if (stages[name] && run.result !== expected) {
            console.error(`${name}: the two trees give different results on ${path}`);
            failed = true;
          }
        }
      }
      const ns = mine.length ? (median(mine) * 1e6) / trace.events : 0;
      sumThis += ns;
      if (!against) {
        console.log(`${name.padEnd(16)} ${ns.toFixed(1).padStart(6)}`);
        continue;
      }
      const nsOther = theirs.length ? (median(theirs) * 1e6) / trace.events : 0;
      sumOther += nsOther;
      console.log(`${name.padEnd(16)} ${ns.toFixed(1).padStart(9)}   ${nsOther.toFixed(1).padStart(11)}   ${(ns / nsOther).toFixed(2).padStart(10)}`);
    }
    console.log(
      against
        ? `${'all'.padEnd(16)} ${sumThis.toFixed(1).padStart(9)}   ${sumOther.toFixed(1).padStart(11)}   ${(sumThis / sumOther).toFixed(2).padStart(10)}`
        : `${'all'.padEnd(16)} ${sumThis.toFixed(1).padStart(6)}`,
    );
  }
  if (failed) process.exit(1);
}

if (require.main === module) main();
