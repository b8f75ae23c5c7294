// Data races on `shared` fields: two accesses from different threads, at least one a write, with
// no happens-before between them. Happens-before comes from the run's synchronisation as vector
// clocks (a release-like operation publishes its thread's clock, the matching acquire-like one
// joins it): lock release → the next acquire; Condition notify → the waiter it woke; Semaphore
// release → acquire; Event set → the wait it released; Barrier: every arrival → every pass of
// that trip; Queue (and Pipe) put of an item → the get of that item; taskDone → join; thread
// spawn (Timer and Process starts too) → the child's start; a thread's end → the join that saw it.
// Accesses are checked as FastTrack does (Flanagan & Freund, PLDI'09): the last write and, until
// reads are concurrent, the last read are one epoch (clock@thread), so the usual access costs O(1).
//
// Only fields that two threads touch, one of them writing, are followed (a first pass finds
// them): a run without such a field costs one pass and nothing more.
import { EventKind, eventKindName, type EventKindName } from '../trace/kinds';
import type { DataRace, RaceAccess } from '../trace/format';
import type { EventSource, TraceHeader } from '../trace/source';
import { HeldLocks, lockKinds } from './held-locks';
import { collectHbEvents, visitInSyncOrder, type HbEvents } from './hb-order';

const K = EventKind;

/** One number per (shared record, field). */
function fieldKey(record: number, field: number): number {
  return record * 65536 + field;
}

/** Fields accessed by two or more threads, at least one access a write. */
function raceCandidates(source: EventSource): Set<number> {
  // Per field: the first thread seen (or -1 once a second one came), and whether anyone wrote.
  const owner = new Map<number, number>();
  const written = new Set<number>();
  source.forEachChunk((c) => {
    const { k, p, q, th } = c;
    for (let i = 0; i < k.length; i++) {
      const code = k[i];
      if (code !== K.sharedRead && code !== K.sharedWrite) continue;
      const key = fieldKey(p[i], q[i]);
      const o = owner.get(key);
      if (o === undefined) owner.set(key, th[i]);
      else if (o !== th[i] && o !== -1) owner.set(key, -1);
      if (code === K.sharedWrite) written.add(key);
    }
  });
  const out = new Set<number>();
  for (const [key, o] of owner) if (o === -1 && written.has(key)) out.add(key);
  return out;
}

/** The data races of a run, one per field (the first unordered pair found, with how many there were). */
export function dataRaces(header: TraceHeader, source: EventSource): DataRace[] {
  const candidates = raceCandidates(source);
  if (candidates.size === 0) return [];
  const ev = collectHbEvents(header, source, (p, q) => candidates.has(fieldKey(p, q)));
  const ft = new FastTrack(ev, lockKinds(header));
  visitInSyncOrder(header, ev, (r) => ft.visit(r));
  return ft.races.sort((x, y) => x.first.event - y.first.event);
}

/** An access as the checker keeps it: its row, the thread's clock then, and the locks it held. */
interface Access {
  thread: number;
  clock: number;
  row: number;
  vc: Int32Array;
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

const NO_VC = new Int32Array(0);
const none = (): Access => ({ thread: -1, clock: 0, row: -1, vc: NO_VC, held: [] });

export class FastTrack {
  readonly races: DataRace[] = [];
  private readonly n: number;
  private readonly clocks: (Int32Array | undefined)[] = [];
  /** A frozen copy of a thread's clock, made at its first access since the clock last changed. */
  private readonly frozen: (Int32Array | undefined)[] = [];
  /** Per thread, the row of each release-like operation, by the clock value it ended (1-based). */
  readonly published: number[][] = [];
  private readonly held: HeldLocks[] = [];
  private readonly heldCopy: (number[] | undefined)[] = [];
  private readonly syncs = new Map<number, Int32Array>();
  private readonly spawned: (Int32Array | undefined)[] = [];
  private readonly ended: (Int32Array | undefined)[] = [];
  private readonly barrier = new Map<number, Int32Array>();
  private readonly trips = new Map<number, Map<number, Int32Array>>();
  private readonly items = new Map<number, Map<number, Int32Array>>();
  private readonly tasks = new Map<number, Int32Array>();
  private readonly fields = new Map<number, FieldState>();

  constructor(
    readonly ev: HbEvents,
    private readonly locks: Uint8Array,
  ) {
    this.n = ev.threads;
  }

  /** Thread t's vector clock now (live: copy what you keep). */
  clock(t: number): Int32Array {
    let c = this.clocks[t];
    if (!c) {
      c = this.clocks[t] = new Int32Array(this.n);
      c[t] = 1;
      this.published[t] = [];
    }
    return c;
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
    if (changed) this.frozen[t] = undefined;
  }

  /** Release-like: joins the thread's clock into `into` (a new one if undefined), then starts the thread's next epoch. */
  private publish(t: number, row: number, into?: Int32Array): Int32Array {
    const c = this.clock(t);
    const out = into ?? new Int32Array(this.n);
    for (let u = 0; u < c.length; u++) if (c[u] > out[u]) out[u] = c[u];
    this.published[t].push(row);
    c[t]++;
    this.frozen[t] = undefined;
    return out;
  }

  private into(map: Map<number, Int32Array>, key: number, t: number, row: number): void {
    map.set(key, this.publish(t, row, map.get(key)));
  }

  visit(r: number): void {
    const { k, th, p, q, l, a } = this.ev;
    const t = th[r];
    const x = p[r];
    switch (k[r]) {
      case K.threadSpawn:
      case K.processStart:
        this.spawned[x] = this.publish(t, r);
        break;
      case K.threadStart:
        this.clock(t);
        this.join(t, this.spawned[t]);
        break;
      case K.threadEnd:
        this.ended[t] = this.publish(t, r);
        break;
      case K.joinEnd:
        if (a[r] === 1) this.join(t, this.ended[x]);
        break;
      case K.acquired:
        this.join(t, this.syncs.get(x));
        this.lockHeld(t, x, r, true);
        break;
      case K.release:
        this.into(this.syncs, x, t, r);
        this.lockHeld(t, x, r, false);
        break;
      case K.condNotify:
      case K.eventSet:
        this.into(this.syncs, x, t, r);
        break;
      case K.condWake:
      case K.eventWake:
        if (a[r] === 1) this.join(t, this.syncs.get(x));
        break;
      case K.barrierWait:
        this.into(this.barrier, x, t, r);
        break;
      case K.barrierPass: {
        const trips = this.trips.get(x) ?? this.trips.set(x, new Map()).get(x)!;
        let trip = trips.get(l[r]);
        if (!trip) {
          trip = this.barrier.get(x);
          this.barrier.delete(x);
          if (trip) trips.set(l[r], trip);
        }
        this.join(t, trip);
        break;
      }
      case K.queuePutDone: {
        const items = this.items.get(x) ?? this.items.set(x, new Map()).get(x)!;
        items.set(q[r], this.publish(t, r));
        break;
      }
      case K.queueGetDone: {
        const items = this.items.get(x);
        this.join(t, items?.get(q[r]));
        items?.delete(q[r]);
        break;
      }
      case K.queueTaskDone:
        this.into(this.tasks, x, t, r);
        break;
      case K.queueJoined:
        this.join(t, this.tasks.get(x));
        break;
      case K.sharedRead:
      case K.sharedWrite:
        this.access(r, t, k[r] === K.sharedWrite);
        break;
    }
  }

  private lockHeld(t: number, prim: number, r: number, acquired: boolean): void {
    const kind = prim >= 0 && prim < this.locks.length ? this.locks[prim] : 0;
    if (kind === 0) return;
    const h = (this.held[t] ??= new HeldLocks());
    if (!acquired) h.release(prim, kind, this.ev.a[r]);
    else if (!h.reenters(prim, kind)) h.push(prim, this.ev.idx[r], this.ev.at[r]);
    else return;
    this.heldCopy[t] = undefined;
  }

  private access(r: number, t: number, write: boolean): void {
    const key = fieldKey(this.ev.p[r], this.ev.q[r]);
    let f = this.fields.get(key);
    if (!f) this.fields.set(key, (f = { write: none(), read: none() }));
    const c = this.clock(t);
    const now = c[t];
    const w = f.write;
    const rd = f.read;
    if (write ? w.thread === t && w.clock === now : !f.reads && rd.thread === t && rd.clock === now) return; // same epoch
    // An earlier access is unordered with this one when this thread has not seen its epoch.
    if (w.thread >= 0 && w.thread !== t && w.clock > c[w.thread]) this.race(f, w, r, t);
    if (write) {
      if (f.reads) for (const x of f.reads) if (x && x.thread !== t && x.clock > c[x.thread]) this.race(f, x, r, t);
      if (rd.thread >= 0 && rd.thread !== t && rd.clock > c[rd.thread]) this.race(f, rd, r, t);
    }
    const vc = (this.frozen[t] ??= c.slice());
    const held = (this.heldCopy[t] ??= this.held[t]?.sorted() ?? []);
    if (write) {
      set(w, t, now, r, vc, held);
      f.reads = undefined;
    } else if (f.reads) f.reads[t] = { thread: t, clock: now, row: r, vc, held };
    else if (rd.thread < 0 || rd.thread === t || rd.clock <= c[rd.thread]) set(rd, t, now, r, vc, held);
    else {
      // Two unordered reads: from now on keep one per thread.
      f.reads = [];
      f.reads[rd.thread] = { ...rd };
      f.reads[t] = { thread: t, clock: now, row: r, vc, held };
      f.read = none();
    }
  }

  /** Reports (or counts) an unordered pair; `before` may be updated in place afterwards: read it now. */
  private race(f: FieldState, before: Access, r: number, t: number): void {
    if (f.race) {
      f.race.pairs++;
      return;
    }
    const ev = this.ev;
    const c = this.clock(t);
    const access = (x: { row: number; thread: number; held: number[] }): RaceAccess => ({
      event: ev.idx[x.row],
      thread: x.thread,
      write: ev.k[x.row] === K.sharedWrite,
      at: ev.at[x.row],
      value: ev.a[x.row],
      held: x.held,
    });
    f.race = {
      kind: 'dataRace',
      record: ev.p[r],
      field: ev.q[r],
      first: access(before),
      second: access({ row: r, thread: t, held: this.heldCopy[t] ?? this.held[t]?.sorted() ?? [] }),
      pairs: 1,
    };
    const sync = this.lastSharedSync(before.vc, c);
    if (sync >= 0)
      f.race.lastSync = { event: ev.idx[sync], thread: ev.th[sync], k: eventKindName[ev.k[sync]] as EventKindName, p: ev.p[sync], at: ev.at[sync] };
    this.races.push(f.race);
  }

  /** The latest release-like operation both clocks have seen (its row), -1 if none. */
  private lastSharedSync(x: Int32Array, y: Int32Array): number {
    let best = -1;
    for (let u = 0; u < this.n; u++) {
      const m = Math.min(x[u], y[u]);
      const row = m >= 1 ? this.published[u]?.[m - 1] : undefined;
      if (row !== undefined && (best < 0 || this.ev.t[row] > this.ev.t[best])) best = row;
    }
    return best;
  }
}

function set(a: Access, thread: number, clock: number, row: number, vc: Int32Array, held: number[]): void {
  a.thread = thread;
  a.clock = clock;
  a.row = row;
  a.vc = vc;
  a.held = held;
}
