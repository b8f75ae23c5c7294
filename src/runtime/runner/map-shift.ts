// Moves a source map's generated columns past text inserted into its generated file (the site
// marks of ./site-marks.ts, which insert no newline). A mapping at an insertion point moves to the
// start of the inserted text, so the inserted text reads as part of the token it precedes.
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_VALUE[B64.charCodeAt(i)] = i;

/** The base64 VLQ numbers of one mapping segment (source map version 3). */
function decodeSegment(s: string): number[] {
  const out: number[] = [];
  let value = 0;
  let shift = 0;
  for (let i = 0; i < s.length; i++) {
    const digit = B64_VALUE[s.charCodeAt(i)];
    if (digit < 0) throw new Error(`source map: bad mapping character '${s[i]}'`);
    value += (digit & 31) << shift;
    if (digit & 32) shift += 5;
    else {
      out.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return out;
}

function encode(n: number): string {
  let v = n < 0 ? (-n << 1) | 1 : n << 1;
  let out = '';
  do {
    let digit = v & 31;
    v >>>= 5;
    if (v > 0) digit |= 32;
    out += B64[digit];
  } while (v > 0);
  return out;
}

/**
 * `mappings` with generated columns moved past `inserts` ([offset in the generated text, length],
 * sorted by offset); `text` is the generated text before the insertions (for lines and columns).
 */
export function shiftMappings(mappings: string, text: string, inserts: readonly (readonly [number, number])[]): string {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  // Per generated line: insertion columns and the lengths inserted at them.
  const byLine = new Map<number, [number, number][]>();
  let line = 0;
  for (const [pos, len] of inserts) {
    while (line + 1 < lineStarts.length && lineStarts[line + 1] <= pos) line++;
    const list = byLine.get(line) ?? [];
    list.push([pos - lineStarts[line], len]);
    byLine.set(line, list);
  }
  return mappings
    .split(';')
    .map((segments, l) => {
      const ins = byLine.get(l);
      if (!ins || segments === '') return segments;
      let col = 0;
      let prevOut = 0;
      let k = 0;
      let shift = 0;
      return segments
        .split(',')
        .map((seg) => {
          const fields = decodeSegment(seg);
          col += fields[0];
          while (k < ins.length && ins[k][0] < col) shift += ins[k++][1];
          const moved = col + shift;
          fields[0] = moved - prevOut;
          prevOut = moved;
          return fields.map(encode).join('');
        })
        .join(',');
    })
    .join(';');
}
