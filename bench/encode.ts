// `node dist/bench/encode.js TRACE.ilt --against=OTHER.js [--rounds=N]`: the runner's chunk encoder
// (docs/trace-store.md) on the chunks of a real binary trace, beside its baseline measured in the same
// run: another tree's encoder, bundled from its sources (in that tree: `printf "export * from
// './src/core/trace/binary/chunk'; export * from './src/core/trace/binary/varint';" | npx esbuild --bundle
// --platform=node --format=cjs --outfile=OTHER.js`). Both encode every chunk, alternated round by round; each
// must write the same bytes. Reported: ns an event (median of the rounds) for the number columns alone and for whole
// chunks (deflate included, as the runner pays it), and the ratio; then "first pass": a fresh process per sample
// (other and this alternated) encodes each chunk once, as a runner does over a run, so V8's compiling of the loops as
// they run (and any deoptimizing) is in it: the process's CPU time (every thread, the compiler's included) an event.
// Last, "read": the number columns read back (readNumbers, as decodeChunk does once a chunk is inflated).
// A trace to feed it: `HAMMER_OPS=250000 node dist/cli.js run test/fixtures/runtime/long-hammer.ts --no-sites --trace h.ilt`.
import { execFileSync } from 'node:child_process';
import { COLUMNS, encodeChunk, maxChunkBytes } from '../src/core/trace/binary/chunk';
import { readNumbers, writeNumbers } from '../src/core/trace/binary/varint';
import { allocBatch } from '../src/core/trace/batch';
import type { EventBatch } from '../src/core/trace/format';
import { chunkInfo } from '../src/core/trace/source';
import { nodeStoreCodec } from '../src/runtime/store/codec';
import { openTraceStore } from '../src/runtime/store/file';
import { median } from './baselines';

/** What this bench compares: an encoder's entry points (this tree's, or OTHER.js's). */
interface Encoder {
  encodeChunk: typeof encodeChunk;
  writeNumbers: typeof writeNumbers;
  readNumbers: typeof readNumbers;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const other = (path: string): Encoder => require(require('node:path').resolve(path)) as Encoder;

type Columns = (out: Uint8Array, batch: EventBatch) => number;
type Whole = (batch: EventBatch, scratch: Uint8Array, span: { tMin: number; tMax: number }) => Uint8Array;

/** The number columns of a chunk one after another, as encodeChunk writes them (k aside). */
const columnsWith =
  (write: typeof writeNumbers): Columns =>
  (out, batch) => {
    let o = 0;
    for (const col of COLUMNS) if (col !== 'k') o = write(batch[col], out, o);
    return o;
  };

function readChunks(path: string): EventBatch[] {
  const reader = openTraceStore(path);
  const chunks: EventBatch[] = [];
  reader.forEachChunk((c) => chunks.push(structuredClone(c)));
  reader.close();
  return chunks;
}

/** The child of a first-pass sample: each chunk encoded once by `who` ('now', else OTHER.js); prints CPU ns an event. */
function firstPass(path: string, who: string): void {
  const chunks = readChunks(path);
  const spans = chunks.map((c) => chunkInfo(c, 0));
  const events = chunks.reduce((n, c) => n + c.t.length, 0);
  const scratch = new Uint8Array(maxChunkBytes(Math.max(...chunks.map((c) => c.t.length))));
  const encode = who === 'now' ? encodeChunk : other(who).encodeChunk;
  const c0 = process.cpuUsage();
  chunks.forEach((c, i) => encode(c, nodeStoreCodec, scratch, spans[i]));
  const c = process.cpuUsage(c0);
  console.log(((c.user + c.system) * 1000) / events);
}

function main(): void {
  const args = process.argv.slice(2);
  if (args[1] === 'first-pass') return firstPass(args[0], args[2]);
  const option = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const path = args.find((a) => !a.startsWith('--'));
  const againstPath = option('against');
  if (!path || !againstPath) {
    console.error('usage: encode TRACE.ilt --against=OTHER.js [--rounds=N]');
    process.exit(2);
  }
  const baseline = other(againstPath);
  const rounds = Number(option('rounds')) || 9;
  const chunks = readChunks(path);
  const spans = chunks.map((c) => chunkInfo(c, 0));
  const events = chunks.reduce((n, c) => n + c.t.length, 0);
  const scratch = new Uint8Array(maxChunkBytes(Math.max(...chunks.map((c) => c.t.length))));
  const scratch2 = scratch.slice();

  const writers: Record<string, typeof writeNumbers> = { other: baseline.writeNumbers, now: writeNumbers };
  const columns: Record<string, Columns> = { other: columnsWith(baseline.writeNumbers), now: columnsWith(writeNumbers) };
  const whole: Record<string, Whole> = {
    other: (b, s, span) => baseline.encodeChunk(b, nodeStoreCodec, s, span),
    now: (b, s, span) => encodeChunk(b, nodeStoreCodec, s, span),
  };
  // The same bytes, chunk by chunk, ahead of any timing.
  let bytes = 0;
  chunks.forEach((c, i) => {
    const a = scratch.subarray(0, columns.other(scratch, c));
    const b = scratch2.subarray(0, columns.now(scratch2, c));
    if (Buffer.compare(a, b) !== 0) throw new Error(`chunk ${i}: the number columns differ from the baseline's`);
    const pa = whole.other(c, scratch, spans[i]);
    const pb = whole.now(c, scratch2, spans[i]);
    if (Buffer.compare(pa, pb) !== 0) throw new Error(`chunk ${i}: the payload differs from the baseline's`);
    bytes += pb.length;
  });

  // Each number column of each chunk as its own bytes, for the reader (as decodeChunk reads them once inflated).
  const encoded = chunks.flatMap((c) =>
    COLUMNS.filter((col) => col !== 'k').map((col) => {
      const out = new Uint8Array(maxChunkBytes(c.t.length));
      return { col, n: c.t.length, bytes: out.slice(0, writeNumbers(c[col], out, 0)), values: c[col] };
    }),
  );
  const into = allocBatch(Math.max(...chunks.map((c) => c.t.length)));
  const readers: Record<string, typeof readNumbers> = { other: baseline.readNumbers, now: readNumbers };
  const readAll = (who: string, col?: string) => {
    for (const e of encoded) if (!col || e.col === col) readers[who](e.bytes, 0, e.bytes.length, into[e.col].subarray(0, e.n));
  };
  for (const who of ['other', 'now'])
    for (const e of encoded) {
      const back = into[e.col].subarray(0, e.n);
      readers[who](e.bytes, 0, e.bytes.length, back);
      if (
        Buffer.compare(Buffer.from(back.buffer, back.byteOffset, back.byteLength), Buffer.from(e.values.buffer, e.values.byteOffset, e.values.byteLength)) !== 0
      )
        throw new Error(`${who}: column ${e.col} reads back other values`);
    }

  const samples: Record<string, number[]> = { 'columns other': [], 'columns now': [], 'chunks other': [], 'chunks now': [] };
  // CPU time, not wall: on a shared machine the process is not always on a core.
  const time = (fn: () => void) => {
    const c0 = process.cpuUsage();
    fn();
    const c = process.cpuUsage(c0);
    return ((c.user + c.system) * 1000) / events;
  };
  for (let r = 0; r < rounds + 2; r++) {
    // Alternate which goes first; the first two rounds warm both up and are not kept.
    const order = r % 2 === 0 ? ['other', 'now'] : ['now', 'other'];
    for (const who of order) {
      const ns = time(() => chunks.forEach((c) => columns[who](scratch, c)));
      if (r >= 2) samples[`columns ${who}`].push(ns);
    }
    for (const who of order) {
      const ns = time(() => chunks.forEach((c, i) => whole[who](c, scratch, spans[i])));
      if (r >= 2) samples[`chunks ${who}`].push(ns);
    }
    for (const who of order) {
      const ns = time(() => readAll(who));
      if (r >= 2) (samples[`read ${who}`] ??= []).push(ns);
    }
    for (const col of COLUMNS)
      for (const who of col === 'k' ? [] : order) {
        const ns = time(() => readAll(who, col));
        if (r >= 2) (samples[`read ${col} ${who}`] ??= []).push(ns);
      }
    for (const col of COLUMNS)
      for (const who of col === 'k' ? [] : order) {
        const ns = time(() => chunks.forEach((c) => writers[who](c[col as 't'], scratch, 0)));
        if (r >= 2) (samples[`${col} ${who}`] ??= []).push(ns);
      }
  }
  for (let r = 0; r < rounds; r++)
    for (const who of r % 2 === 0 ? ['other', 'now'] : ['now', 'other'])
      (samples[`first pass ${who}`] ??= []).push(
        Number(execFileSync(process.execPath, [__filename, path, 'first-pass', who === 'now' ? who : againstPath], { encoding: 'utf8' })),
      );
  const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
  console.log(`${events.toLocaleString('en')} events in ${chunks.length} chunks, ${(bytes / events).toFixed(2)} bytes an event; ${rounds} rounds, medians`);
  for (const what of [
    'columns',
    ...COLUMNS.filter((c) => c !== 'k').map((c) => `  ${c}`),
    'chunks',
    'first pass',
    'read',
    ...COLUMNS.filter((c) => c !== 'k').map((c) => `read ${c}`),
  ])
    console.log(
      `${what.padEnd(10)} other ${m[`${what.trim()} other`].toFixed(1).padStart(6)} ns/event   now ${m[`${what.trim()} now`].toFixed(1).padStart(6)} ns/event   ${(m[`${what.trim()} other`] / m[`${what.trim()} now`]).toFixed(2)}x cheaper`,
    );
}

main();
