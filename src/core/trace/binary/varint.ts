// Number columns of the binary trace as variable-length tokens (docs/trace-store.md): each value is
// written as its difference from the previous integer value of the same column, zigzagged, so the
// small steps of timestamps, sequence numbers and repeated ids take one or two bytes. A token is
//   even t:   an integer, delta = unzigzag(t / 2)
//   1:        NaN (an absent field)
//   3:        a value that is no integer within ±2^51 of the previous one; 8 bytes of float64 (LE) follow
// and is stored as LEB128 (7 bits a byte, low first). Arithmetic, not bit operators, above 2^31.

const NAN_TOKEN = 1;
const RAW_TOKEN = 3;
const MAX_DELTA = 2 ** 51;
const f64 = new Float64Array(1);
const f64Bytes = new Uint8Array(f64.buffer);

/** Writes the tokens of `values` into `out` from `o`; returns the end. `out` needs 10 bytes a value. */
export function writeNumbers(values: Float64Array | Int32Array, out: Uint8Array, o: number): number {
  // Two loops, each seeing one array type (V8 keeps each monomorphic): int32 columns need no checks.
  return values instanceof Int32Array ? writeInts(values, out, o) : writeFloats(values, out, o);
}

function writeInts(values: Int32Array, out: Uint8Array, o: number): number {
  let prev = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const d = v - prev;
    prev = v;
    const token = d >= 0 ? 4 * d : -4 * d - 2;
    if (token < 128) out[o++] = token;
    else o = writeToken(token, out, o);
  }
  return o;
}

function writeFloats(values: Float64Array, out: Uint8Array, o: number): number {
  let prev = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const d = v - prev;
    if (Number.isInteger(v) && d <= MAX_DELTA && d >= -MAX_DELTA) {
      const token = d >= 0 ? 4 * d : -4 * d - 2;
      prev = v;
      if (token < 128) out[o++] = token;
      else o = writeToken(token, out, o);
    } else if (v !== v) {
      out[o++] = NAN_TOKEN;
    } else {
      out[o++] = RAW_TOKEN;
      f64[0] = v;
      for (let b = 0; b < 8; b++) out[o++] = f64Bytes[b];
    }
  }
  return o;
}

/** LEB128 of an even token of two bytes or more. */
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

/** Reads `into.length` values from `bytes` at `o`; returns the end. Throws when the bytes run out. */
export function readNumbers(bytes: Uint8Array, o: number, end: number, into: Float64Array | Int32Array): number {
  let prev = 0;
  const n = into.length;
  if (end - o < n) throw new Error('number column ends early');
  for (let i = 0; i < n; i++) {
    let b = bytes[o++];
    // One-byte integer tokens are nearly all of them: small integer arithmetic only.
    if (b < 128 && (b & 1) === 0) {
      const z = b >>> 1;
      prev += (z & 1) === 0 ? z >>> 1 : -((z + 1) >>> 1);
      into[i] = prev;
      continue;
    }
    let token = b & 127;
    if (b > 127 && o < end && bytes[o] < 128) {
      // Two bytes: the usual size of a timestamp's step.
      token |= bytes[o++] << 7;
      if ((token & 1) === 0) {
        const z = token >>> 1;
        prev += (z & 1) === 0 ? z >>> 1 : -((z + 1) >>> 1);
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
    if (token === NAN_TOKEN) into[i] = Number.NaN;
    else if (token === RAW_TOKEN) {
      if (o + 8 > end) throw new Error('number column ends early');
      for (let k = 0; k < 8; k++) f64Bytes[k] = bytes[o++];
      into[i] = f64[0];
    } else if (token % 2 === 1) {
      throw new Error(`unknown number token ${token}`);
    } else if (token < 0x40000000) {
      const z = token >>> 1;
      prev += (z & 1) === 0 ? z >>> 1 : -((z + 1) >>> 1);
      into[i] = prev;
    } else {
      const z = token / 2;
      prev += z % 2 === 0 ? z / 2 : -(z + 1) / 2;
      into[i] = prev;
    }
  }
  if (o > end) throw new Error('number column ends early');
  return o;
}
