import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { eventsToBatch, batchToEvents } from '../../src/core/trace/batch';
import { decodeChunk, encodeChunk } from '../../src/core/trace/binary/chunk';
import { type ByteSource, TraceStoreReader } from '../../src/core/trace/binary/reader';
import { TraceStoreWriter, type ByteSink } from '../../src/core/trace/binary/writer';
import type { RunnerToHost } from '../../src/core/protocol/runner';
import type { Trace } from '../../src/core/trace/format';
import { chunksInRange, chunkOfEvent, splitTrace } from '../../src/core/trace/source';
import { readNumbers, writeNumbers } from '../../src/core/trace/binary/varint';
import { nodeStoreCodec } from '../../src/runtime/store/codec';
import { FIXTURES, fixture, fixtureNames } from './fixtures';

/** An in-memory file: the sink appends, the source reads what is there so far. */
class MemoryFile implements ByteSink, ByteSource {
  bytes = new Uint8Array(1 << 16);
  length = 0;
  /** Throws (like a full disk) once a write would pass this size. */
  capacity = Infinity;
  write(parts: readonly Uint8Array[]): void {
    const total = parts.reduce((s, p) => s + p.length, 0);
    if (this.length + total > this.capacity) throw new Error('ENOSPC: no space left on device, write');
    for (const p of parts) {
      if (this.length + p.length > this.bytes.length) {
        const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + p.length));
        grown.set(this.bytes.subarray(0, this.length));
        this.bytes = grown;
      }
      this.bytes.set(p, this.length);
      this.length += p.length;
    }
  }
  size(): number {
    return this.length;
  }
  read(position: number, length: number): Uint8Array {
    return this.bytes.slice(position, Math.min(this.length, position + length));
  }
  prefix(n: number): MemoryFile {
    const f = new MemoryFile();
    f.write([this.bytes.subarray(0, n)]);
    return f;
  }
}

/** The runner's stream of a trace: tables, then its events in batches of `batch`, then the outcome. */
function stream(trace: Trace, batch = 7): RunnerToHost[] {
  const out: RunnerToHost[] = [
    { type: 'meta', meta: trace.meta },
    { type: 'sites', base: 0, sites: trace.sites },
    { type: 'strings', base: 0, strings: trace.strings },
  ];
  for (const p of trace.primitives) out.push({ type: 'primitive', primitive: p });
  for (const { start: _s, end: _e, ...t } of trace.threads) out.push({ type: 'thread', thread: t });
  for (let i = 0; i < trace.events.length; i += batch) out.push({ type: 'events', batch: eventsToBatch(trace.events.slice(i, i + batch)) });
  for (const p of trace.processes ?? []) out.push({ type: 'process', process: p });
  out.push({ type: 'outcome', outcome: trace.outcome });
  return out;
}

function write(trace: Trace, limits = {}, file = new MemoryFile()): { file: MemoryFile; writer: TraceStoreWriter } {
  const writer = new TraceStoreWriter(file, nodeStoreCodec, { chunkEvents: 16, ...limits });
  const messages = stream(trace);
  for (const m of messages.slice(0, -1)) writer.accept(m);
  writer.finish(writer.stop ? [] : messages.slice(-1));
  return { file, writer };
}

function eventsOf(reader: TraceStoreReader) {
  const out: ReturnType<typeof batchToEvents> = [];
  reader.forEachChunk((c) => out.push(...batchToEvents(c)));
  return out;
}

describe('binary trace store', () => {
  for (const name of fixtureNames)
    it(`reads back the same trace, event for event: ${name}`, () => {
      const trace = fixture(name);
      const reader = new TraceStoreReader(write(trace).file, nodeStoreCodec);
      assert.equal(reader.complete, true);
      assert.equal(reader.torn, undefined);
      assert.deepEqual(eventsOf(reader), batchToEvents(eventsToBatch(trace.events)));
      const { header } = splitTrace(trace);
      assert.deepEqual(reader.header(), JSON.parse(JSON.stringify(header)));
    });

  it('keeps fractions, NaN, large and negative values exactly', () => {
    const values = [0, 1, -1, 0.5, Number.NaN, 2 ** 40, -(2 ** 52), 2 ** 53 + 2, 1e300, -0.25, 7, 7, 6];
    const batch = eventsToBatch(values.map((v, i) => ({ t: i * 1000 + 0.125 * (i % 2), th: 1, k: 'sharedWrite', p: 1, a: v, q: i, l: -1 })));
    const back = decodeChunk(encodeChunk(batch, nodeStoreCodec), nodeStoreCodec);
    assert.deepEqual([...back.a], [...batch.a]);
    assert.deepEqual([...back.t], [...batch.t]);
    assert.deepEqual(batchToEvents(back), batchToEvents(batch));
  });

  it('gives a directory to read chunks by index and by time', () => {
    const trace = fixture('lock-contention');
    const reader = new TraceStoreReader(write(trace).file, nodeStoreCodec);
    assert.ok(reader.chunks.length > 1);
    const mid = reader.chunks[1];
    assert.equal(chunkOfEvent(reader.chunks, mid.offset), 1);
    assert.ok(chunksInRange(reader.chunks, mid.tMin, mid.tMin).includes(1));
    const batch = reader.readChunk(1);
    assert.deepEqual(batchToEvents(batch), batchToEvents(eventsToBatch(trace.events.slice(mid.offset, mid.offset + mid.count))));
  });

  it('reads every whole record of a file cut anywhere (a killed writer), and says it is unfinished', () => {
    const trace = fixture('lock-contention');
    const { file } = write(trace);
    const all = batchToEvents(eventsToBatch(trace.events));
    for (let cut = 16; cut < file.length; cut += 37) {
      const reader = new TraceStoreReader(file.prefix(cut), nodeStoreCodec);
      const events = eventsOf(reader);
      assert.deepEqual(events, all.slice(0, events.length), `cut at ${cut}`);
      if (!reader.complete) assert.match(reader.header().outcome.summary, /without the run's outcome/);
    }
  });

  it('reads on as the file grows (a live reader)', () => {
    const trace = fixture('lock-contention');
    const file = new MemoryFile();
    const writer = new TraceStoreWriter(file, nodeStoreCodec, { chunkEvents: 16 });
    const messages = stream(trace);
    const reader = new TraceStoreReader(file, nodeStoreCodec);
    let seen = 0;
    for (const m of messages) {
      writer.accept(m);
      writer.flush();
      reader.refresh();
      assert.ok(reader.count >= seen);
      seen = reader.count;
    }
    writer.finish();
    reader.refresh();
    assert.equal(reader.count, trace.events.length);
    assert.equal(reader.complete, true);
  });

  it('stops at an event limit, keeping the prefix and saying where it stopped', () => {
    const trace = fixture('lock-contention');
    const { file, writer } = write(trace, { maxEvents: 20 });
    assert.equal(writer.stop?.kind, 'events');
    assert.equal(writer.stop?.events, 20);
    assert.match(writer.stop!.message, /event limit \(20 events\).*20 events are kept, up to \d+\.\d{3} s/);
    const reader = new TraceStoreReader(file, nodeStoreCodec);
    assert.equal(reader.count, 20);
    assert.deepEqual(eventsOf(reader), batchToEvents(eventsToBatch(trace.events.slice(0, 20))));
  });

  it('stops at a byte limit and when the disk is full, leaving a readable file', () => {
    const base = fixture('lock-contention');
    // Twenty copies of its events one after another: the events, not the tables, fill the file.
    const trace = { ...base, events: Array.from({ length: 20 }, (_, r) => base.events.map((e) => ({ ...e, t: e.t + r * base.outcome.durationNs }))).flat() };
    const complete = write(trace, { chunkEvents: 4 }).file.length;
    const half = Math.floor(complete / 2);
    const limited = write(trace, { chunkEvents: 4, maxBytes: half });
    assert.equal(limited.writer.stop?.kind, 'disk');
    assert.match(limited.writer.stop!.message, /size limit/);
    assert.ok(limited.file.length <= half + 4096, 'only the closing messages pass the limit');
    const full = new MemoryFile();
    full.capacity = half;
    const r = write(trace, { chunkEvents: 4 }, full);
    assert.equal(r.writer.stop?.kind, 'disk');
    assert.match(r.writer.stop!.message, /disk is full/);
    for (const f of [limited.file, full]) {
      const reader = new TraceStoreReader(f, nodeStoreCodec);
      assert.equal(reader.torn, undefined);
      const events = eventsOf(reader);
      assert.ok(events.length > 0 && events.length < trace.events.length);
      assert.deepEqual(events, batchToEvents(eventsToBatch(trace.events.slice(0, events.length))));
    }
  });

  it('refuses a file that is not a binary trace, and a newer version', () => {
    const f = new MemoryFile();
    f.write([new TextEncoder().encode('{"version":1}')]);
    assert.throws(() => new TraceStoreReader(f, nodeStoreCodec), /not an Interleave binary trace/);
    const { file } = write(fixture('lock-contention'));
    file.bytes[8] = 99;
    assert.throws(() => new TraceStoreReader(file, nodeStoreCodec), /version 99 is newer than this reader's \(2\)/);
  });

  it('reads a version 1 file (written before run tokens) event for event', () => {
    // Written by the version 1 writer from the lock-contention fixture, 16 events a chunk, both chunks deflated.
    const bytes = new Uint8Array(readFileSync(join(FIXTURES, 'store', 'lock-contention.v1.ilt')));
    const file = new MemoryFile();
    file.write([bytes]);
    const reader = new TraceStoreReader(file, nodeStoreCodec);
    assert.equal(reader.version, 1);
    assert.equal(reader.complete, true);
    assert.equal(reader.chunks.length, 2);
    const trace = fixture('lock-contention');
    assert.deepEqual(eventsOf(reader), batchToEvents(eventsToBatch(trace.events)));
    assert.equal(new TraceStoreReader(write(trace).file, nodeStoreCodec).version, 2);
  });
});

describe('number columns with runs (format version 2)', () => {
  /** Encodes `values` as one column and decodes it back; returns the bytes it took and the values read. */
  function roundTrip(values: number[], type: 'f64' | 'i32' = 'f64'): { bytes: number; back: number[] } {
    const column = type === 'f64' ? Float64Array.from(values) : Int32Array.from(values);
    const out = new Uint8Array(10 * values.length + 16);
    const end = writeNumbers(column, out, 0);
    const into = type === 'f64' ? new Float64Array(values.length) : new Int32Array(values.length);
    assert.equal(readNumbers(out, 0, end, into), end, 'reads exactly the bytes written');
    return { bytes: end, back: [...into] };
  }

  it('stores a constant column, a counter and a column of NaN in a few bytes', () => {
    for (const [values, type] of [
      [Array(65536).fill(-1), 'i32'],
      [Array(65536).fill(7), 'f64'],
      [Array.from({ length: 65536 }, (_, i) => 1000 + 3 * i), 'f64'],
      [Array(65536).fill(Number.NaN), 'f64'],
      [Array(1000).fill(0.1), 'f64'],
    ] as const) {
      const r = roundTrip([...values], type);
      assert.deepEqual(r.back, values);
      // A token or two (a raw float is 9 bytes) and one run token of up to 3 bytes, instead of a byte or more a value.
      assert.ok(r.bytes <= 12, `${values.length} values in ${r.bytes} bytes`);
    }
  });

  it('writes the documented tokens: steps zigzagged, repeats as runs, NaN and raw floats', () => {
    const bytes = (values: number[], column: Float64Array | Int32Array = Float64Array.from(values)) => {
      const out = new Uint8Array(10 * values.length);
      return [...out.subarray(0, writeNumbers(column, out, 0))];
    };
    // 5 (+5: 20), 5 (0), 5 (run 1: 5), 6 (+1: 4), 7 and 8 (run 2: 7), 8 (0), NaN (1), NaN (run 1: 5), 4 (-4: 14), 4 (0)
    const values = [5, 5, 5, 6, 7, 8, 8, Number.NaN, Number.NaN, 4, 4];
    assert.deepEqual(bytes(values), [20, 0, 5, 4, 7, 0, 1, 5, 14, 0]);
    assert.deepEqual(bytes([5, 5, 5, 6, 7, 8, 8, 4, 4], Int32Array.of(5, 5, 5, 6, 7, 8, 8, 4, 4)), [20, 0, 5, 4, 7, 0, 14, 0]);
    // A raw float breaks a run and is not a step's base: 0.5 twice is one raw token and a run; 3 is +3 from 2.
    assert.deepEqual(bytes([2, 0.5, 0.5, 3]), [8, 3, 0, 0, 0, 0, 0, 0, 0xe0, 0x3f, 5, 4]);
  });

  it('breaks runs where the step changes: mid-column, after one repeat, at the last value', () => {
    const values = [5, 5, 5, 6, 7, 8, 8, 8, Number.NaN, Number.NaN, 4, 4, 0.5, 0.5, 0.25, 2 ** 53 + 2, 2 ** 53 + 2, 9, 9];
    assert.deepEqual(roundTrip(values).back, values);
    const ints = [1, 1, -(2 ** 31), 2 ** 31 - 1, -(2 ** 31), 2 ** 31 - 1, 0, 0, 0, 1];
    assert.deepEqual(roundTrip(ints, 'i32').back, ints);
  });

  it('keeps runs of steps too large for a one-byte token, and runs longer than a one-byte run', () => {
    const big = Array.from({ length: 300 }, (_, i) => i * 2 ** 40);
    assert.deepEqual(roundTrip(big).back, big);
    const overflow = [...Array(200).fill(3), 2 ** 52, 2 ** 52, -(2 ** 52), 3, 3];
    assert.deepEqual(roundTrip(overflow).back, overflow);
  });

  it('breaks runs at chunk boundaries: each chunk decodes on its own', () => {
    const events = Array.from({ length: 100 }, (_, i) => ({ t: 1000 + i, th: 1, k: 'sharedWrite' as const, p: 3, a: 42, q: i, l: -1 }));
    const trace = { ...fixture('lock-contention'), events };
    const reader = new TraceStoreReader(write(trace, { chunkEvents: 30 }).file, nodeStoreCodec);
    assert.equal(reader.chunks.length, 4);
    assert.deepEqual(batchToEvents(reader.readChunk(2)), batchToEvents(eventsToBatch(events.slice(60, 90))));
    assert.deepEqual(eventsOf(reader), batchToEvents(eventsToBatch(events)));
  });

  it('leaves column t out of deflate, and reads chunks stored plain or deflated whole', () => {
    // A hammer's chunk: 3,000 Lock pairs of one thread, timestamps ~100-300 ns apart.
    const events = Array.from({ length: 9000 }, (_, i) => ({
      t: 1_000_000 + i * 200 + ((i * 7919) % 97),
      th: 2,
      k: (['acquireRequest', 'acquired', 'release'] as const)[i % 3],
      p: 1,
      a: [-1, 1, 0][i % 3],
      q: i % 3 === 0 ? undefined : Math.floor(i / 3) * 2 + (i % 3),
      l: -1,
    }));
    const batch = eventsToBatch(events);
    const payload = encodeChunk(batch, nodeStoreCodec);
    assert.equal(payload[24], 2, 'compression: t plain, the rest deflated');
    const tBytes = new DataView(payload.buffer, payload.byteOffset).getUint32(28, true);
    assert.ok(payload.length - 60 - tBytes < 200, `the other columns deflate to ${payload.length - 60 - tBytes} bytes`);
    assert.deepEqual(batchToEvents(decodeChunk(payload, nodeStoreCodec)), batchToEvents(batch));
    const plain = encodeChunk(batch, { ...nodeStoreCodec, deflate: undefined });
    assert.equal(plain[24], 0);
    assert.deepEqual(batchToEvents(decodeChunk(plain, nodeStoreCodec)), batchToEvents(batch));
    // Compression 1 (version 1 writers): the whole body deflated.
    const whole = new Uint8Array([...plain.subarray(0, 60), ...nodeStoreCodec.deflate!(plain.subarray(60))]);
    whole[24] = 1;
    assert.deepEqual(batchToEvents(decodeChunk(whole, nodeStoreCodec)), batchToEvents(batch));
    const torn = payload.slice();
    new DataView(torn.buffer).setUint32(28, payload.length, true);
    assert.throws(() => decodeChunk(torn, nodeStoreCodec), /column t runs past the chunk/);
  });

  /** The token table of docs/trace-store.md, applied value by value: the bytes a writer must produce. */
  function documentedTokens(values: ArrayLike<number>): number[] {
    const bytes: number[] = [];
    const leb = (x: number) => {
      for (; x >= 128; x = Math.floor(x / 128)) bytes.push((x % 128) + 128);
      bytes.push(x);
    };
    let prev = 0;
    let last: { kind: 'int' | 'nan' | 'raw'; x: number } | undefined;
    let run = 0;
    for (const v of Array.from(values)) {
      const token =
        Number.isInteger(v) && Math.abs(v - prev) <= 2 ** 51
          ? { kind: 'int' as const, x: v - prev }
          : Number.isNaN(v)
            ? { kind: 'nan' as const, x: 0 }
            : { kind: 'raw' as const, x: v };
      if (token.kind === 'int') prev = v;
      if (last && last.kind === token.kind && last.x === token.x) {
        run++;
        continue;
      }
      if (run > 0) leb(2 * run + 3);
      run = 0;
      last = token;
      if (token.kind === 'nan') bytes.push(1);
      else if (token.kind === 'raw') bytes.push(3, ...new Uint8Array(Float64Array.of(v).buffer));
      else leb(token.x > 0 ? 4 * token.x : token.x < 0 ? -4 * token.x - 2 : 0); // zigzag, times 2
    }
    if (run > 0) leb(2 * run + 3);
    return bytes;
  }

  it('writes exactly the documented tokens for every kind of column (edge values, runs at every boundary)', () => {
    const written = (column: Float64Array | Int32Array) => {
      const out = new Uint8Array(10 * column.length + 10);
      return [...out.subarray(0, writeNumbers(column, out, 0))];
    };
    // Steps on each side of a token's byte boundaries, of int32 arithmetic (2^29, 2^31) and of raw (2^51).
    const steps = [
      0,
      1,
      -1,
      31,
      32,
      -32,
      -33,
      2047,
      2048,
      -2048,
      -2049,
      2 ** 20,
      2 ** 29 - 1,
      2 ** 29,
      -(2 ** 29) + 1,
      -(2 ** 29),
      2 ** 31,
      -(2 ** 31),
      2 ** 51,
      -(2 ** 51),
      2 ** 51 + 2,
    ];
    const odd = [Number.NaN, 0.5, -0.25, -0, 2 ** 52, 2 ** 53 + 2, -(2 ** 53), 1e300, Infinity, -Infinity, -1];
    // A seeded generator: stretches of one step (runs, constant ones among them), of NaN, of one raw value.
    let seed = 17;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const column = (length: number, ints: boolean) => {
      const values: number[] = [];
      let v = 0;
      while (values.length < length) {
        const stretch = [1, 1, 2, 3, 70, 300][random(6)];
        const pick = random(4);
        const step = steps[random(steps.length)];
        const other = odd[random(odd.length)];
        for (let k = 0; k < stretch && values.length < length; k++) {
          if (pick === 0 && !ints) values.push(other);
          else {
            v = pick === 1 ? v : v + (pick === 2 ? 1 : step);
            if (ints) v = v | 0;
            values.push(v);
          }
        }
      }
      return values;
    };
    for (let c = 0; c < 60; c++) {
      const floats = Float64Array.from(column(1 + random(2000), false));
      assert.deepEqual(written(floats), documentedTokens(floats), `float column ${c}`);
      const ints = Int32Array.from(column(1 + random(2000), true));
      assert.deepEqual(written(ints), documentedTokens(ints), `int32 column ${c}`);
    }
    // Runs that end the column, runs longer than a two-byte run token, and columns of one value.
    const long = (f: (i: number) => number) => Array.from({ length: 20000 }, (_, i) => f(i));
    for (const values of [
      long(() => -1),
      long(() => Number.NaN),
      long((i) => 5 * i),
      long(() => 0.1),
      [7, 7, 7],
      [Number.NaN, Number.NaN],
      [0.5, 0.5, 0.5],
      [1, 2, 3, 4],
      [-1],
      [Number.NaN],
      [],
      [3, -0, 0, -0],
      [5, 5, Number.NaN, Number.NaN, 5, 5],
    ])
      assert.deepEqual(written(Float64Array.from(values)), documentedTokens(values), JSON.stringify(values.slice(0, 10)));
    for (const values of [long(() => -1), long((i) => 3 - i), [-1, -1, -1], [0, 1, 2, 3], [2 ** 31 - 1, -(2 ** 31), 2 ** 31 - 1, -(2 ** 31)], [9], []])
      assert.deepEqual(written(Int32Array.from(values)), documentedTokens(values), JSON.stringify(values.slice(0, 10)));
  });

  it('refuses a run with nothing before it and a run past the column', () => {
    assert.throws(() => readNumbers(Uint8Array.of(7), 0, 1, new Float64Array(2)), /starts with a run/);
    assert.throws(() => readNumbers(Uint8Array.of(2, 9), 0, 2, new Float64Array(3)), /a run of 3 passes its 3 values/);
    assert.throws(() => readNumbers(Uint8Array.of(2, 5), 0, 2, new Float64Array(3)), /ends early/);
  });
});
