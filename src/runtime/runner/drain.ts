// The runner's side of the rings: copies new records of every thread into one columnar batch,
// converting times to ns since the run's start and heap refs (sites, strings, primitive names)
// into the trace's global tables. Announcements (new sites, strings, primitives) are returned
// before the batch that uses them.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { EventBatch, PrimitiveInfo } from '../../core/trace/format';
import { LastAcquired } from '../../core/analysis/last-acquired';
import { allocBatch, copyBatch, sliceBatch } from '../../core/trace/batch';
import { EventKind, noPKinds, PrimKind, primKindName, threadPKinds } from '../../core/trace/kinds';
import { ACQUIRED_AT_ONCE, LOCK_PAIR, RECORD_BYTES, RING_HEADER_BYTES, RingHeader } from '../shm/ring';
import type { SharedHeap } from '../shm/heap';
import { inferName } from './names';

/** What an event's `p` is, by kind: a primitive's heap ref (mapped to its trace id), a thread id, or nothing. */
const PRIM_P = 0;
const THREAD_P = 1;
const NO_P = 2;
const P_ROLE = new Uint8Array(256);
for (const k of threadPKinds) P_ROLE[k] = THREAD_P;
for (const k of noPKinds) P_ROLE[k] = NO_P;
/** Entries of the direct-mapped caches in front of the ref → id maps (refs repeat: a hammered lock, a hot call site). */
const CACHE = 1024;

interface Ring {
  tid: number;
  hdr: Int32Array;
  f64: Float64Array;
  i32: Int32Array;
  capacity: number;
  /** Once its worker is gone, the plain write index is final and safe to read. */
  closed: boolean;
}

export interface Drained {
  sites: string[];
  strings: string[];
  primitives: PrimitiveInfo[];
  batch?: EventBatch;
}

export class Drain {
  private readonly rings: Ring[] = [];
  private readonly siteIndex = new Map<number, number>();
  private readonly siteByText = new Map<string, number>();
  readonly sites: string[] = [];
  /** Sites already returned by drain(); the watchdog's snapshots intern sites between drains too. */
  private sitesAnnounced = 0;
  private readonly sitePositions: { file: string; line: number; col: number }[] = [];
  readonly strings: string[] = [];
  readonly primitives = new Map<number, PrimitiveInfo>();
  private lastPrimitiveId = 0;
  private readonly sources = new Map<string, string[]>();
  /** First exception of each thread: the thread's lane and the outcome name it. */
  readonly exceptions = new Map<number, { message: string; stack?: string }>();
  /** Latest acquisition of each lock-like (by trace id): where deadlock explanations say it was taken. Noted as records are copied (no pass of its own). */
  readonly lastAcquired = new LastAcquired();
  private readonly idCacheRef = new Int32Array(CACHE);
  private readonly idCache = new Int32Array(CACHE);
  private readonly siteCacheRef = new Int32Array(CACHE);
  private readonly siteCache = new Int32Array(CACHE);
  total = 0;
  /**
   * Set when whoever receives drain()'s batch is done with it before the next drain (the run's
   * store copies it into its chunk, and a forward to the host is serialized as it is sent): the
   * batch is then a view of the buffer every drain fills, instead of a copy of its events.
   */
  reuseBatches = false;
  private spare?: EventBatch;

  constructor(
    private readonly heap: SharedHeap,
    private readonly t0: number,
    private readonly root: string,
  ) {}

  add(ring: SharedArrayBuffer): void {
    this.rings.push({
      tid: 0,
      hdr: new Int32Array(ring, 0, RING_HEADER_BYTES / 4),
      f64: new Float64Array(ring, RING_HEADER_BYTES),
      i32: new Int32Array(ring, RING_HEADER_BYTES),
      capacity: (ring.byteLength - RING_HEADER_BYTES) / RECORD_BYTES,
      closed: false,
    });
  }

  /** The worker of `tid` has exited: its last, unpublished records are final now. */
  close(tid: number): void {
    for (const r of this.rings) if (r.tid === tid) r.closed = true;
  }

  /** Every worker is gone. */
  closeAll(): void {
    for (const r of this.rings) r.closed = true;
  }

  drain(): Drained {
    const nSites = this.sitesAnnounced;
    const nStrings = this.strings.length;
    const newPrims: PrimitiveInfo[] = [];
    let n = 0;
    const limits = this.rings.map((r) => {
      r.tid = Atomics.load(r.hdr, RingHeader.TID);
      const end = r.closed ? r.hdr[RingHeader.WRITTEN] : Atomics.load(r.hdr, RingHeader.PUBLISHED);
      const start = r.hdr[RingHeader.READ];
      n += end - start;
      return end;
    });
    let batch: EventBatch | undefined;
    if (n > 0) {
      // A record is at most three events (LOCK_PAIR): the spare has room for that, the batch is what was read.
      const into = this.spareFor(3 * n);
      const late: number[] = [];
      let o = 0;
      for (let ri = 0; ri < this.rings.length; ri++) {
        const r = this.rings[ri];
        o = this.copy(r, r.hdr[RingHeader.READ], limits[ri], into, o, newPrims, late);
        Atomics.store(r.hdr, RingHeader.READ, limits[ri]);
        if (Atomics.load(r.hdr, RingHeader.WRITER_WAITING) === 1) Atomics.notify(r.hdr, RingHeader.READ);
      }
      // A thread may use a primitive whose creation is in a ring read after its own: its id is known now.
      let lateAcquired = false;
      for (let i = 0; i < late.length; i += 2) {
        into.p[late[i]] = this.primitiveId(late[i + 1]);
        if (into.k[late[i]] === EventKind.acquired) lateAcquired = true;
      }
      batch = this.reuseBatches ? sliceBatch(into, o) : copyBatch(into, o);
      // Acquisitions were noted as they were copied, in the batch's order, but for late ones: then the
      // batch is noted again in its order, which ends as a single note of it would.
      if (lateAcquired) this.lastAcquired.note(batch);
      this.total += o;
    }
    this.sitesAnnounced = this.sites.length;
    return { sites: this.sites.slice(nSites), strings: this.strings.slice(nStrings), primitives: newPrims, batch };
  }

  /** The buffer every drain fills, with room for n events. */
  private spareFor(n: number): EventBatch {
    if (!this.spare || this.spare.t.length < n) this.spare = allocBatch(Math.max(n, 2 * (this.spare?.t.length ?? 0)));
    return this.spare;
  }

  /**
   * Copies ring records [from, to) into `b` from index `o`; returns the next index. Creations are
   * read as they come; an event on a primitive not known yet goes to `late` as (index, ref).
   */
  private copy(r: Ring, from: number, to: number, b: EventBatch, o: number, newPrims: PrimitiveInfo[], late: number[]): number {
    const { f64, i32, tid } = r;
    const mask = r.capacity - 1;
    const { t: bt, th: bth, k: bk, p: bp, a: ba, q: bq, l: bl, at: bat } = b;
    const t0 = this.t0;
    for (let w = from; w < to; w++, o++) {
      const slot = w & mask;
      const fb = slot * 6;
      const ib = slot * 12;
      let k = i32[ib + 8];
      const p = i32[ib + 9];
      let t = Math.round((f64[fb] - t0) * 1e6);
      let at = this.site(i32[ib + 10]);
      let a = f64[fb + 1];
      let q = f64[fb + 2];
      let l = f64[fb + 3];
      if (k <= ACQUIRED_AT_ONCE) {
        // The request first (l held its timeout, unless untimed), then the acquisition (a held its time).
        const id = this.primitiveId(p);
        if (id === -1) late.push(o, p);
        bt[o] = t;
        bth[o] = tid;
        bk[o] = EventKind.acquireRequest;
        bat[o] = at;
        bp[o] = id;
        ba[o] = k === ACQUIRED_AT_ONCE ? l : -1;
        bq[o] = NaN;
        bl[o] = -1;
        o++;
        t = Math.round((a - t0) * 1e6);
        a = 1;
        if (k === LOCK_PAIR) {
          // Then its release: l held the release's time, at2 its site.
          bt[o] = t;
          bth[o] = tid;
          bk[o] = EventKind.acquired;
          bat[o] = at;
          bp[o] = id;
          ba[o] = 1;
          bq[o] = q;
          bl[o] = -1;
          if (id === -1) late.push(o, p);
          else this.lastAcquired.noteOne(id, t, tid, at);
          o++;
          t = Math.round((l - t0) * 1e6);
          at = this.site(i32[ib + 11]);
          a = 0;
          q++;
          k = EventKind.release;
        } else k = EventKind.acquired;
        l = -1;
      }
      bt[o] = t;
      bth[o] = tid;
      bk[o] = k;
      bat[o] = at;
      // -1 marks "none" in the ring; the batch format says NaN (core/trace/batch.ts). Not for
      // l: there -1 means "did not wait" / "timed out" (kinds.ts), which the model reads.
      bq[o] = k === EventKind.primCreate || q === -1 ? NaN : q;
      bl[o] = l;
      const role = P_ROLE[k];
      let id = p;
      if (role === NO_P) id = -1;
      else if (role === PRIM_P) {
        if (k === EventKind.primCreate) newPrims.push(this.primitive(p, q, tid, at));
        id = this.primitiveId(p);
        if (id === -1) late.push(o, p);
        else if (k === EventKind.acquired) this.lastAcquired.noteOne(id, t, tid, at);
      }
      bp[o] = id;
      if (k === EventKind.log || k === EventKind.threadException) {
        a = this.string(a);
        if (k === EventKind.threadException && !this.exceptions.has(tid)) {
          const text = this.strings[a];
          this.exceptions.set(tid, { message: text.split('\n')[0], stack: text });
        }
      }
      ba[o] = a;
    }
    return o;
  }

  /** Trace-wide site index of a site ref, -1 for none. */
  site(ref: number): number {
    if (ref <= 0) return -1;
    const h = (ref >> 3) & (CACHE - 1);
    if (this.siteCacheRef[h] === ref) return this.siteCache[h];
    let idx = this.siteIndex.get(ref);
    if (idx === undefined) {
      const i32 = this.heap.i32;
      idx = this.internSite(this.heap.readString(i32[(ref >> 2) + 2]), i32[ref >> 2], i32[(ref >> 2) + 1]);
      this.siteIndex.set(ref, idx);
    }
    this.siteCacheRef[h] = ref;
    this.siteCache[h] = idx;
    return idx;
  }

  /** Trace id of the primitive at heap ref `ref`, -1 if none was created there. */
  private primitiveId(ref: number): number {
    const h = (ref >> 3) & (CACHE - 1);
    if (this.idCacheRef[h] === ref && ref !== 0) return this.idCache[h];
    const id = this.primitives.get(ref)?.id ?? -1;
    if (id !== -1) {
      this.idCacheRef[h] = ref;
      this.idCache[h] = id;
    }
    return id;
  }

  /** Trace-wide site index of a position; also for sites that come from other processes (multiprocessing). */
  internSite(file: string, line: number, col: number): number {
    const rel = relative(this.root, file);
    const text = `${rel.startsWith('..') ? file : rel}:${line}:${col}`;
    let idx = this.siteByText.get(text);
    if (idx === undefined) {
      idx = this.sites.push(text) - 1;
      this.sitePositions.push({ file, line, col });
      this.siteByText.set(text, idx);
    }
    return idx;
  }

  /** Trace-wide primitive ids: the multiprocessing coordinator takes its ids here too, so they never collide. */
  allocatePrimitiveId(): number {
    return ++this.lastPrimitiveId;
  }

  position(site: number): { file: string; line: number; col: number } | undefined {
    return this.sitePositions[site];
  }

  private string(ref: number): number {
    return this.strings.push(this.heap.readString(ref)) - 1;
  }

  private primitive(ref: number, nameRef: number, creator: number, site: number): PrimitiveInfo {
    const i32 = this.heap.i32;
    const known = this.primitives.get(ref);
    if (known) return known;
    const kindCode = i32[ref >> 2];
    const kind = primKindName[kindCode] as PrimitiveInfo['kind'];
    const id = this.allocatePrimitiveId();
    const given = nameRef > 0 ? this.heap.readString(nameRef) : undefined;
    const name = given ?? inferName(this.sourceLine(site), kind) ?? `${kind}-${id}`;
    const info: PrimitiveInfo = { id, kind, name, site, creator, init: this.initOf(ref, kindCode) };
    this.primitives.set(ref, info);
    return info;
  }

  private initOf(ref: number, kindCode: number): PrimitiveInfo['init'] {
    const i32 = this.heap.i32;
    const w = ref >> 2;
    switch (kindCode) {
      case PrimKind.Semaphore:
      case PrimKind.BoundedSemaphore:
        // Word 4 keeps the initial value; word 1 is the current one, which depends on when the drain runs.
        return { value: i32[w + 4] };
      case PrimKind.Barrier:
        return { parties: i32[w + 1] };
      case PrimKind.Queue:
      case PrimKind.LifoQueue:
      case PrimKind.PriorityQueue:
        return { maxsize: i32[w + 1] };
      case PrimKind.Shared:
        return { fields: JSON.parse(this.heap.readString(i32[w + 2])) as string[] };
      case PrimKind.Condition: {
        const lock = this.primitives.get(i32[w + 1]);
        return lock ? { lock: lock.id } : undefined;
      }
      default:
        return undefined;
    }
  }

  /** The text of the source line of a site (names of primitives are read from it). */
  sourceLine(site: number): string | undefined {
    const pos = this.sitePositions[site];
    if (!pos) return undefined;
    let lines = this.sources.get(pos.file);
    if (!lines) {
      try {
        lines = readFileSync(pos.file, 'utf8').split('\n');
      } catch {
        lines = [];
      }
      this.sources.set(pos.file, lines);
    }
    return lines[pos.line - 1];
  }
}
