// What crosses a process boundary (Process args, queue items, pipe messages, pool tasks) is copied,
// as Python pickles it. Cross-process handles (mp.Queue, Connection, mp.Lock, ...) travel as
// handles. A shared() record is copied by value, like a dict: the copy lives in the other
// process's memory, and changes there are not seen here. A threading primitive cannot cross at
// all, as in Python ("cannot pickle '_thread.lock' object"): it lives in this process's memory.
import { serialize } from 'node:v8';
import { decodeItem, toWire } from '../worker/marshal';
import type { HandleWire } from '../primitives/base';
import { reviveShared } from '../primitives/shared';

/** Wire kinds of cross-process handles start with this. */
export const MP_WIRE = 'mp.';

/** A shared() record copied into another process: revived there as a new record with these values. */
export interface SharedCopyWire extends HandleWire {
  __interleave: 'SharedCopy';
  values: Record<string, number | boolean>;
}

export function pickle(v: unknown): Uint8Array {
  return serialize(forOtherProcess(toWire(v)));
}

/** Revives mp handles and shared() copies (revivers are registered by the mp module). */
export function unpickle(bytes: Uint8Array): unknown {
  return decodeItem(bytes);
}

/** Args wire form for a Process's StartSpec (serialized by the runner with the rest of the spec). */
export function pickleWire(v: unknown): unknown {
  return forOtherProcess(toWire(v));
}

function forOtherProcess(w: unknown, seen = new Map<object, unknown>()): unknown {
  if (typeof w !== 'object' || w === null) return w;
  if (seen.has(w)) return seen.get(w);
  const kind = (w as { __interleave?: unknown }).__interleave;
  if (typeof kind === 'string') {
    if (kind.startsWith(MP_WIRE)) {
      if (kind === 'mp.Pool') throw new TypeError('pool objects cannot be passed between processes or pickled');
      return w;
    }
    if (kind === 'Shared') {
      const record = reviveShared((w as HandleWire).ref) as unknown as { toJSON(): Record<string, number | boolean> };
      return { __interleave: 'SharedCopy', ref: 0, values: record.toJSON() } satisfies SharedCopyWire;
    }
    throw new TypeError(
      `cannot pickle '${kind}' object: a threading ${kind} lives in this process's memory and cannot reach another process. ` +
        `Use the multiprocessing one (mp.Lock, mp.Semaphore, mp.Event, mp.Queue, mp.Pipe) to share it between processes.`,
    );
  }
  if (Array.isArray(w)) {
    const out: unknown[] = [];
    seen.set(w, out);
    for (const x of w) out.push(forOtherProcess(x, seen));
    return out;
  }
  if (w instanceof Map) {
    const out = new Map();
    seen.set(w, out);
    for (const [k, x] of w) out.set(forOtherProcess(k, seen), forOtherProcess(x, seen));
    return out;
  }
  if (w instanceof Set) {
    const out = new Set();
    seen.set(w, out);
    for (const x of w) out.add(forOtherProcess(x, seen));
    return out;
  }
  if (Object.getPrototypeOf(w) === Object.prototype) {
    const out: Record<string, unknown> = {};
    seen.set(w, out);
    for (const [k, x] of Object.entries(w)) out[k] = forOtherProcess(x, seen);
    return out;
  }
  return w;
}
