// The multiprocessing coordinator, in the runner process. Processes share no memory, so every
// cross-process object (mp.Queue, Pipe, mp.Lock/Semaphore/Event, Pool) lives here, and threads of
// any process use it by message: thread → its process's main thread → (IPC) → here → back. That
// costs a round trip per operation (see BENCHMARKS.md, "Multiprocessing") instead of a futex,
// which is the honest price of separate memory; it also gives one place that orders every
// message, so each put/send has an item id its get/recv names, and the timeline can link them.
// Events of these operations are recorded by the calling thread (its clock, its call site) and
// sent here; the coordinator streams them with the trace-wide ids of the objects it owns.
import { serialize } from 'node:v8';
import { allocBatch } from '../../core/trace/batch';
import type { RunOptions, RunnerToHost } from '../../core/protocol/runner';
import type { EventBatch, Outcome, PrimitiveInfo } from '../../core/trace/format';
import { EventKind, PrimKind, type PrimKindName } from '../../core/trace/kinds';
import type { StartSpec } from '../worker/context';
import type { Bundle } from '../runner/bundle';
import type { Drain } from '../runner/drain';
import { inferName } from '../runner/names';
import { Ctl } from '../shm/layout';
import { ChildLink } from './child-link';
import { PipeState, QueueState, type PutDone } from './co-channels';
import { PoolState, type TaskDone } from './co-pool';
import { ProcessTable, type Proc } from './co-process';
import { EventState, SemState } from './co-sync';
import { toHr } from './clock';
import { fail, ok, type Reply } from './pending';
import { ThreadPorts } from './ports';
import { WaitTable, type Holder } from './co-waits';
import type { WaitSnapshot } from '../../core/analysis/stuck';
import { POOL_WORKER_TARGET, type Ev, type LocalEv, type MpFromThread } from './protocol';

export interface CoordinatorEnv {
  send: (m: RunnerToHost) => void;
  /** The runner's drain: trace-wide sites, strings and primitive ids. */
  drain: Drain;
  /** The runner's control words: trace-wide thread ids come from its counter. */
  ctl: Int32Array;
  /** The run's start, on the runner's performance.now() clock. */
  t0: number;
  distDir: string;
  bundle: Bundle;
  options: RunOptions;
  /** Deterministic runs schedule threads of one process; multiprocessing is real time only. */
  deterministic: boolean;
}

type Handler = (from: Caller, args: never, reply: Reply, begin?: Ev) => void;

interface Caller {
  process: number;
  tid: number;
}

export class MpCoordinator {
  private readonly ports = new ThreadPorts();
  private readonly procs: ProcessTable;
  private readonly objects = new Map<number, QueueState | PipeState | SemState | EventState | PoolState>();
  private readonly events: { th: number; e: Ev }[] = [];
  private readonly strings = new Map<string, number>();
  /** Who waits in which call and who holds each mp.Lock, for the watchdog. */
  private readonly waits = new WaitTable();
  /** "Lock `lock`" for each object this coordinator owns. */
  private readonly primNames = new Map<number, string>();

  constructor(private readonly env: CoordinatorEnv) {
    this.procs = new ProcessTable(env.send, () => this.nowNs());
  }

  /** A message from one of the runner's own scenario threads (MainProcess). */
  fromThread(m: MpFromThread): void {
    this.ports.accept(m);
    const caller = { process: 0, tid: m.tid };
    if (m.type === 'mpRec')
      return this.record(
        caller.tid,
        m.events.map((e) => this.local(e)),
      );
    this.call(caller, m.op, m.args, m.begin && this.local(m.begin), m.effect && this.local(m.effect), (r) => this.ports.reply(m.tid, r));
  }

  /** Sends the events recorded since the last flush; the runner calls it after its own drain (which announced their sites). */
  flush(): void {
    for (const p of this.procs.procs) for (const b of p.link?.merge.batches.splice(0) ?? []) this.env.send({ type: 'events', batch: b });
    if (this.events.length) this.env.send({ type: 'events', batch: this.batch(this.events.splice(0)) });
  }

  /** The runner's wait-for snapshot with every thread waiting here added, and the live threads of child processes. */
  snapshot(local: WaitSnapshot): WaitSnapshot {
    return this.waits.merge(local, this.procs.liveThreads());
  }

  /** A child process's thread named with its process ("consumer/MainThread"); undefined for the runner's own. */
  threadName(tid: number): string | undefined {
    for (const p of this.procs.procs) {
      const t = p.link?.merge.threads.get(tid);
      if (t) return `${p.info.name}/${t.name}`;
    }
    return undefined;
  }

  /** "Lock `lock`" for an object of this coordinator. */
  primName(id: number): string | undefined {
    return this.primNames.get(id);
  }

  /** Who holds mp.Lock `id`, where and when it took it. */
  lockHolder(id: number): Holder | undefined {
    return this.waits.holders.get(id);
  }

  /** MainProcess's exit (its MainThread is done): daemonic children are terminated, the others joined. */
  atExit(): Promise<void> {
    return this.procs.atExit(0);
  }

  /** The run ends: every child still alive is killed; their lanes end with the reason. */
  async shutdown(kind: Outcome['kind']): Promise<void> {
    const normal = kind === 'completed' || kind === 'exception';
    await this.procs.stopAll(normal ? 'cutoff' : 'stopped', normal ? 'ended with the run' : `stopped with the run (${kind})`, 3000);
    this.procs.endMain(normal ? (kind === 'exception' ? 1 : 0) : undefined, normal ? 'exited normally' : `the run ended: ${kind}`);
    this.flush();
  }

  private call(from: Caller, op: string, args: unknown, begin: Ev | undefined, effect: Ev | undefined, answer: Reply): void {
    if (this.procs.stopping) return; // the run is ending: every caller is about to be stopped
    if (this.env.deterministic)
      return answer(fail('RuntimeError', 'multiprocessing runs in real-time mode only: a deterministic run schedules the threads of one process'));
    const handler = this.handlers[op] as Handler | undefined;
    if (!handler) return answer(fail('RuntimeError', `internal: unknown multiprocessing operation ${op}`));
    if (begin && begin.k !== EventKind.primCreate) this.record(from.tid, [begin]);
    const a = (args ?? {}) as { id?: number; timeoutMs?: number };
    const on = op === 'proc.join' ? (this.procs.procs[a.id ?? -1]?.info.mainThread ?? -1) : (a.id ?? -1);
    let answered = false;
    const settle: Reply = (r) => {
      answered = true;
      this.waits.end(from.tid, op, on, 'ok' in r ? r.ok : undefined, begin?.at ?? -1, this.nowNs());
      answer(r);
    };
    // A put/send is recorded at the moment it took effect, on the coordinator's clock (before any getter had the item).
    const reply: Reply = !effect
      ? settle
      : (r) => {
          const done = 'ok' in r ? (r.ok as Partial<PutDone> | null) : null;
          if (done?.item !== undefined) this.record(from.tid, [{ ...effect, t: done.t!, a: done.size!, q: done.item }]);
          settle(r);
        };
    try {
      handler(from, args as never, reply, begin);
    } catch (e) {
      const err = e as Error;
      reply(fail(err?.name ?? 'Error', err?.message ?? String(e)));
    }
    if (!answered) this.waits.begin(from.tid, op, on, begin?.at ?? -1, a.timeoutMs, this.nowNs());
  }

  private record(tid: number, events: Ev[]): void {
    for (const e of events) this.events.push({ th: tid, e });
  }

  // --- operations -----------------------------------------------------------------------------

  private readonly handlers: Record<string, Handler> = {
    'proc.start': (from, a: { target: string; spec: Uint8Array; name?: string; daemon?: boolean }, reply) => {
      const daemon = a.daemon ?? this.procs.get(from.process).info.daemon;
      const p = this.startProcess(from, 'Process', a.name, daemon, a.target, a.spec);
      reply(ok({ id: p.info.id, pid: p.info.pid, tid: p.info.mainThread, name: p.info.name, daemon }));
    },
    'proc.join': (from, a: { id: number; timeoutMs: number }, reply) => {
      const p = this.procs.get(a.id);
      if (p.info.parent !== from.process) return reply(fail('AssertionError', 'can only join a child process'));
      this.procs.join(p, a.timeoutMs, reply);
    },
    'proc.status': (_from, a: { id: number }, reply) => reply(ok(this.procs.get(a.id).exitCode)),
    'proc.signal': (_from, a: { id: number; signal: 'SIGTERM' | 'SIGKILL' }, reply) => {
      const p = this.procs.get(a.id);
      const how = a.signal === 'SIGTERM' ? 'terminated by SIGTERM (terminate())' : 'killed by SIGKILL (kill())';
      this.procs.signal(p, a.signal, 'killed', how);
      reply(ok(null));
    },

    'queue.new': (from, a: { maxsize: number; joinable: boolean; name?: string }, reply, begin) => {
      const maxsize = Math.max(0, Math.trunc(a.maxsize));
      const id = this.create(from, begin, 'Queue', a.joinable ? 'JoinableQueue' : 'Queue', { maxsize, joinable: a.joinable }, a.name);
      this.objects.set(id, new QueueState(maxsize, a.joinable, () => this.nowNs()));
      reply(ok(id));
    },
    'queue.put': (_f, a: { id: number; bytes: Uint8Array; block: boolean; timeoutMs: number }, reply) =>
      this.obj(a.id, QueueState).put(a.bytes, a.block, a.timeoutMs, reply),
    'queue.get': (_f, a: { id: number; block: boolean; timeoutMs: number }, reply) => this.obj(a.id, QueueState).get(a.block, a.timeoutMs, reply),
    'queue.taskDone': (_f, a: { id: number }, reply) => reply(ok(this.obj(a.id, QueueState).taskDone())),
    'queue.join': (_f, a: { id: number }, reply) => this.obj(a.id, QueueState).join(reply),
    'queue.size': (_f, a: { id: number }, reply) => reply(ok(this.obj(a.id, QueueState).size)),
    'queue.close': (_f, a: { id: number }, reply) => reply(ok(this.obj(a.id, QueueState).close())),

    'pipe.new': (from, a: { duplex: boolean; name?: string }, reply, begin) => {
      const id = this.create(from, begin, 'Pipe', 'Pipe', { duplex: a.duplex }, a.name);
      this.objects.set(id, new PipeState(a.duplex, () => this.nowNs()));
      reply(ok(id));
    },
    'pipe.send': (_f, a: { id: number; end: number; bytes: Uint8Array }, reply) => this.obj(a.id, PipeState).send(a.end, a.bytes, reply),
    'pipe.recv': (_f, a: { id: number; end: number }, reply) => this.obj(a.id, PipeState).recv(a.end, reply),
    'pipe.poll': (_f, a: { id: number; end: number; timeoutMs: number }, reply) => this.obj(a.id, PipeState).poll(a.end, a.timeoutMs, reply),
    'pipe.close': (_f, a: { id: number; end: number }, reply) => reply(ok(this.obj(a.id, PipeState).close(a.end))),

    'sem.new': (from, a: { kind: 'Lock' | 'Semaphore' | 'BoundedSemaphore'; value: number; name?: string }, reply, begin) => {
      if (!(a.value >= 0)) return reply(fail('ValueError', 'semaphore initial value must be >= 0'));
      const id = this.create(from, begin, a.kind, a.kind, a.kind === 'Lock' ? {} : { value: a.value }, a.name);
      this.objects.set(id, new SemState(a.value, a.kind === 'Semaphore' ? Infinity : a.value));
      reply(ok(id));
    },
    'sem.acquire': (_f, a: { id: number; block: boolean; timeoutMs: number }, reply) => this.obj(a.id, SemState).acquire(a.block, a.timeoutMs, reply),
    'sem.release': (_f, a: { id: number }, reply) => this.obj(a.id, SemState).release(reply),
    'sem.value': (_f, a: { id: number }, reply) => reply(ok(this.obj(a.id, SemState).current)),

    'event.new': (from, a: { name?: string }, reply, begin) => {
      const id = this.create(from, begin, 'Event', 'Event', {}, a.name);
      this.objects.set(id, new EventState());
      reply(ok(id));
    },
    'event.set': (_f, a: { id: number }, reply) => reply(ok(this.obj(a.id, EventState).set())),
    'event.clear': (_f, a: { id: number }, reply) => reply(ok(this.obj(a.id, EventState).clear())),
    'event.isSet': (_f, a: { id: number }, reply) => reply(ok(this.obj(a.id, EventState).isSet())),
    'event.wait': (_f, a: { id: number; timeoutMs: number }, reply) => this.obj(a.id, EventState).wait(a.timeoutMs, reply),

    'pool.new': (from, a: { processes: number; name?: string }, reply, begin) => {
      const id = this.create(from, begin, 'Pool', 'Pool', { processes: a.processes }, a.name);
      const pool = new PoolState(id, a.processes);
      this.objects.set(id, pool);
      for (let i = 0; i < a.processes; i++) this.startPoolWorker(from, pool);
      reply(ok(id));
    },
    'pool.submit': (_f, a: { id: number; fn: string; chunks: Uint8Array[]; star: boolean }, reply) =>
      reply(ok(this.obj(a.id, PoolState).submit(a.fn, this.string(a.fn), a.chunks, a.star))),
    'pool.next': (from, a: { id: number; done?: TaskDone }, reply) => this.obj(a.id, PoolState).next(from.process, a.done, reply),
    'pool.result': (_f, a: { id: number; task: number; timeoutMs: number }, reply) => this.obj(a.id, PoolState).result(a.task, a.timeoutMs, reply),
    'pool.any': (_f, a: { id: number; tasks: number[]; timeoutMs: number }, reply) => this.obj(a.id, PoolState).any(a.tasks, a.timeoutMs, reply),
    'pool.ready': (_f, a: { id: number; task: number }, reply) => reply(ok(this.obj(a.id, PoolState).ready(a.task))),
    'pool.close': (_f, a: { id: number }, reply) => reply(ok(this.obj(a.id, PoolState).close())),
    'pool.terminate': (_f, a: { id: number }, reply) => {
      const pool = this.obj(a.id, PoolState);
      pool.terminate();
      for (const w of pool.workers) this.procs.signal(this.procs.get(w), 'SIGTERM', 'killed', 'terminated by SIGTERM (Pool.terminate())');
      reply(ok(null));
    },
    /** Pool.join(): the workers to join, once the pool is closed or terminated. */
    'pool.workers': (_f, a: { id: number }, reply) => {
      const pool = this.obj(a.id, PoolState);
      if (pool.state === 'RUN') return reply(fail('ValueError', 'Pool is still running'));
      const all = this.procs.procs.filter((p) => p.info.pool === a.id);
      reply(ok(all.map((p) => ({ id: p.info.id, tid: p.info.mainThread }))));
    },
  };

  // --- processes ------------------------------------------------------------------------------

  private startProcess(from: Caller, prefix: string, name: string | undefined, daemon: boolean, target: string, spec: Uint8Array, pool?: number): Proc {
    const mainTid = Atomics.add(this.env.ctl, Ctl.NEXT_THREAD, 1) + 1;
    const p = this.procs.add(from.process, prefix, name, daemon, pool === undefined ? target : undefined, mainTid, pool);
    const { bundle, options } = this.env;
    const id = p.info.id;
    p.link = new ChildLink(
      { drain: this.env.drain, send: this.env.send, newTid: () => Atomics.add(this.env.ctl, Ctl.NEXT_THREAD, 1) + 1 },
      this.env.distDir,
      id,
      mainTid,
      from.tid,
      {
        type: 'init',
        identity: { id, name: p.info.name, daemon, pool },
        bundlePath: bundle.path,
        sourceMap: bundle.sourceMap,
        captureSites: options.captureSites,
        sleepScale: options.sleepScale,
        t0Hr: toHr(this.env.t0),
        target,
        spec,
      },
      {
        call: (tid, op, args, begin, effect, reply) => this.call({ process: id, tid }, op, args, begin, effect, reply),
        record: (tid, events) => this.record(tid, events),
        mainDone: (code) => {
          p.mainDoneCode = code;
          void this.procs.atExit(id).then(() => p.link!.send({ type: 'exit' }));
        },
        exited: (exitCode, signal) => {
          this.procs.exited(p, exitCode, signal);
          if (pool !== undefined) this.poolWorkerExited(this.obj(pool, PoolState), p, from);
        },
      },
    );
    p.info.pid = p.link.proc.pid ?? 0;
    this.procs.announce(p);
    // Its lane exists from start(): a child killed before its MainThread ran still ends it with the reason.
    p.link.merge.thread({ id: 1, name: 'MainThread', daemon: false, parent: 0, ident: 1 });
    return p;
  }

  private startPoolWorker(from: Caller, pool: PoolState): void {
    const spec: StartSpec = { args: [pool.id] };
    const p = this.startProcess(from, 'SpawnPoolWorker', undefined, true, POOL_WORKER_TARGET, serialize(spec), pool.id);
    pool.workers.add(p.info.id);
  }

  /** A pool keeps its size while it runs (Python's _maintain_pool): a worker that died is replaced. */
  private poolWorkerExited(pool: PoolState, p: Proc, starter: Caller): void {
    pool.workerExited(p.info.id, `${p.info.name} (pid ${p.info.pid}) ${p.info.reason}`);
    if (pool.state === 'RUN' && p.exitCode !== 0 && this.procs.canStart(starter.process)) this.startPoolWorker(starter, pool);
  }

  // --- tables ---------------------------------------------------------------------------------

  private obj<T>(id: number, type: new (...a: never[]) => T): T {
    const o = this.objects.get(id);
    if (!(o instanceof type)) throw new Error(`internal: multiprocessing object ${id} is not a ${type.name}`);
    return o;
  }

  /** A new cross-process primitive: a trace-wide id, its name from the creating line, its creation event. */
  private create(from: Caller, begin: Ev | undefined, kind: PrimKindName, ctor: string, init: PrimitiveInfo['init'], given?: string): number {
    const id = this.env.drain.allocatePrimitiveId();
    const site = begin?.at ?? -1;
    const name = given ?? this.nameAt(site, ctor) ?? `${ctor}-${id}`;
    this.env.send({ type: 'primitive', primitive: { id, kind, name, site, creator: from.tid, init: { ...init, crossProcess: true } } });
    this.primNames.set(id, `${kind} \`${name}\``);
    if (kind === 'Lock') this.waits.addLock(id);
    if (begin) this.record(from.tid, [{ ...begin, p: id, a: PrimKind[kind], q: -1 }]);
    return id;
  }

  private nameAt(site: number, ctor: string): string | undefined {
    const line = site >= 0 ? this.env.drain.sourceLine(site) : undefined;
    if (ctor === 'Pipe') {
      const m = line && /\[\s*([\w$]+)\s*,\s*([\w$]+)\s*\]\s*=\s*(?:[\w$]+\.)?Pipe\s*\(/.exec(line);
      return m ? `${m[1]}/${m[2]}` : undefined;
    }
    return inferName(line, ctor);
  }

  /** Trace string id of `text` (one per distinct text). */
  private string(text: string): number {
    let id = this.strings.get(text);
    if (id === undefined) {
      id = this.env.drain.strings.push(text) - 1;
      this.strings.set(text, id);
      this.env.send({ type: 'strings', base: id, strings: [text] });
    }
    return id;
  }

  // --- events ---------------------------------------------------------------------------------

  private nowNs(): number {
    return Math.round((performance.now() - this.env.t0) * 1e6);
  }

  /** An event of one of the runner's own threads: its clock is ours, its site ref our heap's. */
  private local([k, t, p, a, q, l, at]: LocalEv): Ev {
    return { k, t: Math.round((t - this.env.t0) * 1e6), p, a, q, l, at: at > 0 ? this.env.drain.site(at) : -1 };
  }

  private batch(list: { th: number; e: Ev }[]): EventBatch {
    const n = list.length;
    const b = allocBatch(n);
    list.forEach(({ th, e }, i) => {
      b.t[i] = e.t;
      b.th[i] = th;
      b.k[i] = e.k;
      b.p[i] = e.p;
      b.a[i] = e.a;
      b.q[i] = e.q === -1 ? NaN : e.q;
      // -1 in l means "did not wait" for the wake-up kinds; elsewhere l is unused.
      b.l[i] = e.l === -1 && e.k !== EventKind.acquired && e.k !== EventKind.eventWake ? NaN : e.l;
      b.at[i] = e.at;
    });
    return b;
  }
}
