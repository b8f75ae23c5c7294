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

/**
 * What the next Primitive constructor adopts instead of allocating and recording: set only for
 * the duration of revive() or quietly(), so no public constructor carries internal parameters.
 */
interface Adoption {
  /** An existing block: the handle of a primitive that crossed from another thread. */
  ref?: number;
  /** Creation not recorded (the private mutex and conditions inside other primitives). */
  quiet?: boolean;
  /** The kind to create instead of the constructor's own (SimpleQueue's inner Queue). */
  kind?: number;
}
let adoption: Adoption | undefined;
const revived = new WeakSet<object>();

function adopting<T>(a: Adoption, make: () => T): T {
  const outer = adoption;
  adoption = { ...outer, ...a };
  try {
    return make();
  } finally {
    adoption = outer;
  }
}

/** A handle, built by `make` through the public constructor, of the existing primitive at `ref` (an mp object's id). */
export function revive<T>(ref: number, make: () => T): T {
  return adopting({ ref }, make);
}

/** A primitive built by `make` whose creation is not recorded. */
export function quietly<T>(make: () => T): T {
  return adopting({ quiet: true }, make);
}

/** A primitive built by `make` as kind `kind` (the heap word and the trace's kind). */
export function asKind<T>(kind: number, make: () => T): T {
  return adopting({ kind }, make);
}

/** True while a constructor revives an existing primitive: it skips its argument checks. */
export function reviving(): boolean {
  return adoption?.ref !== undefined;
}

/** True for a handle built by revive(): its constructor reads its block instead of writing it. */
export function wasRevived(p: object): boolean {
  return revived.has(p);
}

/** The adoption set for the constructor running now, cleared: read once by the first constructor that allocates (Primitive, mp handles). */
export function takeAdoption(): Adoption | undefined {
  const a = adoption;
  adoption = undefined;
  return a;
}

export abstract class Primitive {
  /** @internal Heap offset of this primitive's block; also its id in the trace. */
  readonly ref: number;

  /** @internal */
  protected constructor(kindCode: number, bytes: number, options: PrimitiveOptions | undefined) {
    const a = takeAdoption();
    if (a?.ref !== undefined) {
      this.ref = a.ref;
      revived.add(this);
      return;
    }
    const kind = a?.kind ?? kindCode;
    const c = ctx();
    if (c.loading) throw topLevelError(primKindName[kind]);
    this.ref = c.heap.alloc(bytes);
    c.heap.i32[this.ref >> 2] = kind;
    if (!a?.quiet) {
      const nameRef = options?.name ? c.heap.writeString(String(options.name)) : -1;
      c.emit(EventKind.primCreate, this.ref, kind, nameRef, -1, c.sites.capture());
    }
  }

  /** @internal */
  protected get c(): ThreadContext {
    return ctx();
  }

  /** @internal */
  protected get i32(): Int32Array {
    return ctx().heap.i32;
  }

  /** @internal int32 index of this block's word `w`. */
  protected w(word: number): number {
    return (this.ref >> 2) + word;
  }

  /** @internal */
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
