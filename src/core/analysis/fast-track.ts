// The vector-clock checker behind the race analysis (races.ts). Happens-before comes from the run's
// synchronisation: a release-like operation publishes its thread's clock, the matching acquire-like
// one joins it — lock release → the next acquire; Condition notify → the waiter it woke; Semaphore
// release → acquire; Event set → the wait it released; Barrier: every arrival → every pass of that
// trip; Queue (and Pipe) put of an item → the get of that item; taskDone → join; thread spawn
// (Timer and Process starts too) → the child's start; a thread's end → the join that saw it.
// Accesses are checked as FastTrack does (Flanagan & Freund, PLDI'09): the last write and, until
// reads are concurrent, the last read are one epoch (clock@thread), so the usual access costs O(1).
//
// Events come one at a time as (columns, index, event index), from a chunk of the EventSource or a
// row of hb-order.ts; whatever is kept past the call (accesses, published operations) is copied.
import { EventKind, eventKindName, type EventKindName } from '../trace/kinds';
import type { DataRace, EventBatch, RaceAccess, SyncPoint } from '../trace/format';
import { HeldLocks } from './held-locks';
import { FrozenClocks } from './frozen-clocks';

const K = EventKind;

/** An access as the checker keeps it: where, the thread's clock then, and the locks it held. */
interface Access {
  thread: number;
  clock: number;
  event: number;
  write: boolean;
  at: number;
  value: number;
  /** Offset of the thread's clock then in FrozenClocks (-1: none). */
  vc: number;
  held: number[];
}

interface FieldState {
  /** The last write (thread -1: none yet); updated in place, as every access is. */
  write: Access;
  /** The last read, while every read so far is ordered before the next (thread -1: none). */
  read: Access;
  /** Concurrent reads: the last one of each thread. */
  reads?: (Access | undefined)[];
  race?: DataRace;
}

const NO_HELD: number[] = [];
const none = (): Access => ({ thread: -1, clock: 0, event: -1, write: false, at: -1, value: 0, vc: -1, held: NO_HELD });

export class FastTrack {
  readonly races: DataRace[] = [];
  private readonly clocks: (Int32Array | undefined)[] = [];
  /** Per thread, a frozen copy of its clock (offset in `frozen`), made at its first access since the clock last changed; -1 none. */
  private readonly frozenAt: Int32Array;
  private readonly frozen: FrozenClocks;
  /** Per thread, its release-like operations by the clock value each ended (1-based). */
  private readonly published: (PublishLog | undefined)[] = [];
  private readonly held: (HeldLocks | undefined)[] = [];
  /** Per thread, its held locks as a sorted array, made at its first access since they changed (shared: copy before handing out). */
  private readonly heldCopy: (number[] | undefined)[] = [];
  private readonly heldOne: number[][] = [];
  /** By primitive id: what its releases, notifies and sets published. */
  private readonly syncs: (Int32Array | undefined)[] = [];
  private readonly spawned: (Int32Array | undefined)[] = [];
  private readonly ended: (Int32Array | undefined)[] = [];
  private readonly barrier: (Int32Array | undefined)[] = [];
  private readonly trips = new Map<number, Map<number, Int32Array>>();
  private readonly items = new Map<number, Map<number, Int32Array>>();
  private readonly tasks: (Int32Array | undefined)[] = [];
  /** By record id, then field index; and all of them. */
  private readonly fields: (FieldState | undefined)[][] = [];
  private readonly fieldList: FieldState[] = [];

  /** `n`: largest thread id + 1; `locks`: lockKinds of the run (held-locks.ts). */
  constructor(
    private readonly n: number,
    private readonly locks: Uint8Array,
  ) {
    this.frozenAt = new Int32Array(n).fill(-1);
    this.frozen = new FrozenClocks(n, (move) => {
      for (let t = 0; t < n; t++) this.frozenAt[t] = move(this.frozenAt[t]);
      for (const f of this.fieldList) {
        f.write.vc = move(f.write.vc);
        f.read.vc = move(f.read.vc);
        if (f.reads) for (const x of f.reads) if (x) x.vc = move(x.vc);
      }
    });
  }

  /** Thread t's vector clock now (live: copy what you keep). */
  clock(t: number): Int32Array {
    let c = this.clocks[t];
    if (!c) {
      c = this.clocks[t] = new Int32Array(this.n);
      c[t] = 1;
    }
    return c;
  }

  /** When thread u's release-like operation that ended its clock value `m` happened (undefined: none). */
  publishedAt(u: number, m: number): number | undefined {
    const log = this.published[u];
    return log && m >= 1 && m <= log.size ? log.t[m - 1] : undefined;
  }

  /** Acquire-like: the thread now knows everything `from` knew. */
  private join(t: number, from: Int32Array | undefined): void {
    if (!from) return;
    const c = this.clock(t);
    let changed = false;
    for (let u = 0; u < from.length; u++)
      if (from[u] > c[u]) {
        c[u] = from[u];
        changed = true;
      }
    if (changed) this.frozenAt[t] = -1;
  }

  /** Release-like: joins the thread's clock into `into` (a new one if undefined), then starts the thread's next epoch. */
  private publish(t: number, c: EventBatch, i: number, event: number, into?: Int32Array): Int32Array {
    const vc = this.clock(t);
    const out = into ?? new Int32Array(this.n);
    for (let u = 0; u < vc.length; u++) if (vc[u] > out[u]) out[u] = vc[u];
    (this.published[t] ??= new PublishLog()).push(event, c.t[i], c.k[i], c.p[i], c.at[i]);
    vc[t]++;
    this.frozenAt[t] = -1;
    return out;
  }

  visit(c: EventBatch, i: number, event: number): void {
    const t = c.th[i];
    const x = c.p[i];
    switch (c.k[i]) {
      case K.threadSpawn:
      case K.processStart:
        this.spawned[x] = this.publish(t, c, i, event);
        break;
      case K.threadStart:
        this.clock(t);
        this.join(t, this.spawned[t]);
        break;
      case K.threadEnd:
        this.ended[t] = this.publish(t, c, i, event);
        break;
      case K.joinEnd:
        if (c.a[i] === 1) this.join(t, this.ended[x]);
        break;
      case K.acquired:
        this.join(t, this.syncs[x]);
        this.lockHeld(t, x, true, c.a[i], event, c.at[i]);
        break;
      case K.release:
        this.syncs[x] = this.publish(t, c, i, event, this.syncs[x]);
        this.lockHeld(t, x, false, c.a[i], event, c.at[i]);
        break;
      case K.condNotify:
      case K.eventSet:
        this.syncs[x] = this.publish(t, c, i, event, this.syncs[x]);
        break;
      case K.condWake:
      case K.eventWake:
        if (c.a[i] === 1) this.join(t, this.syncs[x]);
        break;
      case K.barrierWait:
        this.barrier[x] = this.publish(t, c, i, event, this.barrier[x]);
        break;
      case K.barrierPass: {
        const trips = this.trips.get(x) ?? this.trips.set(x, new Map()).get(x)!;
        let trip = trips.get(c.l[i]);
        if (!trip) {
          trip = this.barrier[x];
          this.barrier[x] = undefined;
          if (trip) trips.set(c.l[i], trip);
        }
        this.join(t, trip);
        break;
      }
      case K.queuePutDone: {
        const items = this.items.get(x) ?? this.items.set(x, new Map()).get(x)!;
        items.set(c.q[i], this.publish(t, c, i, event));
        break;
      }
      case K.queueGetDone: {
        const items = this.items.get(x);
        this.join(t, items?.get(c.q[i]));
        items?.delete(c.q[i]);
        break;
      }
      case K.queueTaskDone:
        this.tasks[x] = this.publish(t, c, i, event, this.tasks[x]);
        break;
      case K.queueJoined:
        this.join(t, this.tasks[x]);
        break;
      case K.sharedRead:
      case K.sharedWrite:
        this.access(c, i, event, t);
        break;
    }
  }

  private lockHeld(t: number, prim: number, acquired: boolean, a: number, event: number, at: number): void {
    const kind = prim >= 0 && prim < this.locks.length ? this.locks[prim] : 0;
    if (kind === 0) return;
    const h = (this.held[t] ??= new HeldLocks());
    if (!acquired) h.release(prim, kind, a);
    else if (!h.reenters(prim, kind)) h.push(prim, event, at);
    else return;
    this.heldCopy[t] = undefined;
  }

  private heldBy(t: number): number[] {
    let out = this.heldCopy[t];
    if (!out) {
      // None and one lock are the usual sets: one array each, not one per critical section.
      const prims = this.held[t]?.prims;
      if (!prims || prims.length === 0) out = NO_HELD;
      else if (prims.length === 1) out = this.heldOne[prims[0]] ??= [prims[0]];
      else out = this.held[t]!.sorted();
      this.heldCopy[t] = out;
    }
    return out;
  }

  private access(c: EventBatch, i: number, event: number, t: number): void {
    const write = c.k[i] === K.sharedWrite;
    const byField = (this.fields[c.p[i]] ??= []);
    const field = c.q[i];
    let f = byField[field];
    if (!f) {
      f = byField[field] = { write: none(), read: none() };
      this.fieldList.push(f);
    }
    const vc = this.clock(t);
    const now = vc[t];
    const w = f.write;
    const rd = f.read;
    if (write ? w.thread === t && w.clock === now : !f.reads && rd.thread === t && rd.clock === now) return; // same epoch
    // An earlier access is unordered with this one when this thread has not seen its epoch.
    if (w.thread >= 0 && w.thread !== t && w.clock > vc[w.thread]) this.race(f, w, c, i, event, t);
    if (write) {
      if (f.reads) for (const x of f.reads) if (x && x.thread !== t && x.clock > vc[x.thread]) this.race(f, x, c, i, event, t);
      if (rd.thread >= 0 && rd.thread !== t && rd.clock > vc[rd.thread]) this.race(f, rd, c, i, event, t);
    }
    let frozen = this.frozenAt[t];
    if (frozen < 0) frozen = this.frozenAt[t] = this.frozen.freeze(vc);
    const held = this.heldBy(t);
    const value = c.a[i];
    const at = c.at[i];
    if (write) {
      set(w, t, now, event, true, at, value, frozen, held);
      f.reads = undefined;
    } else if (f.reads) f.reads[t] = { thread: t, clock: now, event, write, at, value, vc: frozen, held };
    else if (rd.thread < 0 || rd.thread === t || rd.clock <= vc[rd.thread]) set(rd, t, now, event, false, at, value, frozen, held);
    else {
      // Two unordered reads: from now on keep one per thread.
      f.reads = [];
      f.reads[rd.thread] = { ...rd };
      f.reads[t] = { thread: t, clock: now, event, write, at, value, vc: frozen, held };
      f.read = none();
    }
  }

  /** Reports (or counts) an unordered pair; `before` may be updated in place afterwards: read it now. */
  private race(f: FieldState, before: Access, c: EventBatch, i: number, event: number, t: number): void {
    if (f.race) {
      f.race.pairs++;
      return;
    }
    const first: RaceAccess = {
      event: before.event,
      thread: before.thread,
      write: before.write,
      at: before.at,
      value: before.value,
      held: before.held.slice(),
    };
    const second: RaceAccess = { event, thread: t, write: c.k[i] === K.sharedWrite, at: c.at[i], value: c.a[i], held: this.heldBy(t).slice() };
    f.race = { kind: 'dataRace', record: c.p[i], field: c.q[i], first, second, pairs: 1 };
    const sync = this.lastSharedSync(before.vc, this.clock(t));
    if (sync) f.race.lastSync = sync;
    this.races.push(f.race);
  }

  /** The latest release-like operation both clocks have seen, undefined if none. */
  private lastSharedSync(x: number, y: Int32Array): SyncPoint | undefined {
    let best: PublishLog | undefined;
    let bestAt = -1;
    let bestThread = -1;
    for (let u = 0; u < this.n; u++) {
      const m = Math.min(this.frozen.get(x, u), y[u]);
      const log = this.published[u];
      if (!log || m < 1 || m > log.size) continue;
      if (!best || log.t[m - 1] > best.t[bestAt]) [best, bestAt, bestThread] = [log, m - 1, u];
    }
    if (!best) return undefined;
    return { event: best.event[bestAt], thread: bestThread, k: eventKindName[best.k[bestAt]] as EventKindName, p: best.p[bestAt], at: best.at[bestAt] };
  }
}

/** One thread's release-like operations, in order, as growable columns. */
class PublishLog {
  size = 0;
  event = new Float64Array(16);
  t = new Float64Array(16);
  k = new Uint8Array(16);
  p = new Int32Array(16);
  at = new Int32Array(16);

  push(event: number, t: number, k: number, p: number, at: number): void {
    if (this.size === this.t.length) this.grow();
    const j = this.size++;
    this.event[j] = event;
    this.t[j] = t;
    this.k[j] = k;
    this.p[j] = p;
    this.at[j] = at;
  }

  private grow(): void {
    const n = this.t.length * 2;
    const more = <A extends Float64Array | Uint8Array | Int32Array>(a: A, b: A): A => (b.set(a), b);
    this.event = more(this.event, new Float64Array(n));
    this.t = more(this.t, new Float64Array(n));
    this.k = more(this.k, new Uint8Array(n));
    this.p = more(this.p, new Int32Array(n));
    this.at = more(this.at, new Int32Array(n));
  }
}

function set(a: Access, thread: number, clock: number, event: number, write: boolean, at: number, value: number, vc: number, held: number[]): void {
  a.thread = thread;
  a.clock = clock;
  a.event = event;
  a.write = write;
  a.at = at;
  a.value = value;
  a.vc = vc;
  a.held = held;
}
