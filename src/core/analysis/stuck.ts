// Deadlock and stall from a snapshot of who waits for what. A deadlock is a cycle in the
// wait-for graph (thread → holder of what it waits for, without a timeout); a stall is every
// live thread waiting with nothing that could wake it. The same explanation serves the CLI,
// the timeline banner and the editor's diagnostics.
import type { StuckThread } from '../trace/format';

export interface WaitSnapshot {
  /** Live threads (started, not finished). */
  live: number[];
  /** The ones blocked, with what they wait in; `timed` ones can wake by themselves. */
  blocked: (StuckThread & { timed: boolean })[];
}

export type StuckVerdict = { kind: 'deadlock'; cycle: number[]; stuck: StuckThread[] } | { kind: 'stall'; stuck: StuckThread[] };

export function findStuck(s: WaitSnapshot): StuckVerdict | undefined {
  const byThread = new Map(s.blocked.map((b) => [b.thread, b]));
  // Follow each thread's single outgoing edge (the holder it waits for) until a repeat.
  for (const start of s.blocked) {
    const path: number[] = [];
    let t: number | undefined = start.thread;
    while (t !== undefined && !path.includes(t)) {
      path.push(t);
      const b = byThread.get(t);
      if (!b || b.timed || b.heldBy.length !== 1) {
        t = undefined;
        break;
      }
      t = b.heldBy[0];
    }
    if (t === undefined) continue;
    const cycle = path.slice(path.indexOf(t));
    const stuck = s.blocked.filter((b) => cycle.includes(b.thread) || waitsOn(b, cycle, byThread)).map(strip);
    return { kind: 'deadlock', cycle, stuck };
  }
  const untimed = s.blocked.filter((b) => !b.timed && b.op !== 'sleep');
  if (s.live.length > 0 && untimed.length === s.live.length) return { kind: 'stall', stuck: untimed.map(strip) };
  return undefined;
}

/** Whether b waits (directly or through others) on a thread of the cycle. */
function waitsOn(b: StuckThread & { timed: boolean }, cycle: number[], byThread: Map<number, StuckThread & { timed: boolean }>): boolean {
  const seen = new Set<number>();
  let cur: (StuckThread & { timed: boolean }) | undefined = b;
  while (cur && !cur.timed && !seen.has(cur.thread)) {
    seen.add(cur.thread);
    if (cur.heldBy.some((h) => cycle.includes(h))) return true;
    cur = cur.heldBy.length === 1 ? byThread.get(cur.heldBy[0]) : undefined;
  }
  return false;
}

function strip(b: StuckThread & { timed: boolean }): StuckThread {
  const { timed: _timed, ...rest } = b;
  return rest;
}

/** How to name things in an explanation. */
export interface Namer {
  thread(id: number): string;
  /** e.g. "Lock `lock`" */
  prim(id: number): string;
  site(idx: number | undefined): string;
  /** Where (and when) `thread` acquired `prim`, if known: "lock.ts:12:3 at 0.002 s". */
  acquiredAt(prim: number, thread: number): string | undefined;
}

const opVerb: Record<string, string> = {
  acquire: 'waits to acquire',
  'cond.wait': 'waits on',
  'event.wait': 'waits for',
  'barrier.wait': 'waits at',
  'queue.put': 'waits for room in',
  'queue.get': 'waits for an item from',
  'queue.join': 'waits for every task of',
  // Cross-process waits (the multiprocessing coordinator reports them).
  'pipe.recv': 'waits for a message on',
  'pipe.poll': 'polls',
  'pool.result': 'waits for a result from',
  'pool.next': 'waits for a task from',
};

export function describeWait(b: StuckThread, n: Namer): string {
  if (b.op === 'join') {
    const where = b.at !== undefined && b.at >= 0 ? `join at ${n.site(b.at)}` : 'at exit, the interpreter waits for every non-daemon thread';
    return `${n.thread(b.thread)} waits for ${n.thread(b.on)} to finish (${where})`;
  }
  const what = `${opVerb[b.op] ?? 'waits on'} ${n.prim(b.on)}`;
  const holder =
    b.heldBy.length === 0 ? '' : b.heldBy[0] === b.thread ? ', which it already holds' : `, held by ${b.heldBy.map((h) => n.thread(h)).join(', ')}`;
  return `${n.thread(b.thread)} ${what} at ${n.site(b.at)}${holder}`;
}

export function explainStuck(v: StuckVerdict, n: Namer): { summary: string; explanation: string } {
  const lines: string[] = [];
  if (v.kind === 'deadlock') {
    const inCycle = v.cycle.map((t) => v.stuck.find((s) => s.thread === t)!);
    let summary: string;
    if (v.cycle.length === 1) {
      const b = inCycle[0];
      summary = `Deadlock: ${n.thread(b.thread)} waits for ${n.prim(b.on)}, which it already holds`;
      const where = n.acquiredAt(b.on, b.thread);
      lines.push(
        `${n.thread(b.thread)} acquired ${n.prim(b.on)}${where ? ` at ${where}` : ''} and asks for it again at ${n.site(b.at)}.`,
        `A Lock is not re-entrant: the thread that holds it blocks forever when it asks again. Use an RLock, or release the lock before acquiring it again.`,
      );
    } else {
      summary = `Deadlock: ${v.cycle.map((t) => n.thread(t)).join(', ')} wait for each other in a cycle`;
      for (const b of inCycle) {
        const holds = b.holds.length ? `holds ${b.holds.map((p) => n.prim(p)).join(', ')} and ` : '';
        const holder = b.heldBy.map((h) => n.thread(h)).join(', ');
        const target = b.op === 'join' ? `${n.thread(b.on)} to finish` : `${n.prim(b.on)} (held by ${holder})`;
        lines.push(`${n.thread(b.thread)} ${holds}waits for ${target} at ${n.site(b.at)}.`);
      }
      lines.push('Each waits for something another one of them holds, so none can go on. Acquire locks in one global order everywhere to rule this out.');
    }
    for (const b of v.stuck) if (!v.cycle.includes(b.thread)) lines.push(`Behind it: ${describeWait(b, n)}.`);
    return { summary, explanation: lines.join('\n') };
  }
  const summary = `Stall: every live thread waits and nothing can wake them (${v.stuck.map((s) => n.thread(s.thread)).join(', ')})`;
  for (const b of v.stuck) lines.push(`${describeWait(b, n)}, with no timeout.`);
  lines.push('No thread is left running that could release, notify, set, put or send what they wait for.');
  return { summary, explanation: lines.join('\n') };
}
