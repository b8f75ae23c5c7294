// Reads the Python tracer's stream (src/python/interleave_trace/_rec.py documents the frames):
// JSON messages and binary event chunks, per connection (one per Python process). Each process
// numbers its threads, primitives, sites and strings from its own zero; a ProcessStream maps them
// onto the run's ids, so every consumer sees one trace, as for a TypeScript run.
import { allocBatch } from '../../../core/trace/batch';
import type { EventBatch, PrimitiveInfo, ThreadInfo } from '../../../core/trace/format';
import { EventKind, noPKinds, threadPKinds } from '../../../core/trace/kinds';

/** Numbers in one record: t (perf_counter() seconds), k, p, a, q, l, at. */
const FIELDS = 7;

/**
 * Short records (_rec.py lists them): a negative code in k's place, -(primitive * 16 + form). By
 * form: the numbers in the record and the events it stands for.
 */
const FORMS = 16;
const LOCK_GOT = 1;
const LOCK_REL = 2;
const LOCK_ASK = 3;
const LOCK_GOT_AFTER = 4;
const PUT = 5;
const PUT_DONE = 6;
const GET = 7;
const GET_DONE = 8;
const COND_WAIT = 9;
const COND_WAKE = 10;
const COND_NOTIFY = 11;
const EVENT_WAIT = 12;
const EVENT_WAKE = 13;
const EVENT_SET = 14;
const SHORT_LENGTH = [0, 4, 4, 3, 5, 3, 5, 3, 5, 3, 5, 5, 3, 5, 4];
const recordLength = (code: number): number => {
  if (code >= 0) return FIELDS;
  const n = SHORT_LENGTH[-code % FORMS];
  if (!n) throw new Error(`Python tracer: unknown record code ${code} in an event chunk`);
  return n;
};

/** Splits a byte stream into frames (u32 length + payload). */
export class FrameReader {
  private buf: Buffer = Buffer.alloc(0);
  constructor(private readonly onFrame: (payload: Buffer) => void) {}

  push(data: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, data]) : data;
    let off = 0;
    while (this.buf.length - off >= 4) {
      const len = this.buf.readUInt32LE(off);
      if (this.buf.length - off - 4 < len) break;
      this.onFrame(this.buf.subarray(off + 4, off + 4 + len));
      off += 4 + len;
    }
    this.buf = off === this.buf.length ? Buffer.alloc(0) : this.buf.subarray(off);
  }
}

/**
 * The numbers of a list as Python's `marshal.dumps(list, 2)` writes it: '[' + i32 count, then per
 * item 'i' + i32, 'l' + i32 digit count (its sign is the number's) + 15-bit digits, 'g' + float64,
 * 'T'/'F'. Version 2 writes no back-references.
 */
export function readMarshalNumbers(buf: Buffer, offset: number): Float64Array {
  if (buf[offset] !== 0x5b /* [ */) throw new Error(`Python tracer: an event chunk is not a marshalled list (type ${buf[offset]})`);
  const count = buf.readInt32LE(offset + 1);
  const out = new Float64Array(count);
  let o = offset + 5;
  for (let i = 0; i < count; i++) {
    const type = buf[o++];
    switch (type) {
      case 0x69 /* i */:
        out[i] = buf.readInt32LE(o);
        o += 4;
        break;
      case 0x67 /* g */:
        out[i] = buf.readDoubleLE(o);
        o += 8;
        break;
      case 0x6c /* l */: {
        const size = buf.readInt32LE(o);
        o += 4;
        let v = 0;
        for (let d = Math.abs(size) - 1; d >= 0; d--) v = v * 32768 + buf.readUInt16LE(o + 2 * d);
        o += 2 * Math.abs(size);
        out[i] = size < 0 ? -v : v;
        break;
      }
      case 0x54 /* T */:
        out[i] = 1;
        break;
      case 0x46 /* F */:
        out[i] = 0;
        break;
      default:
        throw new Error(`Python tracer: unexpected marshal type ${type} in an event chunk`);
    }
  }
  return out;
}

/** What a Python process sends besides events (the shapes _rec.py, _run.py and _watch.py write). */
export type PyMessage =
  | {
      type: 'hello';
      pid: number;
      python: string;
      implementation: string;
      executable: string;
      file: string;
      /** A multiprocessing child: multiprocessing's name for it, its parent's pid, its target. */
      process?: { name: string; ppid: number; daemon: boolean; target?: string | null };
    }
  /** The run's time 0 on the tracer's clock (perf_counter_ns): records carry the raw clock. */
  | { type: 'clock'; t0: number }
  | { type: 'thread'; thread: ThreadInfo }
  /** `key`: a multiprocessing primitive's name in every process (its creating pid and id, _mp.py). */
  | { type: 'primitive'; primitive: PrimitiveInfo & { key?: string } }
  | { type: 'sites'; base: number; sites: string[] }
  | { type: 'strings'; base: number; strings: string[] }
  /** A child process was started (it is live before it connects). */
  | { type: 'spawned'; pid: number }
  /** Every thread of the process waits with no timeout, some on another process (_watch.py); `busy`: no longer. */
  | { type: 'quiet'; key: string; snapshot: PySnapshot }
  | { type: 'busy' }
  | {
      type: 'end';
      kind: PyEndKind;
      exitCode?: number;
      durationNs: number;
      snapshot?: PySnapshot;
      error?: { kind: 'syntax'; message: string; file: string; line: number; col: number };
    };

export type PyEndKind = 'completed' | 'exception' | 'exited' | 'deadlock' | 'stall' | 'timeout' | 'stopped' | 'error';

export interface PySnapshot {
  live: number[];
  blocked: {
    thread: number;
    op: string;
    on: number;
    heldBy: number[];
    holds: number[];
    at: number;
    since: number;
    timed: boolean;
    /** A multiprocessing Lock's or RLock's holder, in whichever process: [pid, its thread id there]. */
    heldIn?: [number, number] | null;
  }[];
}

/** The run-wide ids handed out so far (shared by every process of the run). */
export interface RunIds {
  threads: number;
  prims: number;
  sites: string[];
  strings: string[];
  /** A process's MainThread id by pid: the parent names a child by pid (Process.start, join) before the child connects. */
  mainOfPid: Map<number, number>;
  /** A multiprocessing primitive's run-wide id by its key, and whether its creator announced it. */
  primOfKey: Map<string, { id: number; fromCreator: boolean }>;
  /** Run-wide thread id by `pid:local id` (a multiprocessing lock's holder names its thread so). */
  threadOfProcess: Map<string, number>;
}

export function mainThreadOf(ids: RunIds, pid: number): number {
  let id = ids.mainOfPid.get(pid);
  if (id === undefined) ids.mainOfPid.set(pid, (id = ++ids.threads));
  return id;
}

const STRING_A_KINDS: ReadonlySet<number> = new Set([EventKind.log, EventKind.threadException, EventKind.poolTaskStart]);

/** One Python process's ids, mapped onto the run's. */
export class ProcessStream {
  readonly threadId = new Map<number, number>();
  readonly primId = new Map<number, number>();
  private readonly siteIdx: number[] = [];
  private readonly stringIdx: number[] = [];

  constructor(
    private readonly ids: RunIds,
    /** Makes a site the trace's form (relative to meta.root). */
    private readonly siteText: (s: string) => string,
  ) {}

  /** The run's time 0 in perf_counter_ns (the 'clock' message). */
  t0 = 0;

  /** Process group of its threads (absent for the run's first process). */
  process?: number;

  /** The process's pid (from its hello). */
  pid = 0;

  /** The process behind this connection: its thread 1 is that pid's MainThread; a child's threads join its group. */
  bindProcess(pid: number, process?: number): void {
    this.pid = pid;
    this.process = process;
    this.threadId.set(1, mainThreadOf(this.ids, pid));
    this.ids.threadOfProcess.set(`${pid}:1`, mainThreadOf(this.ids, pid));
  }

  thread(local: number): number {
    let id = this.threadId.get(local);
    if (id === undefined) {
      this.threadId.set(local, (id = ++this.ids.threads));
      this.ids.threadOfProcess.set(`${this.pid}:${local}`, id);
    }
    return id;
  }

  prim(local: number): number {
    let id = this.primId.get(local);
    if (id === undefined) this.primId.set(local, (id = ++this.ids.prims));
    return id;
  }

  site(local: number): number {
    return local >= 0 ? (this.siteIdx[local] ?? -1) : -1;
  }

  /** Appends sites; returns the run-wide base of the new ones. */
  addSites(base: number, sites: string[]): number {
    const start = this.ids.sites.length;
    sites.forEach((s, i) => {
      this.siteIdx[base + i] = start + i;
      this.ids.sites.push(this.siteText(s));
    });
    return start;
  }

  addStrings(base: number, strings: string[]): number {
    const start = this.ids.strings.length;
    strings.forEach((s, i) => {
      this.stringIdx[base + i] = start + i;
      this.ids.strings.push(s);
    });
    return start;
  }

  mapThread(t: ThreadInfo): ThreadInfo {
    return { ...t, id: this.thread(t.id), parent: t.parent > 0 ? this.thread(t.parent) : 0, ...(this.process !== undefined ? { process: this.process } : {}) };
  }

  /**
   * The primitive in the run's ids; undefined when it adds nothing: a multiprocessing primitive
   * another process announced already (the same one, by key). The creator's announcement is the one
   * kept (its site and thread), whichever arrives first.
   */
  mapPrimitive(announced: PrimitiveInfo & { key?: string }): PrimitiveInfo | undefined {
    const { key, ...p } = announced;
    const fromCreator = key !== undefined && key.startsWith(`${this.pid}:`);
    const known = key === undefined ? undefined : this.ids.primOfKey.get(key);
    if (known) {
      this.primId.set(p.id, known.id);
      if (known.fromCreator || !fromCreator) return undefined;
      known.fromCreator = true;
    }
    const init = p.init && typeof p.init.lock === 'number' && p.init.lock > 0 ? { ...p.init, lock: this.prim(p.init.lock) } : p.init;
    const id = this.prim(p.id);
    if (key !== undefined && !known) this.ids.primOfKey.set(key, { id, fromCreator });
    // A primitive whose creating line names nothing is named by its run-wide id, as in TypeScript runs.
    return { ...p, id, name: p.name ?? `${p.kind}-${id}`, site: this.site(p.site), creator: this.thread(p.creator), ...(init ? { init } : {}) };
  }

  /** An event chunk: i32 thread id, then the thread's numbers as marshal writes a list (version 2). */
  decodeEvents(payload: Buffer): EventBatch {
    const th = this.thread(payload.readInt32LE(1));
    const nums = readMarshalNumbers(payload, 5);
    let n = 0;
    for (let o = 0; o < nums.length; o += recordLength(nums[o + 1])) n += -nums[o + 1] % FORMS === LOCK_GOT ? 2 : 1;
    const b = allocBatch(n);
    const t0 = this.t0;
    // A record's time is perf_counter() seconds (_rec.py): back to the nanoseconds of the run's clock.
    const ns = (s: number) => Math.round(s * 1e9) - t0;
    const put = (i: number, t: number, k: number, p: number, a: number, q: number, l: number, at: number) => {
      b.t[i] = ns(t);
      b.th[i] = th;
      b.k[i] = k;
      b.p[i] = p;
      b.a[i] = a;
      b.q[i] = q;
      b.l[i] = l;
      b.at[i] = this.site(at);
    };
    for (let i = 0, o = 0; i < n; i++) {
      const k = nums[o + 1];
      if (k < 0) {
        const t = nums[o];
        const form = -k % FORMS;
        const p = this.prim((-k - form) / FORMS);
        const x = nums[o + 2];
        const y = nums[o + 3];
        switch (form) {
          case LOCK_GOT:
            put(i++, t, EventKind.acquireRequest, p, -1, NaN, NaN, y);
            put(i, t, EventKind.acquired, p, 1, x, -1, y);
            break;
          case LOCK_REL:
            put(i, t, EventKind.release, p, 0, x, NaN, y);
            break;
          case LOCK_ASK:
            put(i, t, EventKind.acquireRequest, p, -1, NaN, NaN, x);
            break;
          case LOCK_GOT_AFTER:
            put(i, t, EventKind.acquired, p, 1, x, y, nums[o + 4]);
            break;
          case PUT:
            put(i, t, EventKind.queuePut, p, -1, NaN, NaN, x);
            break;
          case PUT_DONE:
            put(i, t, EventKind.queuePutDone, p, x, y, NaN, nums[o + 4]);
            break;
          case GET:
            put(i, t, EventKind.queueGet, p, -1, NaN, NaN, x);
            break;
          case GET_DONE:
            put(i, t, EventKind.queueGetDone, p, x, y, NaN, nums[o + 4]);
            break;
          case COND_WAIT:
            put(i, t, EventKind.condWait, p, -1, NaN, NaN, x);
            break;
          case COND_WAKE:
            put(i, t, EventKind.condWake, p, x, NaN, y, nums[o + 4]);
            break;
          case COND_NOTIFY:
            put(i, t, EventKind.condNotify, p, x, y, NaN, nums[o + 4]);
            break;
          case EVENT_WAIT:
            put(i, t, EventKind.eventWait, p, -1, NaN, NaN, x);
            break;
          case EVENT_WAKE:
            put(i, t, EventKind.eventWake, p, x, NaN, y, nums[o + 4]);
            break;
          case EVENT_SET:
            put(i, t, EventKind.eventSet, p, NaN, x, NaN, y);
            break;
        }
        o += SHORT_LENGTH[form];
        continue;
      }
      const oo = o;
      o += FIELDS;
      const p = nums[oo + 2];
      const a = nums[oo + 3];
      b.t[i] = ns(nums[oo]);
      b.th[i] = th;
      b.k[i] = k;
      // In thread kinds, p <= -2 names a child process by -pid (Process.start/join): its MainThread.
      b.p[i] = threadPKinds.has(k) ? (p > 0 ? this.thread(p) : p < -1 ? mainThreadOf(this.ids, -p) : p) : noPKinds.has(k) || p < 0 ? p : this.prim(p);
      b.a[i] = STRING_A_KINDS.has(k) && a >= 0 ? (this.stringIdx[a] ?? -1) : a;
      b.q[i] = nums[oo + 4];
      b.l[i] = nums[oo + 5];
      b.at[i] = this.site(nums[oo + 6]);
    }
    return b;
  }

  /** The run-wide thread that holds a multiprocessing lock, from its process's pid and its id there. */
  private holderIn([pid, local]: [number, number]): number[] {
    const id = this.ids.threadOfProcess.get(`${pid}:${local}`);
    return id === undefined ? [] : [id];
  }

  /** A snapshot's ids, mapped. */
  mapSnapshot(s: PySnapshot): PySnapshot {
    return {
      live: s.live.map((t) => this.thread(t)),
      blocked: s.blocked.map((b) => ({
        ...b,
        thread: this.thread(b.thread),
        // A join on a child process names it by -pid: its MainThread.
        on: b.op === 'join' ? (b.on < -1 ? mainThreadOf(this.ids, -b.on) : this.thread(b.on)) : b.on > 0 ? this.prim(b.on) : 0,
        heldBy: b.heldIn ? this.holderIn(b.heldIn) : b.heldBy.map((t) => this.thread(t)),
        holds: b.holds.map((p) => this.prim(p)),
        at: this.site(b.at),
      })),
    };
  }
}
