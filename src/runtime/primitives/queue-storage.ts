// The four overridable hooks of CPython's Queue (_init, _qsize, _put, _get), in shared memory.
// Items are stored serialized in heap blocks; the queue keeps (bytesRef, itemId) pairs in a
// growable heap array: a ring for FIFO, a stack for LIFO, a binary heap ordered with Python's
// comparison for priority (the same sift steps as CPython's heapq, so equal priorities come out
// in the same order as in Python).
import type { SharedHeap } from '../shm/heap';
import { decodeItem } from '../worker/marshal';
import { pyLess } from './pycompare';

/** Word indices (relative to the queue block) that storage owns. */
export const HEAD = 4;
export const COUNT = 5;
export const CAP = 6;
export const ARR = 7;

export type Discipline = 'fifo' | 'lifo' | 'priority';

export interface StoredItem {
  bytes: number;
  id: number;
}

export class QueueStorage {
  constructor(
    private readonly heap: SharedHeap,
    private readonly base: number,
    private readonly discipline: Discipline,
  ) {}

  init(capacity = 8): void {
    const i32 = this.heap.i32;
    i32[this.base + CAP] = capacity;
    i32[this.base + ARR] = this.heap.alloc(capacity * 8);
  }

  size(): number {
    return this.heap.i32[this.base + COUNT];
  }

  put(item: StoredItem): void {
    const i32 = this.heap.i32;
    if (this.size() === i32[this.base + CAP]) this.grow();
    const n = this.size();
    if (this.discipline === 'fifo') {
      this.set((i32[this.base + HEAD] + n) % i32[this.base + CAP], item);
    } else {
      this.set(n, item);
    }
    i32[this.base + COUNT] = n + 1;
    if (this.discipline === 'priority') this.siftDown(0, n);
  }

  get(): StoredItem {
    const i32 = this.heap.i32;
    const n = this.size() - 1;
    i32[this.base + COUNT] = n;
    if (this.discipline === 'fifo') {
      const head = i32[this.base + HEAD];
      i32[this.base + HEAD] = (head + 1) % i32[this.base + CAP];
      return this.at(head);
    }
    if (this.discipline === 'lifo') return this.at(n);
    // heapq.heappop: move the last item to the root and sift it up.
    const last = this.at(n);
    if (n === 0) return last;
    const top = this.at(0);
    this.set(0, last);
    this.siftUp(0, n);
    return top;
  }

  private at(i: number): StoredItem {
    const arr = this.heap.i32[this.base + ARR] >> 2;
    return { bytes: this.heap.i32[arr + 2 * i], id: this.heap.i32[arr + 2 * i + 1] };
  }

  private set(i: number, item: StoredItem): void {
    const arr = this.heap.i32[this.base + ARR] >> 2;
    this.heap.i32[arr + 2 * i] = item.bytes;
    this.heap.i32[arr + 2 * i + 1] = item.id;
  }

  private grow(): void {
    const i32 = this.heap.i32;
    const cap = i32[this.base + CAP];
    const n = this.size();
    const items: StoredItem[] = [];
    for (let k = 0; k < n; k++) items.push(this.at(this.discipline === 'fifo' ? (i32[this.base + HEAD] + k) % cap : k));
    const old = i32[this.base + ARR];
    i32[this.base + ARR] = this.heap.alloc(cap * 2 * 8);
    i32[this.base + CAP] = cap * 2;
    i32[this.base + HEAD] = 0;
    items.forEach((it, k) => this.set(k, it));
    this.heap.free(old);
  }

  private less(a: StoredItem, b: StoredItem): boolean {
    return pyLess(decodeItem(this.heap.readBytes(a.bytes)), decodeItem(this.heap.readBytes(b.bytes)));
  }

  /** heapq._siftdown: the new item at pos moves toward the root. */
  private siftDown(startpos: number, pos: number): void {
    const newitem = this.at(pos);
    while (pos > startpos) {
      const parentpos = (pos - 1) >> 1;
      const parent = this.at(parentpos);
      if (this.less(newitem, parent)) {
        this.set(pos, parent);
        pos = parentpos;
        continue;
      }
      break;
    }
    this.set(pos, newitem);
  }

  /** heapq._siftup: bubble the smaller child up until a leaf, then siftDown. */
  private siftUp(pos: number, endpos: number): void {
    const startpos = pos;
    const newitem = this.at(pos);
    let childpos = 2 * pos + 1;
    while (childpos < endpos) {
      const rightpos = childpos + 1;
      if (rightpos < endpos && !this.less(this.at(childpos), this.at(rightpos))) childpos = rightpos;
      this.set(pos, this.at(childpos));
      pos = childpos;
      childpos = 2 * pos + 1;
    }
    this.set(pos, newitem);
    this.siftDown(startpos, pos);
  }
}
