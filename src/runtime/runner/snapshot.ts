// Reads the live thread table into a wait-for snapshot (core/analysis/stuck.ts decides what it
// means). Runs on the runner's event loop; never blocks.
import type { WaitSnapshot } from '../../core/analysis/stuck';
import { PrimKind } from '../../core/trace/kinds';
import { lockOwner } from '../primitives/lock';
import type { SharedHeap } from '../shm/heap';
import { blockOpName, BlockOp, Ctl, Slot, SINCE_F64_OFFSET_BYTES, ThreadState, slotIndex } from '../shm/layout';
import type { Drain } from './drain';

export function takeSnapshot(ctl: Int32Array, heap: SharedHeap, drain: Drain, t0: number): WaitSnapshot {
  const since = new Float64Array(ctl.buffer, SINCE_F64_OFFSET_BYTES);
  const last = Atomics.load(ctl, Ctl.NEXT_THREAD);
  const owned = new Map<number, number[]>();
  for (const [ref, info] of drain.primitives) {
    if (info.kind !== 'Lock' && info.kind !== 'RLock') continue;
    const owner = lockOwner(heap.i32, ref);
    if (owner !== 0) owned.set(owner, [...(owned.get(owner) ?? []), info.id]);
  }
  const live: number[] = [];
  const blocked: WaitSnapshot['blocked'] = [];
  for (let tid = 1; tid <= last; tid++) {
    const state = Atomics.load(ctl, slotIndex(tid, Slot.STATE));
    if (state !== ThreadState.running && state !== ThreadState.starting) continue;
    live.push(tid);
    const op = Atomics.load(ctl, slotIndex(tid, Slot.BLOCK_OP));
    if (op === BlockOp.none || state !== ThreadState.running) continue;
    const on = ctl[slotIndex(tid, Slot.BLOCK_ON)];
    // Already woken but not yet back on a core (a loaded machine can keep it off for long): it is
    // running, whatever BLOCK_OP still says; else every such wait would read as a stall.
    if (woken(ctl, heap, tid, op, on)) continue;
    let heldBy: number[] = [];
    let onId = on;
    if (op === BlockOp.join) {
      heldBy = [on];
    } else {
      const info = drain.primitives.get(on);
      onId = info?.id ?? 0;
      const kind = heap.i32[on >> 2];
      if (op === BlockOp.acquire && (kind === PrimKind.Lock || kind === PrimKind.RLock)) {
        const owner = lockOwner(heap.i32, on);
        if (owner !== 0) heldBy = [owner];
      }
    }
    blocked.push({
      thread: tid,
      op: blockOpName[op],
      on: onId,
      heldBy,
      holds: owned.get(tid) ?? [],
      at: drain.site(ctl[slotIndex(tid, Slot.BLOCK_AT)]),
      // Rounded as the drain rounds event times: the wait began at its request's stamp, and its span must contain it.
      since: Math.max(0, Math.round((since[tid] - t0) * 1e6)),
      timed: ctl[slotIndex(tid, Slot.BLOCK_TIMED)] === 1,
    });
  }
  return { live, blocked };
}

/** A notified Condition waiter (which also serves Semaphore, Event, Queue, Barrier) or a join whose thread is done. */
function woken(ctl: Int32Array, heap: SharedHeap, tid: number, op: number, on: number): boolean {
  if (op === BlockOp.join) return Atomics.load(ctl, slotIndex(on, Slot.STATE)) === ThreadState.done;
  if (op === BlockOp.sleep) return false;
  const kind = heap.i32[on >> 2];
  // A Lock/RLock acquire waits on the lock's futex word, not on PARK.
  if (op === BlockOp.acquire && (kind === PrimKind.Lock || kind === PrimKind.RLock)) return false;
  return Atomics.load(ctl, slotIndex(tid, Slot.PARK)) === 1;
}
