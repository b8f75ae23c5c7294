// A shared-memory heap with power-of-two size classes and per-class free lists, guarded by one
// private futex. Handles hold only offsets; all mutable state lives here, so a handle can be
// serialized to another thread as a number.
//
// Block: [class:int32][unused:int32][payload...]; a block's ref is its payload's byte offset
// (never 0, so 0 means "none"). A free block keeps the next free ref in its first payload word.
import { Ctl } from './layout';
import { lockSlow, rawWait, rawWake, tryLock, unlock } from './futex';

const MIN_CLASS_BYTES = 16;
export const SIZE_CLASSES = 26;
const HEADER = 8;

export class HeapFullError extends Error {}

export class SharedHeap {
  readonly i32: Int32Array;
  readonly f64: Float64Array;
  readonly u8: Uint8Array;
  private readonly ctl: Int32Array;

  constructor(
    readonly buffer: SharedArrayBuffer,
    control: SharedArrayBuffer,
  ) {
    this.i32 = new Int32Array(buffer);
    this.f64 = new Float64Array(buffer);
    this.u8 = new Uint8Array(buffer);
    this.ctl = new Int32Array(control);
  }

  /** Runner only, once: the first bytes stay unused so that ref 0 means "none". */
  static initialize(control: SharedArrayBuffer): void {
    Atomics.store(new Int32Array(control), Ctl.HEAP_TOP, 64);
  }

  /** Zeroed, 8-byte aligned block of at least `bytes`. */
  alloc(bytes: number): number {
    let cls = 0;
    while (MIN_CLASS_BYTES << cls < bytes + HEADER) cls++;
    if (cls >= SIZE_CLASSES)
      throw new HeapFullError(`cannot allocate ${bytes} bytes in shared memory (largest block is ${(MIN_CLASS_BYTES << (SIZE_CLASSES - 1)) - HEADER})`);
    const size = MIN_CLASS_BYTES << cls;
    this.lock();
    let ref: number;
    try {
      const head = this.ctl[Ctl.FREE_LISTS + cls];
      if (head !== 0) {
        ref = head;
        this.ctl[Ctl.FREE_LISTS + cls] = this.i32[ref >> 2];
      } else {
        const top = this.ctl[Ctl.HEAP_TOP];
        if (top + size > this.buffer.byteLength) {
          throw new HeapFullError(`shared memory is full (${this.buffer.byteLength >> 20} MiB): the scenario keeps too much in queues or shared records`);
        }
        this.ctl[Ctl.HEAP_TOP] = top + size;
        this.i32[top >> 2] = cls;
        ref = top + HEADER;
      }
    } finally {
      this.unlock();
    }
    this.u8.fill(0, ref, ref + size - HEADER);
    return ref;
  }

  free(ref: number): void {
    const cls = this.i32[(ref - HEADER) >> 2];
    this.lock();
    this.i32[ref >> 2] = this.ctl[Ctl.FREE_LISTS + cls];
    this.ctl[Ctl.FREE_LISTS + cls] = ref;
    this.unlock();
  }

  writeString(s: string): number {
    const bytes = encoder.encode(s);
    const ref = this.alloc(bytes.length + 4);
    this.i32[ref >> 2] = bytes.length;
    this.u8.set(bytes, ref + 4);
    return ref;
  }

  readString(ref: number): string {
    if (ref === 0) return '';
    return this.readBytesAsString(ref + 4, this.i32[ref >> 2]);
  }

  writeBytes(bytes: Uint8Array): number {
    const ref = this.alloc(bytes.length + 4);
    this.i32[ref >> 2] = bytes.length;
    this.u8.set(bytes, ref + 4);
    return ref;
  }

  /** A private copy (structured-clone deserializers do not accept shared memory). */
  readBytes(ref: number): Uint8Array {
    const len = this.i32[ref >> 2];
    return this.u8.slice(ref + 4, ref + 4 + len);
  }

  private readBytesAsString(start: number, len: number): string {
    return decoder.decode(this.u8.slice(start, start + len));
  }

  private lock(): void {
    if (!tryLock(this.ctl, Ctl.HEAP_LOCK)) lockSlow(this.ctl, Ctl.HEAP_LOCK, Infinity, () => 0, rawWait);
  }

  private unlock(): void {
    unlock(this.ctl, Ctl.HEAP_LOCK, rawWake);
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
