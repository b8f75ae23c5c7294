// A child process whose threads are done but whose OS process has not exited yet (on a loaded
// machine its exit takes hundreds of ms) is exiting, not stuck: a parent joining it must not be
// judged a stall. examples/multiprocessing.ts ended as "Stall: … MainThread waits for
// child/MainThread to finish" in half its runs at load 20 before.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findStuck } from '../../src/core/analysis/stuck';
import type { ThreadInfo } from '../../src/core/trace/format';
import type { ChildLink } from '../../src/runtime/mp/child-link';
import { type Proc, ProcessTable } from '../../src/runtime/mp/co-process';

/** A child process as the table knows it once forked: its threads as its link reported them. */
function fork(table: ProcessTable, parent: number, name: string, mainTid: number, threads: Partial<ThreadInfo>[]): Proc {
  const p = table.add(parent, 'Process', name, false, 'target', mainTid);
  p.link = { merge: { threads: new Map(threads.map((t) => [t.id!, t as ThreadInfo])) } } as unknown as ChildLink;
  return p;
}

const joinOf = (thread: number, on: number) => ({ thread, op: 'join', on, heldBy: [on], holds: [], at: 0, since: 0, timed: false });

test('a child whose MainThread ended and whose process has not exited counts as running', () => {
  const table = new ProcessTable(
    () => undefined,
    () => 0,
  );
  const child = fork(table, 0, 'child', 3, [{ id: 3, name: 'MainThread', exit: 'normal' }]);
  assert.deepEqual(table.liveThreads(), [3], 'exiting: its main thread stands for it');
  // MainProcess's MainThread (1) joins it: not a stall, the exit will wake it.
  assert.equal(findStuck({ live: [1, ...table.liveThreads()], blocked: [joinOf(1, 3)] }), undefined);

  table.exited(child, 0, null);
  assert.deepEqual(table.liveThreads(), [], 'exited: nothing of it is left');
});

test('a child still running counts its live threads; one waiting at its exit for its own child does not count', () => {
  const table = new ProcessTable(
    () => undefined,
    () => 0,
  );
  const parent = fork(table, 0, 'parent', 3, [{ id: 3, name: 'MainThread', exit: 'normal' }]);
  fork(table, parent.info.id, 'grandchild', 4, [{ id: 4, name: 'MainThread' }]);
  assert.deepEqual(table.liveThreads(), [4]);
  // The grandchild waits forever and everyone waits for it: that is a stall.
  const blocked = [joinOf(1, 3), { ...joinOf(4, 99), op: 'get', heldBy: [] }];
  assert.equal(findStuck({ live: [1, ...table.liveThreads()], blocked })?.kind, 'stall');
});
