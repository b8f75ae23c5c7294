// One chunk of events in the binary trace (docs/trace-store.md): a small fixed header, then the
// batch's eight columns one after another, each as number tokens (varint.ts) except `k` (one byte
// an event), the whole body deflated when that makes it clearly smaller. A chunk decodes on its own.
//
// Payload (little-endian): 0 u32 n | 4 f64 tMin | 12 f64 tMax | 20 u32 raw body length |
//   24 u8 compression (0 none, 1 deflate-raw) | 25 u8[3] zero | 28 u32[8] byte length of each
//   column in the raw body, in COLUMNS order | 60 body
import { allocBatch, sliceBatch } from '../batch';
import type { EventBatch } from '../format';
import { type ChunkInfo, chunkInfo } from '../source';
import type { StoreCodec } from './codec';
import { readNumbers, writeNumbers } from './varint';

export const COLUMNS = ['t', 'th', 'k', 'p', 'a', 'q', 'l', 'at'] as const;
export const CHUNK_HEADER_BYTES = 28 + 4 * COLUMNS.length;
const COMPRESSION_AT = 24;
const DEFLATE = 1;
/** Deflate is kept only when it saves at least this share of the body (else reading pays for nothing). */
const DEFLATE_MIN_GAIN = 0.1;

/** Upper bound of a chunk's payload for n events (at most 10 bytes a number token, 1 a kind). */
export function maxChunkBytes(n: number): number {
  return CHUNK_HEADER_BYTES + n * (1 + 10 * (COLUMNS.length - 1));
}

/** The chunk's payload. `scratch` (at least maxChunkBytes) saves an allocation per chunk. */
export function encodeChunk(batch: EventBatch, codec: StoreCodec, scratch?: Uint8Array): Uint8Array {
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
  const info = chunkInfo(batch, 0);
  view.setUint32(0, n, true);
  view.setFloat64(4, info.tMin, true);
  view.setFloat64(12, info.tMax, true);
  view.setUint32(20, o - CHUNK_HEADER_BYTES, true);
  buf.fill(0, COMPRESSION_AT, 28);
  const packed = codec.deflate?.(buf.subarray(CHUNK_HEADER_BYTES, o));
  if (packed && packed.length <= (o - CHUNK_HEADER_BYTES) * (1 - DEFLATE_MIN_GAIN)) {
    const out = new Uint8Array(CHUNK_HEADER_BYTES + packed.length);
    out.set(buf.subarray(0, CHUNK_HEADER_BYTES));
    out[COMPRESSION_AT] = DEFLATE;
    out.set(packed, CHUNK_HEADER_BYTES);
    return out;
  }
  return buf.slice(0, o);
}

/** The directory entry of a chunk payload (its first 20 bytes are enough). */
export function chunkHeader(payload: Uint8Array, offset: number): ChunkInfo {
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  return { offset, count: view.getUint32(0, true), tMin: view.getFloat64(4, true), tMax: view.getFloat64(12, true) };
}

/**
 * The events of a chunk payload. Throws on a payload that does not decode (a torn or foreign file).
 * `into`, when it has room, receives them (the result is then views of it): a pass over a whole
 * file decodes every chunk into one batch instead of allocating one per chunk.
 */
export function decodeChunk(payload: Uint8Array, codec: StoreCodec, into?: EventBatch): EventBatch {
  if (payload.length < CHUNK_HEADER_BYTES) throw new Error('chunk shorter than its header');
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const n = view.getUint32(0, true);
  const rawLength = view.getUint32(20, true);
  const compression = payload[COMPRESSION_AT];
  let body = payload.subarray(CHUNK_HEADER_BYTES);
  if (compression === DEFLATE) {
    if (!codec.inflate) throw new Error('chunk is deflated and this reader has no inflate');
    body = codec.inflate(body, rawLength);
  } else if (compression !== 0) throw new Error(`unknown chunk compression ${compression}`);
  if (body.length !== rawLength) throw new Error(`chunk body is ${body.length} bytes, its header says ${rawLength}`);
  const batch = into && into.t.length >= n ? sliceBatch(into, n) : allocBatch(n);
  let o = 0;
  COLUMNS.forEach((col, c) => {
    const len = view.getUint32(28 + 4 * c, true);
    const end = o + len;
    if (end > body.length) throw new Error(`column ${col} runs past the chunk`);
    if (col === 'k') {
      if (len !== n) throw new Error(`column k holds ${len} bytes for ${n} events`);
      batch.k.set(body.subarray(o, end));
    } else if (readNumbers(body, o, end, batch[col]) !== end) throw new Error(`column ${col} has bytes left over`);
    o = end;
  });
  return batch;
}
