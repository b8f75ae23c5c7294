// What one run of an exploration ended as, read from the frozen run: the outcome kind, and a
// label that groups equal outcomes ("x = 2", the deadlock's summary, who raised what).
import type { ExploreRow } from '../../core/protocol/runner';
import { explainStuck, findStuck, type Namer, type StuckVerdict } from '../../core/analysis/stuck';
import type { Drain } from './drain';
import { takeSnapshot } from './snapshot';
import type { SharedHeap } from '../shm/heap';
import { Slot, slotIndex } from '../shm/layout';

export interface RunVerdict {
  kind: ExploreRow['kind'];
  label: string;
}

export type RunEnd = 'mainDone' | 'stuck' | 'steps' | 'wallTime';

export function classifyRun(end: RunEnd, ctl: Int32Array, heap: SharedHeap, drain: Drain, maxSteps: number): RunVerdict {
  drain.closeAll();
  drain.drain();
  const name = (tid: number) => heap.readString(ctl[slotIndex(tid, Slot.NAME)]) || `thread ${tid}`;
  const values = formatShared(sharedValues(drain, heap));
  if (end === 'steps') return { kind: 'timeout', label: `No end after ${maxSteps} scheduling steps (livelock?)` };
  if (end === 'wallTime') return { kind: 'timeout', label: 'Ran out of wall time (a loop without scheduling points?)' };
  if (end === 'stuck') {
    const snapshot = takeSnapshot(ctl, heap, drain, 0);
    const verdict: StuckVerdict = findStuck(snapshot) ?? { kind: 'stall', stuck: snapshot.blocked.map(({ timed: _t, ...b }) => b) };
    return { kind: verdict.kind, label: explainStuck(verdict, namer(drain, name)).summary };
  }
  if (drain.exceptions.size > 0) {
    const raised = [...drain.exceptions].sort(([a], [b]) => a - b).map(([tid, e]) => `${name(tid)} raised ${e.message}`);
    return { kind: 'exception', label: [...raised, values].filter(Boolean).join('; ') };
  }
  return { kind: 'completed', label: values || 'completed' };
}

function namer(drain: Drain, thread: (tid: number) => string): Namer {
  const prims = [...drain.primitives.values()];
  return {
    thread,
    prim: (id) => {
      const p = prims.find((x) => x.id === id);
      return p ? `${p.kind} \`${p.name}\`` : `primitive ${id}`;
    },
    site: () => 'an unknown line',
    acquiredAt: () => undefined,
  };
}

/** Final values of the run's shared records (name → field → value). */
export function sharedValues(drain: Drain, heap: SharedHeap): Map<string, Record<string, number | boolean>> {
  const out = new Map<string, Record<string, number | boolean>>();
  for (const [ref, info] of drain.primitives) {
    if (info.kind !== 'Shared') continue;
    const boolMask = heap.i32[(ref >> 2) + 3];
    const rec: Record<string, number | boolean> = {};
    (info.init!.fields as string[]).forEach((n, i) => {
      const v = heap.f64[(ref >> 3) + 2 + i];
      rec[n] = boolMask & (1 << i) ? v !== 0 : v;
    });
    out.set(info.name, rec);
  }
  return out;
}

/** "x = 2" for one record, "d.x = 2, e.y = true" for several. */
export function formatShared(values: Map<string, Record<string, number | boolean>>): string {
  const qualify = values.size > 1;
  return [...values].flatMap(([rec, fields]) => Object.entries(fields).map(([f, v]) => `${qualify ? `${rec}.` : ''}${f} = ${v}`)).join(', ');
}
