// What every shared primitive has: a heap block whose first word is its PrimKind (its id is the
// block's offset), creation recorded with its call site, and a serializable handle.
import { ctx, type ThreadContext } from '../worker/context';
import { EventKind, primKindName } from '../../core/trace/kinds';
import { ValueError } from '../errors';
import { TIMEOUT_MAX, timeoutTooLarge } from './timeout';

/** Optional last constructor argument of every primitive: a name for the timeline. */
export interface PrimitiveOptions {
  name?: string;
}

/** Method key of every handle's wire form (a symbol, so it never collides with a shared field). */
export const WIRE = Symbol.for('interleave.wire');

/** The wire form of a handle; revived on the other side by kind. */
export interface HandleWire {
  __interleave: string;
  ref: number;
}

export abstract class Primitive {
  /** Heap offset of this primitive's block; also its id in the trace. */
  readonly ref: number;

  protected constructor(kindCode: number, bytes: number, options: PrimitiveOptions | undefined, quiet: boolean, ref?: number) {
    if (ref !== undefined) {
      this.ref = ref;
      return;
    }
    const c = ctx();
    if (c.loading) throw topLevelError(primKindName[kindCode]);
    this.ref = c.heap.alloc(bytes);
    c.heap.i32[this.ref >> 2] = kindCode;
    if (!quiet) {
      const nameRef = options?.name ? c.heap.writeString(String(options.name)) : -1;
      c.emit(EventKind.primCreate, this.ref, kindCode, nameRef, -1, c.sites.capture());
    }
  }

  protected get c(): ThreadContext {
    return ctx();
  }

  protected get i32(): Int32Array {
    return ctx().heap.i32;
  }

  /** int32 index of this block's word `w`. */
  protected w(word: number): number {
    return (this.ref >> 2) + word;
  }

  [WIRE](): HandleWire {
    return { __interleave: primKindName[this.c.heap.i32[this.ref >> 2]], ref: this.ref };
  }
}

export function topLevelError(what: string): Error {
  return new Error(
    `${what} created at the top level of the scenario module. Every thread loads the module afresh, so each thread ` +
      `would get its own, different ${what}. Create it inside the scenario's main function and pass it to threads as an argument.`,
  );
}

/**
 * Validates Lock/RLock.acquire's (blocking, timeout) in CPython's order: the timeout's conversion
 * (None, NaN, too large), then the non-blocking and negative checks. -1 is "no limit".
 * CPython 3.9–3.12 word the negative case "timeout value must be positive".
 */
export function checkAcquireArgs(blocking: boolean, timeout: number): void {
  if (timeout === null) throw new TypeError("'NoneType' object cannot be interpreted as an integer");
  if (Number.isNaN(timeout)) throw new ValueError('Invalid value NaN (not a number)');
  if (timeout > TIMEOUT_MAX) throw timeoutTooLarge();
  if (!blocking && timeout !== -1) throw new ValueError("can't specify a timeout for a non-blocking call");
  if (timeout < 0 && timeout !== -1) throw new ValueError('timeout value must be a non-negative number');
}

/** `with` for lock-likes: fn runs holding the primitive. */
export interface Holdable {
  acquire(): boolean;
  release(): void;
}

export function withHeld<T>(p: Holdable, fn: () => T): T {
  // fn's code clears the site register (docs/call-sites.md): the release is the `with` call's, as the acquire.
  const sites = ctx().sites.register;
  const call = sites.s;
  p.acquire();
  try {
    return fn();
  } finally {
    sites.s = call;
    p.release();
  }
}

/** `using _ = lock.hold()`: released when the block ends. */
export function holdOf(p: Holdable): Disposable & { release(): void } {
  p.acquire();
  let done = false;
  const release = () => {
    if (!done) {
      done = true;
      p.release();
    }
  };
  return { release, [Symbol.dispose]: release };
}
