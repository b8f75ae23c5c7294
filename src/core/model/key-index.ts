// Event index by a small integer key (a sequence number, item id or primitive id): a typed array
// when the keys are dense, as the runtime's counters make them, else a Map. Keeps the hot passes
// free of per-event Map operations without trusting a file's numbers to be small.

export class KeyIndex {
  private readonly dense: Int32Array | undefined;
  private readonly sparse: Map<number, number> | undefined;

  /** `maxKey`: the largest key that will be set; `count`: how many will be set. */
  constructor(maxKey: number, count: number) {
    if (maxKey >= 0 && maxKey <= 4 * count + 1024 && Number.isInteger(maxKey)) this.dense = new Int32Array(maxKey + 1).fill(-1);
    else this.sparse = new Map();
  }

  set(key: number, value: number): void {
    if (this.dense && Number.isInteger(key) && key >= 0 && key < this.dense.length) this.dense[key] = value;
    else this.sparse?.set(key, value);
  }

  /** The value for `key`, -1 if none. */
  get(key: number): number {
    if (this.dense) return Number.isInteger(key) && key >= 0 && key < this.dense.length ? this.dense[key] : -1;
    return this.sparse!.get(key) ?? -1;
  }
}
