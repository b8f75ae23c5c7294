// The chunk encoder and the number columns' reader as they were before session 24 (main 593c01e:
// src/core/trace/binary/varint.ts and chunk.ts's encodeChunk), kept verbatim as bench/encode.ts's
// baseline: the current code must write and read the same, cheaper. Not used by the product.
import type { EventBatch } from '../src/core/trace/format';
import { chunkInfo } from '../src/core/trace/source';
import type { StoreCodec } from '../src/core/trace/binary/codec';
import { CHUNK_HEADER_BYTES, COLUMNS, maxChunkBytes } from '../src/core/trace/binary/chunk';

const COMPRESSION_AT = 24;
const DEFLATE_AFTER_T = 2;
const DEFLATE_MIN_GAIN = 0.1;

const NAN_TOKEN = 1;
const RAW_TOKEN = 3;
const MAX_DELTA = 2 ** 51;
const f64 = new Float64Array(1);
const f64Bytes = new Uint8Array(f64.buffer);

/** Writes the tokens of `values` into `out` from `o`; returns the end. `out` needs 10 bytes a value. */
export function writeNumbersBefore(values: Float64Array | Int32Array, out: Uint8Array, o: number): number {
  // Two loops, each seeing one array type (V8 keeps each monomorphic): int32 columns need no checks.
  return values instanceof Int32Array ? writeInts(values, out, o) : writeFloats(values, out, o);
}

function writeInts(values: Int32Array, out: Uint8Array, o: number): number {
  let prev = 0;
  // The last token's step (NaN before the first): a repeat is found before any token arithmetic.
  let lastD = Number.NaN;
  let run = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const d = v - prev;
    prev = v;
    if (d === lastD) {
      run++;
      continue;
    }
    if (run > 0) {
      o = writeRun(run, out, o);
      run = 0;
    }
    lastD = d;
    const token = d >= 0 ? 4 * d : -4 * d - 2;
    if (token < 128) out[o++] = token;
    else if (token < 16384) {
      // Two bytes, written here: the usual size of a timestamp's step.
      out[o++] = (token & 127) | 128;
      out[o++] = token >>> 7;
    } else o = writeToken(token, out, o);
  }
  return run > 0 ? writeRun(run, out, o) : o;
}

function writeFloats(values: Float64Array, out: Uint8Array, o: number): number {
  let prev = 0;
  let last = -1;
  // The last token's step when it was an integer's, else NaN: a repeated step is found first.
  let lastD = Number.NaN;
  let lastRaw = 0;
  let run = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const d = v - prev;
    let token: number;
    if (Number.isInteger(v) && d <= MAX_DELTA && d >= -MAX_DELTA) {
      prev = v;
      if (d === lastD) {
        run++;
        continue;
      }
      token = d >= 0 ? 4 * d : -4 * d - 2;
      lastD = d;
    } else {
      token = v !== v ? NAN_TOKEN : RAW_TOKEN;
      lastD = Number.NaN;
    }
    if (token === last && (token !== RAW_TOKEN || v === lastRaw)) {
      run++;
      continue;
    }
    if (run > 0) {
      o = writeRun(run, out, o);
      run = 0;
    }
    last = token;
    if (token === RAW_TOKEN) {
      out[o++] = RAW_TOKEN;
      f64[0] = lastRaw = v;
      for (let b = 0; b < 8; b++) out[o++] = f64Bytes[b];
    } else if (token < 128) out[o++] = token;
    else if (token < 16384) {
      out[o++] = (token & 127) | 128;
      out[o++] = token >>> 7;
    } else o = writeToken(token, out, o);
  }
  return run > 0 ? writeRun(run, out, o) : o;
}

/** The run token of `count` repeats of the previous step. */
function writeRun(count: number, out: Uint8Array, o: number): number {
  const token = 2 * count + 3;
  if (token < 128) {
    out[o++] = token;
    return o;
  }
  return writeToken(token, out, o);
}

/** LEB128 of a token of two bytes or more. */
function writeToken(token: number, out: Uint8Array, o: number): number {
  if (token < 0x80000000) {
    while (token > 127) {
      out[o++] = (token & 127) | 128;
      token >>>= 7;
    }
  } else {
    while (token > 127) {
      out[o++] = (token % 128) | 128;
      token = Math.floor(token / 128);
    }
  }
  out[o++] = token;
  return o;
}

/**
 * The chunk's payload. `scratch` (at least maxChunkBytes) saves an allocation per chunk; `span`, the
 * batch's least and greatest `t` when the caller kept them, a pass over `t`.
 */
export function encodeChunkBefore(
  batch: EventBatch,
  codec: Pick<StoreCodec, 'deflate'>,
  scratch?: Uint8Array,
  span?: { tMin: number; tMax: number },
): Uint8Array {
  const n = batch.t.length;
  const buf = scratch && scratch.length >= maxChunkBytes(n) ? scratch : new Uint8Array(maxChunkBytes(n));
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let o = CHUNK_HEADER_BYTES;
  COLUMNS.forEach((col, c) => {
    const start = o;
    if (col === 'k') {
      buf.set(batch.k, o);
      o += n;
    } else o = writeNumbersBefore(batch[col], buf, o);
    view.setUint32(28 + 4 * c, o - start, true);
  });
  const info = span ?? chunkInfo(batch, 0);
  view.setUint32(0, n, true);
  view.setFloat64(4, info.tMin, true);
  view.setFloat64(12, info.tMax, true);
  view.setUint32(20, o - CHUNK_HEADER_BYTES, true);
  buf.fill(0, COMPRESSION_AT, 28);
  const rest = CHUNK_HEADER_BYTES + view.getUint32(28, true);
  const packed = codec.deflate?.(buf.subarray(rest, o));
  if (packed && packed.length <= (o - rest) * (1 - DEFLATE_MIN_GAIN)) {
    const out = new Uint8Array(rest + packed.length);
    out.set(buf.subarray(0, rest));
    out[COMPRESSION_AT] = DEFLATE_AFTER_T;
    out.set(packed, rest);
    return out;
  }
  return buf.slice(0, o);
}

/** Reads `into.length` values from `bytes` at `o`; returns the end. Throws when the bytes run out. */
export function readNumbersBefore(bytes: Uint8Array, o: number, end: number, into: Float64Array | Int32Array): number {
  let prev = 0;
  // The last token's step, for a run: an integer delta, or NaN with the repeated value in `same`.
  let step = 0;
  let same = 0;
  const n = into.length;
  for (let i = 0; i < n; i++) {
    if (o >= end) throw new Error('number column ends early');
    let b = bytes[o++];
    // One-byte integer tokens are nearly all of them: small integer arithmetic only.
    if (b < 128 && (b & 1) === 0) {
      const z = b >>> 1;
      step = (z & 1) === 0 ? z >>> 1 : -((z + 1) >>> 1);
      prev += step;
      into[i] = prev;
      continue;
    }
    let token = b & 127;
    if (b > 127 && o < end && bytes[o] < 128) {
      // Two bytes: the usual size of a timestamp's step.
      token |= bytes[o++] << 7;
      if ((token & 1) === 0) {
        const z = token >>> 1;
        step = (z & 1) === 0 ? z >>> 1 : -((z + 1) >>> 1);
        prev += step;
        into[i] = prev;
        continue;
      }
    } else if (b > 127) {
      let shift = 7;
      do {
        b = bytes[o++];
        token += shift < 28 ? (b & 127) << shift : (b & 127) * 2 ** shift;
        shift += 7;
      } while (b > 127 && o < end);
      if (b > 127) throw new Error('number column ends early');
    }
    if (token === NAN_TOKEN) {
      step = Number.NaN;
      into[i] = same = Number.NaN;
    } else if (token === RAW_TOKEN) {
      if (o + 8 > end) throw new Error('number column ends early');
      for (let k = 0; k < 8; k++) f64Bytes[k] = bytes[o++];
      step = Number.NaN;
      into[i] = same = f64[0];
    } else if (token % 2 === 1) {
      const count = (token - 3) / 2;
      if (i === 0) throw new Error('number column starts with a run');
      if (i + count > n) throw new Error(`number column: a run of ${count} passes its ${n} values`);
      if (step === step) {
        for (let j = 0; j < count; j++) into[i + j] = prev += step;
      } else into.fill(same, i, i + count);
      i += count - 1;
    } else if (token < 0x40000000) {
      const z = token >>> 1;
      step = (z & 1) === 0 ? z >>> 1 : -((z + 1) >>> 1);
      prev += step;
      into[i] = prev;
    } else {
      const z = token / 2;
      step = z % 2 === 0 ? z / 2 : -(z + 1) / 2;
      prev += step;
      into[i] = prev;
    }
  }
  if (o > end) throw new Error('number column ends early');
  return o;
}
