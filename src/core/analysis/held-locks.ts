// Which Locks and RLocks each thread holds, followed event by event in that thread's order. Both
// analyses need it: lock-order edges come from what is held at an acquisition, race reports name
// the locks held at an access. A Condition's acquire/release (and the release and reacquire inside
// its wait) are recorded on its lock, so a thread waiting in a Condition holds nothing here.
import type { PrimKindName } from '../trace/kinds';
import type { TraceHeader } from '../trace/source';

/** Per primitive id: 1 Lock, 2 RLock, 0 anything else (semaphores have no owner). */
export function lockKinds(header: TraceHeader): Uint8Array {
  let max = 0;
  for (const p of header.primitives) if (p.id > max) max = p.id;
  const kinds = new Uint8Array(max + 1);
  for (const p of header.primitives) kinds[p.id] = lockKindOf(p.kind);
  return kinds;
}

/** A primitive kind as lockKinds counts it. */
export function lockKindOf(kind: PrimKindName): number {
  return kind === 'Lock' ? 1 : kind === 'RLock' ? 2 : 0;
}

/** One thread's held locks, oldest first, with where each was acquired. */
export class HeldLocks {
  readonly prims: number[] = [];
  /** Event index and site index of each lock's outermost acquisition. */
  readonly events: number[] = [];
  readonly sites: number[] = [];

  indexOf(prim: number): number {
    return this.prims.lastIndexOf(prim);
  }

  /** An RLock this thread already holds: acquiring it again only deepens the hold (and cannot block). */
  reenters(prim: number, kind: number): boolean {
    return kind === 2 && this.prims.lastIndexOf(prim) >= 0;
  }

  push(prim: number, event: number, site: number): void {
    this.prims.push(prim);
    this.events.push(event);
    this.sites.push(site);
  }

  /** `release` of a lock; `depthAfter` is the event's `a` (an RLock released to depth > 0 stays held). */
  release(prim: number, kind: number, depthAfter: number): void {
    if (kind === 2 && depthAfter > 0) return;
    const prims = this.prims;
    if (prims.length > 0 && prims[prims.length - 1] === prim) {
      // Locks are usually released in the reverse order of acquisition.
      prims.pop();
      this.events.pop();
      this.sites.pop();
      return;
    }
    const i = this.indexOf(prim);
    if (i < 0) return;
    this.prims.splice(i, 1);
    this.events.splice(i, 1);
    this.sites.splice(i, 1);
  }

  /** Whether the held locks are exactly the sorted set `set` (order does not matter). */
  equals(set: readonly number[]): boolean {
    if (set.length !== this.prims.length) return false;
    for (let j = 0; j < this.prims.length; j++) if (!set.includes(this.prims[j])) return false;
    return true;
  }

  /** The held lock ids, sorted (a set that compares by value). */
  sorted(): number[] {
    // Insertion sort: a thread holds a few locks, and this runs once per critical section.
    const out = this.prims.slice();
    for (let i = 1; i < out.length; i++) {
      const x = out[i];
      let j = i - 1;
      for (; j >= 0 && out[j] > x; j--) out[j + 1] = out[j];
      out[j + 1] = x;
    }
    return out;
  }
}
