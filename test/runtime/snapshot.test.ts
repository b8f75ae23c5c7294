// The watchdog's snapshot on a loaded machine: a waiter already woken but not yet scheduled (its
// BLOCK_OP still set) must not make the run read as a stall. Forced here by writing the thread
// table directly, as the Semaphore example leaves it when its third worker is woken and MainThread
// joins it at exit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findStuck } from '../../src/core/analysis/stuck';
import { PrimKind } from '../../src/core/trace/kinds';
import { takeSnapshot } from '../../src/runtime/runner/snapshot';
import type { Drain } from '../../src/runtime/runner/drain';
import type { SharedHeap } from '../../src/runtime/shm/heap';
import { BlockOp, CONTROL_BYTES, Ctl, Slot, ThreadState, slotIndex } from '../../src/runtime/shm/layout';

const SEM = 16;

function semaphoreAtExit(park: number) {
  const ctl = new Int32Array(new SharedArrayBuffer(CONTROL_BYTES));
  const i32 = new Int32Array(64);
  i32[SEM >> 2] = PrimKind.Semaphore;
  ctl[Ctl.NEXT_THREAD] = 3;
  ctl[slotIndex(1, Slot.STATE)] = ThreadState.running; // MainThread, joining worker 3 at exit
  ctl[slotIndex(1, Slot.BLOCK_OP)] = BlockOp.join;
  ctl[slotIndex(1, Slot.BLOCK_ON)] = 3;
  ctl[slotIndex(2, Slot.STATE)] = ThreadState.done; // the worker that released
  ctl[slotIndex(3, Slot.STATE)] = ThreadState.running; // waits for a permit
  ctl[slotIndex(3, Slot.BLOCK_OP)] = BlockOp.acquire;
  ctl[slotIndex(3, Slot.BLOCK_ON)] = SEM;
  ctl[slotIndex(3, Slot.PARK)] = park;
  const drain = { primitives: new Map(), site: () => undefined } as unknown as Drain;
  return findStuck(takeSnapshot(ctl, { i32 } as SharedHeap, drain, 0));
}

test('a Semaphore waiter not yet woken while MainThread joins it: a stall', () => {
  assert.equal(semaphoreAtExit(0)?.kind, 'stall');
});

test('a Semaphore waiter woken (PARK set) but not yet running: no stall', () => {
  assert.equal(semaphoreAtExit(1), undefined);
});
