// The events of a trace as columns: how the standalone report embeds a large trace. JSON with one
// object per event costs ~68 bytes an event and a JSON.parse that builds a million objects; here
// each field is one little-endian typed array in base64 (~32 bytes an event) that the page decodes
// natively and checks in tight loops (parse.ts). The rest of the trace stays readable JSON:
//   { ...trace, "events": [], "eventColumns": { "n": 3, "k": {"type": "u8", "data": "AQIJ"}, ... } }
// Columns: t, k (u8 kind code), th, p, a, q, l, at. A column is "f64" (NaN: absent) or, when every
// present value is an integer, the narrowest of "i8" / "i16" / "i32" that holds them (its minimum
// value: absent). `delta: true`: the column holds differences from the previous event's value
// (timestamps: a few µs apart, so they narrow where absolute nanoseconds would not). `patch`: the
// few values that are not integers (a sleep's seconds among sizes and depths), as i32 indices and
// their f64 values, so one fraction does not make a whole column eight bytes wide.
import type { Trace, TraceEvent } from './format';
import { eventKindCode, eventKindName } from './kinds';

export type ColumnType = 'f64' | 'i32' | 'i16' | 'i8' | 'u8';
export interface PackedColumn {
  type: ColumnType;
  data: string;
  delta?: true;
  patch?: { index: string; value: string };
}
export const FIELD_COLUMNS = ['th', 'p', 'a', 'q', 'l', 'at'] as const;
export type FieldName = (typeof FIELD_COLUMNS)[number];
export type PackedEvents = { n: number; t: PackedColumn; k: PackedColumn } & Record<FieldName, PackedColumn>;

/** Decoded columns: `fields` hold NaN where an event has no such field. */
export interface EventColumns {
  n: number;
  t: Float64Array;
  k: Uint8Array;
  fields: Record<FieldName, Float64Array>;
}

/** Columns for n events, every field absent. */
export function allocColumns(n: number): EventColumns {
  const fields = {} as Record<FieldName, Float64Array>;
  for (const f of FIELD_COLUMNS) fields[f] = new Float64Array(n).fill(Number.NaN);
  return { n, t: new Float64Array(n), k: new Uint8Array(n), fields };
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const BYTES: Record<ColumnType, number> = { f64: 8, i32: 4, i16: 2, i8: 1, u8: 1 };
/** Integer column types, narrowest first, with their array type; the minimum value means absent. */
const INTS = [
  { type: 'i8', min: -128, max: 127, Array: Int8Array },
  { type: 'i16', min: -32768, max: 32767, Array: Int16Array },
  { type: 'i32', min: -2147483648, max: 2147483647, Array: Int32Array },
] as const;

/**
 * The columns of `events`; undefined when one is not a well-formed event (an unknown kind, a field
 * that is not a number): such a trace is embedded as plain JSON, so the view says what is wrong.
 */
export function packEvents(events: readonly TraceEvent[]): PackedEvents | undefined {
  if (!LITTLE_ENDIAN) return undefined;
  const n = events.length;
  const { t, k, fields } = allocColumns(n);
  for (let i = 0; i < n; i++) {
    const e = events[i];
    const code = eventKindCode.get(e.k);
    if (code === undefined || typeof e.t !== 'number') return undefined;
    t[i] = e.t;
    k[i] = code;
    for (const f of FIELD_COLUMNS) {
      const v = e[f];
      if (v === undefined) continue;
      if (typeof v !== 'number') return undefined;
      fields[f][i] = v;
    }
  }
  const out = { n, t: packTimes(t), k: column('u8', k) } as PackedEvents;
  for (const f of FIELD_COLUMNS) out[f] = narrow(fields[f]);
  return out;
}

function column(type: ColumnType, a: Float64Array | Int32Array | Int16Array | Int8Array | Uint8Array): PackedColumn {
  return { type, data: toBase64(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)) };
}

/** A patch costs 12 bytes a value: worth it while under one value in this many. */
const PATCH_RATIO = 8;

/**
 * The narrowest integer type holding every present integer value (above its absent marker), the
 * other values as a patch; f64 when there are too many of those or the integers do not fit.
 */
function narrow(v: Float64Array, patchable = true): PackedColumn {
  let lo = 0;
  let hi = 0;
  const odd: number[] = [];
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (x !== x) continue;
    if (x !== Math.trunc(x) || Object.is(x, -0)) {
      if (!patchable || odd.push(i) * PATCH_RATIO > v.length) return column('f64', v);
      continue;
    }
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  const int = INTS.find((t) => lo > t.min && hi <= t.max);
  if (!int) return column('f64', v);
  const out = new int.Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[i] === v[i] ? v[i] : int.min;
  const col = column(int.type, out);
  if (odd.length) {
    const index = Int32Array.from(odd);
    col.patch = {
      index: column('i32', index).data,
      value: column(
        'f64',
        Float64Array.from(odd, (i) => v[i]),
      ).data,
    };
  }
  return col;
}

/** Timestamps as differences when they are integers (exact as long as they stay below 2^53). */
function packTimes(t: Float64Array): PackedColumn {
  const d = new Float64Array(t.length);
  for (let i = 0; i < t.length; i++) {
    if (t[i] !== Math.trunc(t[i]) || !(Math.abs(t[i]) <= Number.MAX_SAFE_INTEGER)) return column('f64', t);
    d[i] = i ? t[i] - t[i - 1] : t[i];
  }
  const packed = narrow(d, false);
  return packed.type === 'f64' ? column('f64', t) : { ...packed, delta: true };
}

/** Thrown by unpackEvents with the JSON path of what is wrong; parse.ts turns it into a TraceParseError. */
export class PackedError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
  }
}

/** Decodes `eventColumns` (structure only: lengths and encodings; values are checked in parse.ts). */
export function unpackEvents(value: unknown, path: string): EventColumns {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new PackedError('expected an object of event columns', path);
  const o = value as Record<string, unknown>;
  const n = o.n;
  if (!Number.isInteger(n) || (n as number) < 0) throw new PackedError('expected the event count, an integer ≥ 0', `${path}.n`);
  if (!LITTLE_ENDIAN) throw new PackedError('event columns are little-endian and this platform is not', path);
  const read = (name: string, allowed: readonly ColumnType[]) => {
    const c = o[name] as Partial<PackedColumn> | undefined;
    const at = `${path}.${name}`;
    if (
      typeof c !== 'object' ||
      c === null ||
      typeof c.data !== 'string' ||
      !allowed.includes(c.type as ColumnType) ||
      (c.delta !== undefined && c.delta !== true)
    )
      throw new PackedError(`expected a column {type: ${allowed.join(' | ')}, data: base64, delta?: true}`, at);
    let bytes: Uint8Array;
    try {
      bytes = fromBase64(c.data);
    } catch {
      throw new PackedError('the column is not valid base64', `${at}.data`);
    }
    const type = c.type as ColumnType;
    if (bytes.length !== (n as number) * BYTES[type])
      throw new PackedError(`the column holds ${bytes.length} bytes; ${n} events of ${type} take ${(n as number) * BYTES[type]} (truncated?)`, `${at}.data`);
    return { type, bytes, delta: c.delta === true, patch: c.patch as unknown };
  };
  const numeric = (name: string) => {
    const c = read(name, ['f64', 'i32', 'i16', 'i8']);
    const v = numbers(c.type, c.bytes, n as number, c.delta);
    if (c.patch !== undefined) applyPatch(v, c.patch, c.delta, `${path}.${name}.patch`);
    return v;
  };
  const fields = {} as Record<FieldName, Float64Array>;
  for (const f of FIELD_COLUMNS) fields[f] = numeric(f);
  const k = read('k', ['u8']);
  if (k.delta) throw new PackedError('kind codes are never deltas', `${path}.k.delta`);
  return { n: n as number, t: numeric('t'), k: k.bytes, fields };
}

/** Puts the patch's values at its indices. */
function applyPatch(v: Float64Array, patch: unknown, delta: boolean, path: string): void {
  const p = patch as Partial<Record<'index' | 'value', unknown>> | null;
  if (delta || typeof p !== 'object' || p === null || typeof p.index !== 'string' || typeof p.value !== 'string')
    throw new PackedError('expected {index: base64 i32, value: base64 f64} on a column without delta', path);
  let index: Uint8Array;
  let value: Uint8Array;
  try {
    index = fromBase64(p.index);
    value = fromBase64(p.value);
  } catch {
    throw new PackedError('the patch is not valid base64', path);
  }
  if (index.length % 4 || value.length !== index.length * 2) throw new PackedError('the patch has not one f64 value per i32 index (truncated?)', path);
  const at = new Int32Array(index.buffer as ArrayBuffer, index.byteOffset, index.length / 4);
  const x = new Float64Array(value.buffer as ArrayBuffer, value.byteOffset, at.length);
  for (let j = 0; j < at.length; j++) {
    if (!(at[j] >= 0 && at[j] < v.length)) throw new PackedError(`patch index ${at[j]} is outside the ${v.length} events`, path);
    v[at[j]] = x[j];
  }
}

/** A column's values as doubles, NaN where absent; deltas summed up. */
function numbers(type: ColumnType, bytes: Uint8Array, n: number, delta: boolean): Float64Array {
  if (type === 'f64') {
    const v = new Float64Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, n); // a fresh buffer: aligned, ours to change
    if (delta) for (let i = 1; i < n; i++) v[i] += v[i - 1];
    return v;
  }
  const int = INTS.find((t) => t.type === type)!;
  const src = new int.Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, n);
  const out = new Float64Array(n);
  const absent = int.min;
  if (delta) {
    let acc = 0;
    for (let i = 0; i < n; i++) out[i] = src[i] === absent ? Number.NaN : (acc += src[i]);
  } else for (let i = 0; i < n; i++) out[i] = src[i] === absent ? Number.NaN : src[i];
  return out;
}

/**
 * The events the columns stand for. Every event gets all eight keys, absent ones undefined: one
 * object shape keeps the model's property reads monomorphic (a trace from JSON mixes a dozen
 * shapes, and at a million events those reads are what the passes spend their time on). Absent
 * stays absent for every reader (`e.p === undefined`, JSON.stringify).
 */
export function columnsToEvents(c: EventColumns): TraceEvent[] {
  const { th, p, a, q, l, at } = c.fields;
  const out: TraceEvent[] = new Array(c.n);
  for (let i = 0; i < c.n; i++) {
    out[i] = {
      t: c.t[i],
      th: th[i],
      k: eventKindName[c.k[i]],
      p: p[i] === p[i] ? p[i] : undefined,
      a: a[i] === a[i] ? a[i] : undefined,
      q: q[i] === q[i] ? q[i] : undefined,
      l: l[i] === l[i] ? l[i] : undefined,
      at: at[i] === at[i] ? at[i] : undefined,
    };
  }
  return out;
}

type Base64Codec = { fromBase64?: (s: string) => Uint8Array };
type Base64Bytes = Uint8Array & { toBase64?: () => string };

/** Native where the platform has it (Chromium), else atob/btoa in chunks (Node 20). */
export function fromBase64(s: string): Uint8Array {
  const native = (Uint8Array as unknown as Base64Codec).fromBase64;
  if (native) return native(s);
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** A multiple of 3 bytes, so the chunks' base64 texts concatenate into the whole's. */
const CHUNK = 3 * 8192;

export function toBase64(bytes: Base64Bytes): string {
  if (bytes.toBase64) return bytes.toBase64();
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += CHUNK) parts.push(btoa(String.fromCharCode(...bytes.subarray(i, i + CHUNK))));
  return parts.join('');
}

const ATTACHED = new WeakMap<Trace, EventColumns>();

/**
 * `trace` (whose events are empty) with the events of `cols`. The model reads the columns
 * (attachedColumns); `events` is built on first read, for the exporters and whatever else wants
 * objects, so a report that is only looked at never builds them.
 */
export function withEventColumns(trace: Omit<Trace, 'events'>, cols: EventColumns): Trace {
  const out = { ...trace } as Trace;
  let events: TraceEvent[] | undefined;
  Object.defineProperty(out, 'events', {
    enumerable: true,
    configurable: true,
    get: () => (events ??= columnsToEvents(cols)),
    set: (value: TraceEvent[]) => {
      // Whoever replaces the events replaces what the columns said.
      ATTACHED.delete(out);
      events = value;
    },
  });
  ATTACHED.set(out, cols);
  return out;
}

/** The columns a packed trace was read from; undefined for a trace of event objects. */
export function attachedColumns(trace: Trace): EventColumns | undefined {
  return ATTACHED.get(trace);
}
