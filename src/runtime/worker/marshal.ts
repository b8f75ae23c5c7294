// Values crossing threads (Thread args, queue items) are structured-cloned, as Python pickles
// them, except handles (primitives, shared records, threads), which travel as {__interleave, ref}
// and are revived as live handles on the other side.
import { serialize, deserialize } from 'node:v8';
import { WIRE, type HandleWire } from '../primitives/base';

type Reviver = (wire: HandleWire) => unknown;
const revivers = new Map<string, Reviver>();

export function registerHandle(kind: string, revive: Reviver): void {
  revivers.set(kind, revive);
}

export function toWire(v: unknown, seen = new Map<object, unknown>()): unknown {
  if (typeof v !== 'object' || v === null) {
    if (typeof v === 'function')
      throw new TypeError(`cannot pass a function between threads (${v.name || 'anonymous'}); pass data, or name an exported function`);
    return v;
  }
  const wire = (v as { [WIRE]?: () => HandleWire })[WIRE];
  if (typeof wire === 'function') return wire.call(v);
  if (seen.has(v)) return seen.get(v);
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    seen.set(v, out);
    for (const x of v) out.push(toWire(x, seen));
    return out;
  }
  if (v instanceof Map) {
    const out = new Map();
    seen.set(v, out);
    for (const [k, x] of v) out.set(toWire(k, seen), toWire(x, seen));
    return out;
  }
  if (v instanceof Set) {
    const out = new Set();
    seen.set(v, out);
    for (const x of v) out.add(toWire(x, seen));
    return out;
  }
  const proto = Object.getPrototypeOf(v);
  if (proto === Object.prototype || proto === null) {
    const out: Record<string, unknown> = {};
    seen.set(v, out);
    for (const k of Object.keys(v)) out[k] = toWire((v as Record<string, unknown>)[k], seen);
    return out;
  }
  return v;
}

export function fromWire(v: unknown, seen = new Set<object>()): unknown {
  if (typeof v !== 'object' || v === null || seen.has(v)) return v;
  const kind = (v as { __interleave?: unknown }).__interleave;
  if (typeof kind === 'string') {
    const revive = revivers.get(kind);
    if (!revive) throw new Error(`internal: no reviver for ${kind}`);
    return revive(v as HandleWire);
  }
  seen.add(v);
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = fromWire(v[i], seen);
  } else if (v instanceof Map) {
    for (const [k, x] of v) v.set(k, fromWire(x, seen));
  } else if (v instanceof Set) {
    const items = [...v];
    v.clear();
    for (const x of items) v.add(fromWire(x, seen));
  } else if (Object.getPrototypeOf(v) === Object.prototype) {
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) o[k] = fromWire(o[k], seen);
  }
  return v;
}

export function encodeItem(v: unknown): Uint8Array {
  return serialize(toWire(v));
}

export function decodeItem(bytes: Uint8Array): unknown {
  return fromWire(deserialize(bytes));
}
