// Reads the Python tracer's stream (src/python/interleave_trace/_rec.py documents the frames):
// JSON messages and binary event chunks, per connection (one per Python process). Each process
// numbers its threads, primitives, sites and strings from its own zero; a ProcessStream maps them
// onto the run's ids, so every consumer sees one trace, as for a TypeScript run.
import { allocBatch } from '../../../core/trace/batch';
import type { EventBatch, PrimitiveInfo, ThreadInfo } from '../../../core/trace/format';
import { EventKind, noPKinds, threadPKinds } from '../../../core/trace/kinds';

/** Bytes of one record: '<qBidddi' (t, k, p, a, q, l, at). */
export const RECORD_BYTES = 41;

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
  | { type: 'thread'; thread: ThreadInfo }
  | { type: 'primitive'; primitive: PrimitiveInfo }
  | { type: 'sites'; base: number; sites: string[] }
  | { type: 'strings'; base: number; strings: string[] }
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
  blocked: { thread: number; op: string; on: number; heldBy: number[]; holds: number[]; at: number; since: number; timed: boolean }[];
}

/** The run-wide ids handed out so far (shared by every process of the run). */
export interface RunIds {
  threads: number;
  prims: number;
  sites: string[];
  strings: string[];
  /** A process's MainThread id by pid: the parent names a child by pid (Process.start, join) before the child connects. */
  mainOfPid: Map<number, number>;
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

  /** Process group of its threads (absent for the run's first process). */
  process?: number;

  /** The process behind this connection: its thread 1 is that pid's MainThread; a child's threads join its group. */
  bindProcess(pid: number, process?: number): void {
    this.process = process;
    this.threadId.set(1, mainThreadOf(this.ids, pid));
  }

  thread(local: number): number {
    let id = this.threadId.get(local);
    if (id === undefined) this.threadId.set(local, (id = ++this.ids.threads));
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

  mapPrimitive(p: PrimitiveInfo): PrimitiveInfo {
    const init = p.init && typeof p.init.lock === 'number' && p.init.lock > 0 ? { ...p.init, lock: this.prim(p.init.lock) } : p.init;
    const id = this.prim(p.id);
    // A primitive whose creating line names nothing is named by its run-wide id, as in TypeScript runs.
    return { ...p, id, name: p.name ?? `${p.kind}-${id}`, site: this.site(p.site), creator: this.thread(p.creator), ...(init ? { init } : {}) };
  }

  /** An event chunk: i32 thread id, u32 count, then `count` records. */
  decodeEvents(payload: Buffer): EventBatch {
    const th = this.thread(payload.readInt32LE(1));
    const n = payload.readUInt32LE(5);
    const b = allocBatch(n);
    const dv = new DataView(payload.buffer, payload.byteOffset + 9, n * RECORD_BYTES);
    for (let i = 0, o = 0; i < n; i++, o += RECORD_BYTES) {
      const k = dv.getUint8(o + 8);
      const p = dv.getInt32(o + 9, true);
      const a = dv.getFloat64(o + 13, true);
      b.t[i] = dv.getUint32(o, true) + dv.getInt32(o + 4, true) * 4294967296;
      b.th[i] = th;
      b.k[i] = k;
      // In thread kinds, p <= -2 names a child process by -pid (Process.start/join): its MainThread.
      b.p[i] = threadPKinds.has(k) ? (p > 0 ? this.thread(p) : p < -1 ? mainThreadOf(this.ids, -p) : p) : noPKinds.has(k) || p < 0 ? p : this.prim(p);
      b.a[i] = STRING_A_KINDS.has(k) && a >= 0 ? (this.stringIdx[a] ?? -1) : a;
      b.q[i] = dv.getFloat64(o + 21, true);
      b.l[i] = dv.getFloat64(o + 29, true);
      b.at[i] = this.site(dv.getInt32(o + 37, true));
    }
    return b;
  }

  /** A snapshot's ids, mapped. */
  mapSnapshot(s: PySnapshot): PySnapshot {
    return {
      live: s.live.map((t) => this.thread(t)),
      blocked: s.blocked.map((b) => ({
        ...b,
        thread: this.thread(b.thread),
        on: b.op === 'join' ? this.thread(b.on) : b.on > 0 ? this.prim(b.on) : 0,
        heldBy: b.heldBy.map((t) => this.thread(t)),
        holds: b.holds.map((p) => this.prim(p)),
        at: this.site(b.at),
      })),
    };
  }
}
