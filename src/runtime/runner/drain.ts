// The runner's side of the rings: copies new records of every thread into one columnar batch,
// converting times to ns since the run's start and heap refs (sites, strings, primitive names)
// into the trace's global tables. Announcements (new sites, strings, primitives) are returned
// before the batch that uses them.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { EventBatch, PrimitiveInfo } from '../../core/trace/format';
import { LastAcquired } from '../../core/analysis/last-acquired';
import { allocBatch } from '../../core/trace/batch';
import { EventKind, noPKinds, PrimKind, primKindName, threadPKinds } from '../../core/trace/kinds';
import { RECORD_BYTES, RING_HEADER_BYTES, RingHeader } from '../shm/ring';
import type { SharedHeap } from '../shm/heap';
import { inferName } from './names';

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
  /** Latest acquisition of each lock-like (by trace id): where deadlock explanations say it was taken. */
  readonly lastAcquired = new LastAcquired();
  total = 0;

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
      batch = allocBatch(n);
      // Creations first: another thread's ring may use a primitive before its creator's ring is read.
      this.rings.forEach((r, ri) => {
        const mask = r.capacity - 1;
        for (let w = r.hdr[RingHeader.READ]; w < limits[ri]; w++) {
          const ib = (w & mask) * 12;
          if (r.i32[ib + 8] === EventKind.primCreate) {
            newPrims.push(this.primitive(r.i32[ib + 9], r.f64[(w & mask) * 6 + 2], r.tid, this.site(r.i32[ib + 10])));
          }
        }
      });
      let o = 0;
      this.rings.forEach((r, ri) => {
        const end = limits[ri];
        const mask = r.capacity - 1;
        for (let w = r.hdr[RingHeader.READ]; w < end; w++, o++) {
          const slot = w & mask;
          const fb = slot * 6;
          const ib = slot * 12;
          const k = r.i32[ib + 8];
          const p = r.i32[ib + 9];
          let a = r.f64[fb + 1];
          batch!.t[o] = Math.round((r.f64[fb] - this.t0) * 1e6);
          batch!.th[o] = r.tid;
          batch!.k[o] = k;
          batch!.p[o] = noPKinds.has(k) ? -1 : threadPKinds.has(k) ? p : (this.primitives.get(p)?.id ?? -1);
          // -1 marks "none" in the ring; the batch format says NaN (core/trace/batch.ts). Not for
          // l: there -1 means "did not wait" / "timed out" (kinds.ts), which the model reads.
          const q = r.f64[fb + 2];
          batch!.q[o] = k === EventKind.primCreate || q === -1 ? NaN : q;
          batch!.l[o] = r.f64[fb + 3];
          batch!.at[o] = this.site(r.i32[ib + 10]);
          if (k === EventKind.log || k === EventKind.threadException) a = this.string(a);
          if (k === EventKind.threadException && !this.exceptions.has(r.tid)) {
            const text = this.strings[a];
            this.exceptions.set(r.tid, { message: text.split('\n')[0], stack: text });
          }
          batch!.a[o] = a;
        }
        Atomics.store(r.hdr, RingHeader.READ, end);
        if (Atomics.load(r.hdr, RingHeader.WRITER_WAITING) === 1) Atomics.notify(r.hdr, RingHeader.READ);
      });
      this.lastAcquired.note(batch);
      this.total += n;
    }
    this.sitesAnnounced = this.sites.length;
    return { sites: this.sites.slice(nSites), strings: this.strings.slice(nStrings), primitives: newPrims, batch };
  }

  /** Trace-wide site index of a site ref, -1 for none. */
  site(ref: number): number {
    if (ref <= 0) return -1;
    let idx = this.siteIndex.get(ref);
    if (idx !== undefined) return idx;
    const i32 = this.heap.i32;
    idx = this.internSite(this.heap.readString(i32[(ref >> 2) + 2]), i32[ref >> 2], i32[(ref >> 2) + 1]);
    this.siteIndex.set(ref, idx);
    return idx;
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
