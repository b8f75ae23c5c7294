// mulberry32: a 32-bit state PRNG, small enough to live in one shared int32 so that whichever
// thread holds the baton draws the next number and the sequence depends only on the seed.

/** Advances the state at arr[index] and returns a float in [0, 1). */
export function nextRandom(arr: Int32Array, index: number): number {
  const s = (arr[index] + 0x6d2b79f5) | 0;
  arr[index] = s;
  let t = Math.imul(s ^ (s >>> 15), 1 | s);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** An integer in [0, n). */
export function nextInt(arr: Int32Array, index: number, n: number): number {
  return Math.floor(nextRandom(arr, index) * n);
}
