// Puts a child process's trace stream into the run's trace: the child numbers its threads,
// primitives, sites and strings from 1 (it has its own shared memory and its own Drain); here
// they get trace-wide ids, and the threads are marked with their process. Times need no change:
// the child's drain already counts from the run's start (ChildRun derives it from the runner's).
import type { RunnerToHost } from '../../core/protocol/runner';
import type { EventBatch, PrimitiveInfo, ThreadInfo } from '../../core/trace/format';
import { EventKind, noPKinds, threadPKinds } from '../../core/trace/kinds';
import type { Drain } from '../runner/drain';
import type { ChildToRunner, SitePos } from './protocol';

export interface MergeEnv {
  drain: Drain;
  send: (m: RunnerToHost) => void;
  /** A new trace-wide thread id. */
  newTid(): number;
}

type TraceMessage = Extract<ChildToRunner, { type: 'trace' }>;

export class TraceMerge {
  private readonly tids = new Map<number, number>();
  private readonly prims = new Map<number, number>();
  private readonly sites: number[] = [];
  private readonly strings: number[] = [];
  /** The child's threads by trace id, as last announced. */
  readonly threads = new Map<number, ThreadInfo>();
  /** Batches ready for the host, sent by the coordinator's flush (after the runner's sites). */
  readonly batches: EventBatch[] = [];

  constructor(
    private readonly env: MergeEnv,
    readonly processId: number,
    mainTid: number,
    /** The thread that started the process: its MainThread's parent. */
    starter: number,
  ) {
    this.tids.set(1, mainTid);
    // The child's MainThread has parent 0 there; here its parent is the thread that started it.
    this.tids.set(0, starter);
  }

  /** Trace id of the child's thread `local` (allocated at first sight: a call may come before the thread's announcement). */
  tid(local: number): number {
    let id = this.tids.get(local);
    if (id === undefined) {
      id = this.env.newTid();
      this.tids.set(local, id);
    }
    return id;
  }

  site(pos: SitePos | null): number {
    return pos ? this.env.drain.internSite(pos.file, pos.line, pos.col) : -1;
  }

  accept(m: TraceMessage): void {
    const { drain, send } = this.env;
    for (const pos of m.sites) this.sites.push(this.site(pos));
    if (m.strings.length) {
      const base = drain.strings.length;
      for (const s of m.strings) this.strings.push(drain.strings.push(s) - 1);
      send({ type: 'strings', base, strings: m.strings });
    }
    for (const p of m.primitives) send({ type: 'primitive', primitive: this.primitive(p) });
    for (const t of m.threads) this.thread(t);
    if (m.batch) this.batches.push(this.batch(m.batch));
  }

  /** Announces a thread of the child with trace-wide ids (the child's MainThread hangs under the starter). */
  thread(t: ThreadInfo): ThreadInfo {
    const id = this.tid(t.id);
    const info: ThreadInfo = {
      ...this.threads.get(id),
      ...t,
      id,
      ident: id,
      parent: this.tid(t.parent),
      process: this.processId,
    };
    this.threads.set(id, info);
    this.env.send({ type: 'thread', thread: info });
    return info;
  }

  /** Ends a thread the child could not end itself (it was killed): `info` in trace ids. */
  end(info: ThreadInfo): void {
    this.threads.set(info.id, info);
    this.env.send({ type: 'thread', thread: info });
  }

  private primitive(p: PrimitiveInfo): PrimitiveInfo {
    const id = this.env.drain.allocatePrimitiveId();
    this.prims.set(p.id, id);
    const init = p.init && typeof p.init.lock === 'number' ? { ...p.init, lock: this.prims.get(p.init.lock) ?? -1 } : p.init;
    return { ...p, id, site: p.site >= 0 ? this.sites[p.site] : -1, creator: this.tid(p.creator), init };
  }

  private batch(b: EventBatch): EventBatch {
    for (let i = 0; i < b.t.length; i++) {
      const k = b.k[i];
      b.th[i] = this.tid(b.th[i]);
      const p = b.p[i];
      if (noPKinds.has(k)) b.p[i] = -1;
      else if (threadPKinds.has(k)) b.p[i] = p >= 0 ? this.tid(p) : -1;
      else b.p[i] = p > 0 ? (this.prims.get(p) ?? -1) : -1;
      if (k === EventKind.log || k === EventKind.threadException) b.a[i] = this.strings[b.a[i]];
      if (b.at[i] >= 0) b.at[i] = this.sites[b.at[i]];
    }
    return b;
  }
}
