// One chunk of events in the binary trace (docs/trace-store.md): a small fixed header, then the
// batch's eight columns one after another, each as number tokens (varint.ts) except `k` (one byte
// an event), the columns after `t` deflated when that makes them clearly smaller. A chunk decodes
// on its own.
//
// Payload (little-endian): 0 u32 n | 4 f64 tMin | 12 f64 tMax | 20 u32 raw body length |
//   24 u8 compression (0 none, 1 deflate-raw of the body, 2 `t` plain and deflate-raw of the rest) |
//   25 u8[3] zero | 28 u32[8] byte length of each column in the raw body, in COLUMNS order | 60 body
//
// Why `t` is left out of deflate (2): timestamps' low bytes are noise. On the Lock hammer deflate
// spent ~90 % of its time on `t` to take it from ~2 to ~0.75 bytes an event, while every other
// column (runs and short cycles once varint.ts has written them) costs it next to nothing. That
// time is the runner's, taken from the threads it records; readers still read 1 (version 1 files).
import { allocBatch, sliceBatch } from '../batch';
import type { EventBatch } from '../format';
import { type ChunkInfo, chunkInfo } from '../source';
import type { StoreCodec } from './codec';
import { readNumbers, writeNumbers } from './varint';

export const COLUMNS = ['t', 'th', 'k', 'p', 'a', 'q', 'l', 'at'] as const;
export const CHUNK_HEADER_BYTES = 28 + 4 * COLUMNS.length;
const COMPRESSION_AT = 24;
const DEFLATE = 1;
const DEFLATE_AFTER_T = 2;
/** Deflate is kept only when it saves at least this share of the body (else reading pays for nothing). */
const DEFLATE_MIN_GAIN = 0.1;

/** Upper bound of a chunk's payload for n events (at most 10 bytes a number token, 1 a kind). */
export function maxChunkBytes(n: number): number {
  return CHUNK_HEADER_BYTES + n * (1 + 10 * (COLUMNS.length - 1));
}

/**
 * The chunk's payload. `scratch` (at least maxChunkBytes) saves an allocation per chunk; `span`, the
 * batch's least and greatest `t` when the caller kept them, a pass over `t`.
 */
export function encodeChunk(batch: EventBatch, codec: Pick<StoreCodec, 'deflate'>, scratch?: Uint8Array, span?: { tMin: number; tMax: number }): Uint8Array {
  const n = batch.t.length;
  const buf = scratch && scratch.length >= maxChunkBytes(n) ? scratch : new Uint8Array(maxChunkBytes(n));
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let o = CHUNK_HEADER_BYTES;
  COLUMNS.forEach((col, c) => {
    const start = o;
    if (col === 'k') {
      buf.set(batch.k, o);
      o += n;
    } else o = writeNumbers(batch[col], buf, o);
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

/** Bytes at a chunk payload's start that hold its directory entry. */
export const CHUNK_INFO_BYTES = 20;

/** The directory entry of a chunk payload (its first CHUNK_INFO_BYTES are enough). */
export function chunkHeader(payload: Uint8Array, offset: number): ChunkInfo {
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  return { offset, count: view.getUint32(0, true), tMin: view.getFloat64(4, true), tMax: view.getFloat64(12, true) };
}

/**
 * The events of a chunk payload. Throws on a payload that does not decode (a torn or foreign file).
 * `into`, when it has room, receives them (the result is then views of it): a pass over a whole
 * file decodes every chunk into one batch instead of allocating one per chunk.
 */
export function decodeChunk(payload: Uint8Array, codec: Pick<StoreCodec, 'inflate'>, into?: EventBatch): EventBatch {
  if (payload.length < CHUNK_HEADER_BYTES) throw new Error('chunk shorter than its header');
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const n = view.getUint32(0, true);
  const rawLength = view.getUint32(20, true);
  const compression = payload[COMPRESSION_AT];
  const stored = payload.subarray(CHUNK_HEADER_BYTES);
  // The raw body is `stored` up to `plain`, then `packed` (its deflated rest, inflated), if any.
  let plain = stored.length;
  let packed = stored;
  if (compression === DEFLATE || compression === DEFLATE_AFTER_T) {
    if (!codec.inflate) throw new Error('chunk is deflated and this reader has no inflate');
    plain = compression === DEFLATE ? 0 : view.getUint32(28, true);
    if (plain > stored.length) throw new Error('column t runs past the chunk');
    packed = codec.inflate(stored.subarray(plain), rawLength - plain);
  } else if (compression !== 0) throw new Error(`unknown chunk compression ${compression}`);
  const bodyLength = compression === 0 ? stored.length : plain + packed.length;
  if (bodyLength !== rawLength) throw new Error(`chunk body is ${bodyLength} bytes, its header says ${rawLength}`);
  const batch = into && into.t.length >= n ? sliceBatch(into, n) : allocBatch(n);
  let o = 0;
  COLUMNS.forEach((col, c) => {
    const len = view.getUint32(28 + 4 * c, true);
    const end = o + len;
    if (end > rawLength) throw new Error(`column ${col} runs past the chunk`);
    // A column lies wholly in one part: the writer splits the body only between columns.
    const inPlain = end <= plain;
    if (!inPlain && o < plain) throw new Error(`column ${col} straddles the chunk's deflated part`);
    const bytes = inPlain ? stored : packed;
    const from = inPlain ? o : o - plain;
    if (col === 'k') {
      if (len !== n) throw new Error(`column k holds ${len} bytes for ${n} events`);
      batch.k.set(bytes.subarray(from, from + len));
    } else if (readNumbers(bytes, from, from + len, batch[col]) !== from + len) throw new Error(`column ${col} has bytes left over`);
    o = end;
  });
  return batch;
}
