// shared({...}): a record of numbers and booleans in shared memory, seen by every thread. Every
// read and write is a recorded (and, in deterministic mode, scheduled) operation, so a lost update
// is visible on the timeline. Fields are fixed at creation, as in a C struct.
//
// | word | meaning                                  |
// |------|------------------------------------------|
// | 0    | PrimKind.Shared                          |
// | 1    | number of fields                         |
// | 2    | ref of the JSON list of field names      |
// | 3    | bit i set: field i is a boolean          |
// | f64 2+i | value of field i                      |
import { inspect } from 'node:util';
import { EventKind, PrimKind } from '../../core/trace/kinds';
import { ctx } from '../worker/context';
import { topLevelError, WIRE, type HandleWire, type PrimitiveOptions } from './base';

export type SharedRecord<T extends Record<string, number | boolean>> = T;

/** A record of numbers and booleans shared by every thread (not copied): threads pass it and see each other's writes. */
export function shared<T extends Record<string, number | boolean>>(init: T, options?: PrimitiveOptions): SharedRecord<T> {
  const c = ctx();
  if (c.loading) throw topLevelError('shared record');
  const names = Object.keys(init);
  if (names.length > 31) throw new TypeError('a shared record holds at most 31 fields');
  let boolMask = 0;
  names.forEach((n, i) => {
    const v = init[n];
    if (typeof v === 'boolean') boolMask |= 1 << i;
    else if (typeof v !== 'number') {
      throw new TypeError(`shared record field '${n}' is a ${typeof v}: shared({...}) holds numbers and booleans only (use a Queue to pass other data)`);
    }
  });
  const ref = c.heap.alloc(16 + names.length * 8);
  const i32 = c.heap.i32;
  i32[ref >> 2] = PrimKind.Shared;
  i32[(ref >> 2) + 1] = names.length;
  i32[(ref >> 2) + 2] = c.heap.writeString(JSON.stringify(names));
  i32[(ref >> 2) + 3] = boolMask;
  names.forEach((n, i) => (c.heap.f64[(ref >> 3) + 2 + i] = Number(init[n])));
  const nameRef = options?.name ? c.heap.writeString(String(options.name)) : -1;
  c.emit(EventKind.primCreate, ref, PrimKind.Shared, nameRef, -1, c.sites.capture());
  return reviveShared(ref) as SharedRecord<T>;
}

export function reviveShared(ref: number): Record<string, number | boolean> {
  const c = ctx();
  const names: string[] = JSON.parse(c.heap.readString(c.heap.i32[(ref >> 2) + 2]));
  const boolMask = c.heap.i32[(ref >> 2) + 3];
  const index = new Map(names.map((n, i) => [n, i]));
  // Fields a confirming exploration postpones accesses to (ThreadContext.raceFields), as a bit mask.
  const racing = names.reduce((m, n, i) => (ctx().raceFields.has(n) ? m | (1 << i) : m), 0);
  const slot = (ref >> 3) + 2;
  const wire: HandleWire = { __interleave: 'Shared', ref };
  // Node's inspect (log(d), console.log(d)) looks at a proxy's target, not through its traps:
  // give the target a custom view of the current fields.
  const target = Object.defineProperty({}, inspect.custom, { configurable: true, value: () => Object.fromEntries(names.map((n, i) => [n, value(i)])) });
  return new Proxy(target as Record<string, number | boolean>, {
    get(_t, key) {
      if (key === WIRE) return () => wire;
      if (typeof key !== 'string') return undefined;
      if (key === 'toJSON') return () => Object.fromEntries(names.map((n, i) => [n, value(i)]));
      const i = index.get(key);
      if (i === undefined) return undefined;
      const cx = ctx();
      const at = cx.operation((racing & (1 << i)) !== 0);
      const v = cx.heap.f64[slot + i];
      cx.emit(EventKind.sharedRead, ref, v, i, -1, at);
      return boolMask & (1 << i) ? v !== 0 : v;
    },
    set(_t, key, v) {
      const i = typeof key === 'string' ? index.get(key) : undefined;
      if (i === undefined) throw new TypeError(`shared record has no field '${String(key)}': declare every field in shared({...})`);
      const isBool = (boolMask & (1 << i)) !== 0;
      if (isBool ? typeof v !== 'boolean' : typeof v !== 'number') {
        throw new TypeError(`shared field '${key as string}' holds a ${isBool ? 'boolean' : 'number'}, not ${typeof v}`);
      }
      const cx = ctx();
      const at = cx.operation((racing & (1 << i)) !== 0, true);
      const n = Number(v);
      cx.emit(EventKind.sharedWrite, ref, n, i, -1, at);
      cx.heap.f64[slot + i] = n;
      return true;
    },
    has: (_t, key) => typeof key === 'string' && index.has(key),
    ownKeys: () => names,
    getOwnPropertyDescriptor: (_t, key) =>
      typeof key === 'string' && index.has(key) ? { enumerable: true, configurable: true, writable: true, value: value(index.get(key)!) } : undefined,
    deleteProperty: () => {
      throw new TypeError('cannot delete a field of a shared record');
    },
  });

  function value(i: number): number | boolean {
    const v = ctx().heap.f64[slot + i];
    return boolMask & (1 << i) ? v !== 0 : v;
  }
}
