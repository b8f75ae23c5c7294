// Number columns of the binary trace as variable-length tokens (docs/trace-store.md): each value is
// written as its difference from the previous integer value of the same column, zigzagged, so the
// small steps of timestamps, sequence numbers and repeated ids take one or two bytes, and a step
// that repeats (a constant column, a counter) is one run token. A token is
//   even t:    an integer, delta = unzigzag(t / 2)
//   1:         NaN (an absent field)
//   3:         a value that is no integer within ±2^51 of the previous one; 8 bytes of float64 (LE) follow
//   odd t ≥ 5: the previous token's step again, (t - 3) / 2 times (format version 2)
// and is stored as LEB128 (7 bits a byte, low first). Arithmetic, not bit operators, above 2^31.
// Runs are what make a busy loop cheap to store: most columns of a lock hammer repeat one step,
// and both this writer and deflate then pass over a fraction of the bytes.

const NAN_TOKEN = 1;
const RAW_TOKEN = 3;
const MAX_DELTA = 2 ** 51;
/** Steps smaller than this have a token below 2^31. */
const SMALL_STEP = 2 ** 29;
const f64 = new Float64Array(1);
const f64Bytes = new Uint8Array(f64.buffer);

/** Writes the tokens of `values` into `out` from `o`; returns the end. `out` needs 10 bytes a value. */
export function writeNumbers(values: Float64Array | Int32Array, out: Uint8Array, o: number): number {
  // Two loops, each seeing one array type (V8 keeps each monomorphic): int32 columns need no checks.
  return values instanceof Int32Array ? writeInts(values, out, o) : writeFloats(values, out, o);
}

// The runner encodes a chunk at a time on the thread that drains the scenario's threads, so every
// ns here is taken from them. Both loops find a run's end with a scan that only compares (a constant
// column, NaN after NaN), and make a token's bytes in int32 arithmetic (writeStep).

function writeInts(values: Int32Array, out: Uint8Array, o: number): number {
  const n = values.length;
  if (n === 0) return o;
  let prev = values[0];
  // The last token's step: a repeat is found before any token arithmetic.
  let lastD = prev;
  o = writeStep(prev, out, o);
  for (let i = 1; i < n;) {
    const v = values[i];
    const d = v - prev;
    if (d === lastD) {
      // Exact: int32 values and their steps are integers well within float64's.
      let next = v + d;
      let j = i + 1;
      while (j < n && values[j] === next) {
        next += d;
        j++;
      }
      o = writeRun(j - i, out, o);
      prev = values[j - 1];
      i = j;
      continue;
    }
    lastD = d;
    prev = v;
    o = writeStep(d, out, o);
    i++;
  }
  return o;
}

function writeFloats(values: Float64Array, out: Uint8Array, o: number): number {
  const n = values.length;
  let prev = 0;
  // The last token: 0 an integer's, NAN_TOKEN or RAW_TOKEN (-1 before the first).
  let last = -1;
  // The last token's step when it was an integer's, else NaN: a repeated step is found first.
  let lastD = Number.NaN;
  let lastRaw = 0;
  let run = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    const d = v - prev;
    let token = 0;
    if (Number.isInteger(v) && d <= MAX_DELTA && d >= -MAX_DELTA) {
      prev = v;
      if (d === lastD) {
        if (d === 0) {
          // A constant stretch: compare only.
          let j = i + 1;
          while (j < n && values[j] === v) j++;
          run += j - i;
          i = j - 1;
        } else run++;
        continue;
      }
    } else if (v !== v) {
      if (last === NAN_TOKEN) {
        let j = i + 1;
        while (j < n && values[j] !== values[j]) j++;
        run += j - i;
        i = j - 1;
        continue;
      }
      token = NAN_TOKEN;
    } else if (last === RAW_TOKEN && v === lastRaw) {
      run++;
      continue;
    } else token = RAW_TOKEN;
    if (run > 0) {
      o = writeRun(run, out, o);
      run = 0;
    }
    last = token;
    if (token === 0) {
      lastD = d;
      o = writeStep(d, out, o);
      continue;
    }
    lastD = Number.NaN;
    out[o++] = token;
    if (token === RAW_TOKEN) {
      f64[0] = lastRaw = v;
      for (let b = 0; b < 8; b++) out[o++] = f64Bytes[b];
    }
  }
  return run > 0 ? writeRun(run, out, o) : o;
}

/** The integer token of step `d` (|d| ≤ MAX_DELTA). */
function writeStep(d: number, out: Uint8Array, o: number): number {
  if (d < SMALL_STEP && d > -SMALL_STEP) {
    // zigzag(d) * 2 in int32 arithmetic: |d| < 2^29 keeps the token below 2^31.
    const di = d | 0;
    const token = ((di << 1) ^ (di >> 31)) << 1;
    if (token < 128) out[o++] = token;
    else if (token < 16384) {
      // Two bytes, written here: the usual size of a timestamp's step.
      out[o++] = (token & 127) | 128;
      out[o++] = token >>> 7;
    } else o = writeToken(token, out, o);
    return o;
  }
  return writeToken(d >= 0 ? 4 * d : -4 * d - 2, out, o);
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

/** Reads `into.length` values from `bytes` at `o`; returns the end. Throws when the bytes run out. */
export function readNumbers(bytes: Uint8Array, o: number, end: number, into: Float64Array | Int32Array): number {
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
    if (b < 128 && b >= 5 && i > 0 && step === step) {
      // A one-byte run of an integer step (a cycle's repeat, a short counter): the same, unrolled.
      const count = (b - 3) >>> 1;
      if (i + count > n) throw new Error(`number column: a run of ${count} passes its ${n} values`);
      for (let j = 0; j < count; j++) into[i + j] = prev += step;
      i += count - 1;
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
      // A constant stretch (step 0) and NaN or a raw value repeated are fills, done natively.
      if (step === 0) into.fill(prev, i, i + count);
      else if (step === step) {
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
