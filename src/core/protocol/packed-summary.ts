// A summary slice as it crosses the webview boundary (summary/show, window/show) and the standalone
// report's page: its buckets as number tokens (core/trace/binary/varint.ts), each lane field by
// field, so a field's neighbouring buckets are one step apart, most of them a repeated step. As a
// Float32Array a slice is 48 bytes a bucket a lane, ~0.5 MB for a wide view; packed, a Lock hammer's
// is 1–3 kB. Every summary of a live run, and every zoom's, passes the extension host, which copies,
// frames and deflates each byte on its thread.
import type { SummarySlice } from '../timeline/pyramid-slice';
import { readNumbers, writeNumbers } from '../trace/binary/varint';
import { FIELDS } from './buckets';

/** A slice with its buckets packed. */
export type PackedSlice = Omit<SummarySlice, 'data'> & { buckets: Uint8Array };

/** `s` with its buckets packed into a buffer of their own. */
export function packSlice(s: SummarySlice): PackedSlice {
  const { data, ...rest } = s;
  const lanes = s.threads.length;
  const values = new Float64Array(data.length);
  let i = 0;
  for (let l = 0; l < lanes; l++) for (let f = 0; f < FIELDS; f++) for (let k = 0; k < s.n; k++) values[i++] = data[(l * s.n + k) * FIELDS + f];
  const out = new Uint8Array(10 * values.length);
  return { ...rest, buckets: out.slice(0, writeNumbers(values, out, 0)) };
}

/** Slices unpacked once: the message validator unpacks them and the view reads the same slice. */
const unpacked = new WeakMap<Uint8Array, { lanes: number; n: number; data: Float32Array | null }>();
/** Numbers a slice may hold (a run of equal steps is one token, so the bytes do not bound them). */
const MAX_VALUES = 2 ** 25;

/** The slice of `p`, or undefined when its buckets do not unpack into lanes × n × FIELDS numbers. */
export function unpackSlice(p: PackedSlice): SummarySlice | undefined {
  const lanes = p.threads.length;
  let u = unpacked.get(p.buckets);
  if (!u || u.lanes !== lanes || u.n !== p.n) {
    u = { lanes, n: p.n, data: lanes * p.n * FIELDS <= MAX_VALUES ? unpackedBuckets(p.buckets, lanes, p.n) : null };
    unpacked.set(p.buckets, u);
  }
  if (!u.data) return undefined;
  const { buckets: _packed, ...rest } = p;
  return { ...rest, data: u.data };
}

function unpackedBuckets(bytes: Uint8Array, lanes: number, n: number): Float32Array | null {
  const values = new Float64Array(lanes * n * FIELDS);
  try {
    if (readNumbers(bytes, 0, bytes.length, values) !== bytes.length) return null;
  } catch {
    return null;
  }
  const data = new Float32Array(values.length);
  let i = 0;
  for (let l = 0; l < lanes; l++) for (let f = 0; f < FIELDS; f++) for (let k = 0; k < n; k++) data[(l * n + k) * FIELDS + f] = values[i++];
  return data;
}
