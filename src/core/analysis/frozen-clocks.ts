// Frozen copies of vector clocks, kept as offsets into one growable column rather than one small
// array each. The race check keeps the clock of each field's last accesses, a new copy per critical
// section; as separate arrays, copies that outlive a young-generation GC cost more than the rest of
// the check. When the column is full, the copies still held move to a new one (at least four
// times their size, so moving stays rare) and their holders are told the new offsets.

export class FrozenClocks {
  private data: Int32Array;
  private size = 0;

  /**
   * `n`: the length of every clock. `holders(move)` must call `move` on every offset it still
   * holds (offsets below 0 stand for none and come back unchanged) and keep what it returns.
   */
  constructor(
    private readonly n: number,
    private readonly holders: (move: (offset: number) => number) => void,
  ) {
    this.data = new Int32Array(n * 1024);
  }

  /** A copy of `clock`: its offset. */
  freeze(clock: Int32Array): number {
    const n = this.n;
    if (this.size + n > this.data.length) this.compact();
    const at = this.size;
    for (let u = 0; u < n; u++) this.data[at + u] = clock[u];
    this.size += n;
    return at;
  }

  /** Entry `u` of the copy at `offset`. */
  get(offset: number, u: number): number {
    return this.data[offset + u];
  }

  private compact(): void {
    const n = this.n;
    const moved = new Map<number, number>();
    this.holders((o) => (o >= 0 && moved.set(o, -1), o));
    const data = new Int32Array(Math.max(this.data.length, 4 * n * (moved.size + 1)));
    let size = 0;
    for (const o of moved.keys()) {
      data.set(this.data.subarray(o, o + n), size);
      moved.set(o, size);
      size += n;
    }
    this.holders((o) => (o >= 0 ? moved.get(o)! : o));
    this.data = data;
    this.size = size;
  }
}
