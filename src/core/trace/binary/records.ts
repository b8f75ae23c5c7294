// The frame of the binary trace file (docs/trace-store.md): a 16-byte file header, then records,
// each an 8-byte frame header and its payload. Records are only ever appended, so any prefix of a
// file that ends on a record boundary is itself a valid file: a reader of a run still being written,
// or of one whose process was killed, reads every whole record and stops at a torn one.
//
// File header: "ILVTRACE" | u32 format version | u32 zero.   Record: u32 payload length | u8 type | u8[3] zero.

export const MAGIC = 'ILVTRACE';
/** 2: number columns may hold run tokens (varint.ts); version 1 files have none and read as they are. */
export const STORE_VERSION = 2;
export const FILE_HEADER_BYTES = 16;
export const FRAME_BYTES = 8;
/** Record types. Append-only; a reader skips types it does not know. */
export const RecordType = {
  /** JSON array of the runner's non-event messages (core/protocol/runner.ts): meta, thread, primitive, process, sites, strings, outcome, error. */
  messages: 1,
  /** One chunk of events (chunk.ts). */
  chunk: 2,
} as const;

export function fileHeader(): Uint8Array {
  const out = new Uint8Array(FILE_HEADER_BYTES);
  for (let i = 0; i < MAGIC.length; i++) out[i] = MAGIC.charCodeAt(i);
  new DataView(out.buffer).setUint32(8, STORE_VERSION, true);
  return out;
}

/** Whether `bytes` start like a binary trace (what `interleave check` asks of a file). */
export function isTraceStore(bytes: Uint8Array): boolean {
  if (bytes.length < MAGIC.length) return false;
  for (let i = 0; i < MAGIC.length; i++) if (bytes[i] !== MAGIC.charCodeAt(i)) return false;
  return true;
}

/** The file header's version, or an error naming what is wrong. */
export function readFileHeader(bytes: Uint8Array): number {
  if (!isTraceStore(bytes) || bytes.length < FILE_HEADER_BYTES) throw new Error('not an Interleave binary trace (it does not start with "ILVTRACE")');
  const version = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true);
  if (version > STORE_VERSION) throw new Error(`binary trace format version ${version} is newer than this reader's (${STORE_VERSION}); update Interleave`);
  return version;
}

export function frame(type: number, payloadLength: number): Uint8Array {
  const out = new Uint8Array(FRAME_BYTES);
  const view = new DataView(out.buffer);
  view.setUint32(0, payloadLength, true);
  out[4] = type;
  return out;
}

export function readFrame(bytes: Uint8Array): { length: number; type: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { length: view.getUint32(0, true), type: bytes[4] };
}
