// The final values of the run's shared records, read from their heap blocks (the layout is
// primitives/shared.ts's: word 3 the boolean mask, f64 2+i field i; field names as created).
import type { Outcome, PrimitiveInfo } from '../../core/trace/format';
import type { SharedHeap } from '../shm/heap';

export function sharedValues(heap: SharedHeap, primitives: ReadonlyMap<number, PrimitiveInfo>): Outcome['shared'] {
  const out: NonNullable<Outcome['shared']> = {};
  for (const [ref, info] of primitives) {
    if (info.kind !== 'Shared') continue;
    const names = info.init!.fields as string[];
    const boolMask = heap.i32[(ref >> 2) + 3];
    const rec: Record<string, number | boolean> = {};
    names.forEach((n, i) => {
      const v = heap.f64[(ref >> 3) + 2 + i];
      rec[n] = boolMask & (1 << i) ? v !== 0 : v;
    });
    out[info.name] = rec;
  }
  return Object.keys(out).length ? out : undefined;
}
