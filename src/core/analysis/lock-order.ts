// Potential deadlocks from one run, whatever its outcome: the lock-order graph (an edge A → B
// when a thread asks for B while it holds A) and its cycles, as Linux lockdep, ThreadSanitizer
// and Helgrind build them. One pass over each thread's events in its own order: no cross-thread
// order is needed, so chunks of any EventSource serve as they come.
//
// Precision (most predicted cycles are spurious without it): each edge keeps its thread and the
// whole set of locks held; a cycle is a potential deadlock only if its edges can come from
// different threads whose held sets are pairwise disjoint. Edges that all share a lock (a gate)
// can never be in flight together: the cycle is reported as guarded by it. An RLock's re-entry
// is no edge (it cannot block), and a Condition's wait releases its lock (recorded on the lock),
// so nothing is held while waiting. Timed and non-blocking acquires make edges marked as such.
import { EventKind, type AcquireModeName } from '../trace/kinds';
import type { EventBatch, LockCycle, LockOrderEdge } from '../trace/format';
import type { EventSource, TraceHeader } from '../trace/source';
import { HeldLocks, lockKinds } from './held-locks';

/** Distinct edges kept per ordered pair of locks (thread, lines, held set, mode): bounds memory on long runs. */
const VARIANTS_PER_PAIR = 32;
/** Bounds on the cycle search, which is exponential in the worst case (a dense lock graph). */
const MAX_CYCLES = 64;
const MAX_SEARCH_STEPS = 200_000;

export interface LockOrderGraph {
  /** Edge variants by ordered pair `from → to`. */
  pairs: Map<number, Map<number, LockOrderEdge[]>>;
}

/** Primitive ids a walk records the kinds it took for; past it, kinds cannot be checked. */
const MAX_READ_PRIMS = 1 << 20;

/** A LockOrderWalk's result as plain data (what a runner sends its host). */
export interface LockOrderWalkData extends LockOrderGraph {
  /** Per primitive id: 1 + the lock kind (lockKinds) the walk took it for; 0: never looked up. */
  read: Uint8Array;
  /** A primitive id past MAX_READ_PRIMS was looked up: what the walk read cannot be checked. */
  unchecked: boolean;
}

/**
 * The lock-order graph, chunk by chunk: the chunks of an EventSource, or a run's as they are
 * written, with the kinds the run has declared so far (`declare`). What it took each primitive
 * for is kept (`read`), so a walk made while the run went is checked against the final header
 * (kindsAgree).
 */
export class LockOrderWalk {
  readonly data: LockOrderWalkData = { pairs: new Map(), read: new Uint8Array(64), unchecked: false };
  private readonly held: HeldLocks[] = [];

  constructor(private kinds: Uint8Array = new Uint8Array(0)) {}

  /** A primitive the run declared (live walks). */
  declare(prim: number, kind: number): void {
    if (!(prim >= 0 && prim < MAX_READ_PRIMS)) return;
    if (prim >= this.kinds.length) this.kinds = grown(this.kinds, prim);
    this.kinds[prim] = kind;
  }

  feed(c: EventBatch, offset: number): void {
    const { acquireRequest, acquired, release } = EventKind;
    const { k, p, th, a, at } = c;
    const kinds = this.kinds;
    const held = this.held;
    let read = this.data.read;
    const n = k.length;
    for (let i = 0; i < n; i++) {
      const code = k[i];
      if (code !== acquireRequest && code !== acquired && code !== release) continue;
      const prim = p[i];
      const kind = prim >= 0 && prim < kinds.length ? kinds[prim] : 0;
      if (!(prim >= 0 && prim < read.length && read[prim] !== 0)) read = this.noteRead(prim, kind);
      if (kind === 0) continue;
      const t = th[i];
      const h = held[t] ?? (held[t] = new HeldLocks());
      if (
        code === acquireRequest &&
        h.prims.length === 0 &&
        i + 2 < n &&
        k[i + 1] === acquired &&
        k[i + 2] === release &&
        th[i + 1] === t &&
        th[i + 2] === t &&
        p[i + 1] === prim &&
        p[i + 2] === prim &&
        (kind === 1 || !(a[i + 2] > 0))
      ) {
        // A lock taken and let go with nothing else held: no edge, and nothing held after.
        i += 2;
        continue;
      }
      if (code === release) h.release(prim, kind, a[i]);
      else if (code === acquired) {
        if (!h.reenters(prim, kind)) h.push(prim, offset + i, at[i]);
      } else if (h.prims.length > 0 && !h.reenters(prim, kind)) {
        // The edge is the request: a run that deadlocked never got what it asked for.
        this.addEdges(h, prim, t, offset + i, at[i], modeOf(a[i]));
      }
    }
  }

  /** Records what the walk took `prim` for; returns the record (grown if it had to be). */
  private noteRead(prim: number, kind: number): Uint8Array {
    if (!(prim >= 0)) return this.data.read; // no primitive: nothing was looked up
    if (prim >= MAX_READ_PRIMS) {
      this.data.unchecked = true;
      return this.data.read;
    }
    if (prim >= this.data.read.length) this.data.read = grown(this.data.read, prim);
    this.data.read[prim] = kind + 1;
    return this.data.read;
  }

  private addEdges(h: HeldLocks, to: number, th: number, event: number, at: number, mode: AcquireModeName): void {
    const pairs = this.data.pairs;
    for (let j = 0; j < h.prims.length; j++) {
      const from = h.prims[j];
      if (from === to) continue;
      let byTo = pairs.get(from);
      if (!byTo) pairs.set(from, (byTo = new Map()));
      let list = byTo.get(to);
      if (!list) byTo.set(to, (list = []));
      if (list.length >= VARIANTS_PER_PAIR) continue;
      const heldAt = h.sites[j];
      let seen = false;
      for (let v = 0; v < list.length && !seen; v++) {
        const e = list[v];
        seen = e.thread === th && e.heldAt === heldAt && e.at === at && e.mode === mode && h.equals(e.held);
      }
      if (!seen) list.push({ from, to, thread: th, heldEvent: h.events[j], event, heldAt, at, held: h.sorted(), mode });
    }
  }
}

/** Whether a walk took every primitive it looked up for the kind the final header gives it. */
export function kindsAgree(data: LockOrderWalkData, header: TraceHeader): boolean {
  if (data.unchecked) return false;
  const kinds = lockKinds(header);
  for (let prim = 0; prim < data.read.length; prim++)
    if (data.read[prim] !== 0 && data.read[prim] - 1 !== (prim < kinds.length ? kinds[prim] : 0)) return false;
  return true;
}

function grown(a: Uint8Array, index: number): Uint8Array {
  const out = new Uint8Array(Math.max(index + 1, 2 * a.length));
  out.set(a);
  return out;
}

/** Builds the lock-order graph of a run. */
export function lockOrderGraph(header: TraceHeader, source: EventSource): LockOrderGraph {
  const walk = new LockOrderWalk(lockKinds(header));
  source.forEachChunk((c, offset) => walk.feed(c, offset));
  return walk.data;
}

/** Lock-order cycles of a run: potential deadlocks and guarded cycles. */
export function lockOrderCycles(header: TraceHeader, source: EventSource): LockCycle[] {
  return cyclesOf(lockOrderGraph(header, source));
}

/** The cycles of a lock-order graph that are potential deadlocks or guarded cycles. */
export function cyclesOf(graph: LockOrderGraph): LockCycle[] {
  const out: LockCycle[] = [];
  for (const locks of simpleCycles(graph)) {
    const variants = locks.map((from, i) => rankModes(graph.pairs.get(from)!.get(locks[(i + 1) % locks.length])!));
    const verdict = chooseEdges(variants);
    if (verdict)
      out.push({ kind: verdict.guards ? 'guardedCycle' : 'potentialDeadlock', locks, edges: verdict.edges, ...(verdict.guards && { guards: verdict.guards }) });
  }
  // Potential deadlocks first, shortest first: the ones to read.
  return out.sort((x, y) => Number(x.kind !== 'potentialDeadlock') - Number(y.kind !== 'potentialDeadlock') || x.locks.length - y.locks.length);
}

function modeOf(timeout: number): AcquireModeName {
  if (timeout !== timeout || timeout < 0) return 'blocking';
  return timeout === 0 ? 'nonBlocking' : 'timed';
}

/** Blocking variants first: a cycle made of them can hang forever. */
function rankModes(list: LockOrderEdge[]): LockOrderEdge[] {
  return list.slice().sort((x, y) => Number(x.mode !== 'blocking') - Number(y.mode !== 'blocking'));
}

function common(x: number[], y: number[]): number[] {
  return x.filter((v) => y.includes(v));
}

/**
 * One edge per step of the cycle, from pairwise different threads. Prefers edges whose held sets
 * are pairwise disjoint (a potential deadlock); failing that, the first choice from different
 * threads, with the gate locks that overlap (a guarded cycle); undefined if every choice repeats a
 * thread (one thread alone cannot deadlock with itself on a lock order).
 */
function chooseEdges(variants: LockOrderEdge[][]): { edges: LockOrderEdge[]; guards?: number[] } | undefined {
  const n = variants.length;
  const chosen: LockOrderEdge[] = [];
  let guarded: LockOrderEdge[] | undefined;
  let steps = 0;
  const go = (i: number): boolean => {
    if (++steps > MAX_SEARCH_STEPS) return false;
    if (i === n) {
      if (chosen.every((e, x) => chosen.every((f, y) => y <= x || common(e.held, f.held).length === 0))) return true;
      guarded ??= chosen.slice();
      return false;
    }
    for (const e of variants[i]) {
      if (chosen.some((c) => c.thread === e.thread)) continue;
      chosen.push(e);
      if (go(i + 1)) return true;
      chosen.pop();
    }
    return false;
  };
  if (go(0)) return { edges: chosen };
  if (!guarded) return undefined;
  const guards = new Set<number>();
  guarded.forEach((e, x) => guarded!.forEach((f, y) => y > x && common(e.held, f.held).forEach((g) => guards.add(g))));
  return { edges: guarded, guards: [...guards].sort((a, b) => a - b) };
}

/**
 * Elementary cycles of the graph, each once (rooted at its smallest lock, in edge order): a
 * depth-first search from each lock over larger locks that can lead back to it.
 */
function simpleCycles(graph: LockOrderGraph): number[][] {
  const succ = new Map<number, number[]>();
  const pred = new Map<number, number[]>();
  for (const [from, byTo] of graph.pairs)
    for (const to of byTo.keys()) {
      (succ.get(from) ?? succ.set(from, []).get(from)!).push(to);
      (pred.get(to) ?? pred.set(to, []).get(to)!).push(from);
    }
  const nodes = [...succ.keys()].filter((x) => pred.has(x)).sort((a, b) => a - b);
  const cycles: number[][] = [];
  let steps = 0;
  for (const root of nodes) {
    // Locks (> root) from which root can be reached: the search never enters a dead end.
    const back = new Set<number>([root]);
    const stack = [root];
    while (stack.length) for (const x of pred.get(stack.pop()!) ?? []) if (x > root && !back.has(x)) (back.add(x), stack.push(x));
    const path = [root];
    const onPath = new Set(path);
    const dfs = (v: number) => {
      for (const w of succ.get(v) ?? []) {
        if (cycles.length >= MAX_CYCLES || ++steps > MAX_SEARCH_STEPS) return;
        if (w === root) cycles.push(path.slice());
        else if (w > root && back.has(w) && !onPath.has(w)) {
          path.push(w);
          onPath.add(w);
          dfs(w);
          onPath.delete(w);
          path.pop();
        }
      }
    };
    dfs(root);
  }
  return cycles;
}
