// One scenario run inside the runner process: bundle, shared buffers, a pool of prepared
// workers, the drain loop that streams events to the host, the watchdog that ends deadlocks and
// stalls, the time limit, and the outcome. Nothing here blocks: only scenario workers wait.
import { dirname } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { explainStuck, findStuck, type Namer, type StuckVerdict, type WaitSnapshot } from '../../core/analysis/stuck';
import type { RunOptions, RunnerToHost, ScenarioEntry, StepCommand } from '../../core/protocol/runner';
import type { Outcome, ScenarioError, ThreadInfo, TraceMeta } from '../../core/trace/format';
import { exitReasonName } from '../../core/trace/kinds';
import { formatDuration } from '../../core/format/time';
import type { RunnerToWorker, WorkerInit, WorkerToRunner } from '../worker/protocol';
import { newRingBuffer } from '../shm/ring';
import { SharedHeap } from '../shm/heap';
import { CONTROL_BYTES, Ctl, POOL_INDEX, Slot, ThreadState, slotIndex } from '../shm/layout';
import { bundleScenario, BundleError, type Bundle } from './bundle';
import { Drain } from './drain';
import { WORKER_HEAP_MB, type WorkerPark } from './park';
import { takeSnapshot } from './snapshot';
import { MpCoordinator } from '../mp/coordinator';
import { DeterministicControl } from './deterministic';
import { canonicalSink } from './deterministic-sink';
import { toolVersion } from '../tool-version';

const HEAP_BYTES = 64 << 20;
const DRAIN_MS = 5;
const WATCHDOG_MS = 50;
/** Pool workers loaded before the clock starts, so start() finds one ready. */
export const DEFAULT_PREWARM = 6;

interface PooledWorker {
  worker: Worker;
  ring: SharedArrayBuffer;
  loaded: Promise<WorkerToRunner & { type: 'loaded' | 'loadError' }>;
  tid: number;
}

export type Send = (m: RunnerToHost) => void;

export class Run {
  private control = new SharedArrayBuffer(CONTROL_BYTES);
  private ctl = new Int32Array(this.control);
  private heapBuffer = new SharedArrayBuffer(HEAP_BYTES);
  private heap = new SharedHeap(this.heapBuffer, this.control);
  private bundle?: Bundle;
  private drain?: Drain;
  /** Multiprocessing: child processes and the cross-process objects (src/runtime/mp). */
  private mp?: MpCoordinator;
  private t0 = 0;
  private pool: PooledWorker[] = [];
  private byTid = new Map<number, PooledWorker>();
  private timers: NodeJS.Timeout[] = [];
  private ending = false;
  private candidate = '';
  private threads = new Map<number, ThreadInfo>();
  private resolveDone!: () => void;
  readonly done = new Promise<void>((r) => (this.resolveDone = r));
  /** Deterministic mode: the controlled scheduler's state and its watchers. */
  private readonly det?: DeterministicControl;
  private readonly send: Send;
  private metaSent?: TraceMeta;

  constructor(
    private readonly options: RunOptions,
    send: Send,
    private readonly distDir: string,
    /** The runner process's workers booted ahead; it boots new ones when none is left. */
    private readonly park: WorkerPark,
  ) {
    SharedHeap.initialize(this.control);
    const d = options.deterministic;
    this.det = d ? new DeterministicControl(d) : undefined;
    // A deterministic run goes out in canonical order at its end; step mode streams, for the person watching.
    this.send = d && !d.step ? canonicalSink(send) : send;
  }

  /** Loads the file in one worker and reports its scenarios. */
  async list(): Promise<ScenarioEntry[] | ScenarioError> {
    try {
      this.bundle = await bundleScenario(this.options.file);
      const w = this.spawn('list');
      const loaded = await w.loaded;
      await w.worker.terminate();
      if (loaded.type === 'loadError') return this.loadError(loaded.message, loaded.stack);
      return loaded.scenarios;
    } catch (e) {
      return e instanceof BundleError ? e.error : { kind: 'internal', message: String((e as Error)?.stack ?? e) };
    }
  }

  async start(): Promise<void> {
    try {
      this.bundle = await bundleScenario(this.options.file);
    } catch (e) {
      return this.fail(e instanceof BundleError ? e.error : { kind: 'internal', message: String((e as Error)?.stack ?? e) });
    }
    if (this.ending) return;
    Atomics.store(this.ctl, Ctl.NEXT_THREAD, 1);
    const main = this.spawn('main');
    for (let i = 0; i < this.prewarm; i++) this.pool.push(this.spawn('pool'));
    const loaded = await main.loaded;
    if (this.ending) return;
    if (loaded.type === 'loadError') {
      this.terminateAll();
      return this.fail(this.loadError(loaded.message, loaded.stack));
    }
    const chosen = this.choose(loaded.scenarios);
    if ('kind' in chosen) {
      this.terminateAll();
      return this.fail(chosen);
    }
    // The run's clock starts once the pool has loaded: a worker's load (~20 ms of CPU each) would
    // otherwise show as a slow start() and stagger threads that Python starts together.
    await Promise.all(this.pool.map((w) => w.loaded));
    if (this.ending) return;

    this.t0 = this.det ? 0 : performance.now();
    this.drain = new Drain(this.heap, this.t0, dirname(this.options.file));
    const mpEnv = { send: this.send, drain: this.drain, ctl: this.ctl, t0: this.t0, distDir: this.distDir, bundle: this.bundle!, options: this.options };
    this.mp = new MpCoordinator({ ...mpEnv, deterministic: this.det !== undefined });
    for (const w of [main, ...this.pool]) this.drain.add(w.ring);
    this.metaSent = this.meta(chosen);
    this.send({ type: 'meta', meta: this.metaSent });
    this.byTid.set(1, main);
    main.tid = 1;
    this.ctl[slotIndex(1, Slot.NAME)] = this.heap.writeString('MainThread');
    this.ctl[slotIndex(1, Slot.INTERVAL)] = -1;
    Atomics.store(this.ctl, slotIndex(1, Slot.STATE), ThreadState.starting);
    this.announceThread(1);
    main.worker.postMessage({ type: 'main', scenario: chosen.name } satisfies RunnerToWorker);

    this.timers.push(setInterval(() => this.flush(), DRAIN_MS));
    if (this.det) {
      // The scheduler knows exactly when nobody can run; a person stepping has no time limit.
      this.det.watch((why) => this.onSchedulerEnd(why), () => this.onPause());
      if (!this.det.stepMode) this.timers.push(setTimeout(() => this.end('timeout'), this.options.timeLimitS * 1000));
      return;
    }
    this.timers.push(setInterval(() => this.watch(), WATCHDOG_MS));
    this.timers.push(setTimeout(() => this.end('timeout'), this.options.timeLimitS * 1000));
  }

  stop(): void {
    void this.end('stopped');
  }

  /** Step mode: the person's answer to the current pause. */
  step(command: StepCommand): void {
    if (!this.ending) this.det?.answer(command);
  }

  private onSchedulerEnd(why: 'stuck' | 'steps'): void {
    if (why === 'steps') return void this.end('timeout');
    const snapshot = this.snapshot();
    // Every live thread waits: a cycle is a deadlock; anything else is a stall (the scheduler saw nobody able to wake them).
    const verdict: StuckVerdict = findStuck(snapshot) ?? { kind: 'stall', stuck: snapshot.blocked.map(({ timed: _t, ...b }) => b) };
    void this.end(verdict.kind, undefined, verdict);
  }

  private onPause(): void {
    if (this.ending) return;
    this.flush();
    const pause = this.det!.pause(this.ctl, this.heap, this.drain!, (id) => {
      const p = [...this.drain!.primitives.values()].find((x) => x.id === id);
      return p ? `${p.kind} \`${p.name}\`` : '';
    });
    this.send({ type: 'paused', pause });
  }

  private get prewarm(): number {
    return Math.max(0, this.options.prewarm ?? DEFAULT_PREWARM);
  }

  /** A new worker; a pool worker gets a mailbox, already holding `handTid` if a thread waits for it. */
  private spawn(role: 'main' | 'pool' | 'list', handTid = 0): PooledWorker {
    const ring = newRingBuffer();
    let mailbox = -1;
    if (role === 'pool') {
      // Publish the mailbox as "loading" (-1) or handed, never as a zero a starter could claim.
      mailbox = Atomics.load(this.ctl, Ctl.POOL_COUNT);
      Atomics.store(this.ctl, POOL_INDEX + mailbox, handTid || -1);
      Atomics.add(this.ctl, Ctl.POOL_COUNT, 1);
    }
    const init: WorkerInit = {
      role,
      mailbox,
      control: this.control,
      heap: this.heapBuffer,
      ring,
      bundlePath: this.bundle!.path,
      sourceMap: this.bundle!.sourceMap,
      captureSites: this.options.captureSites,
      sleepScale: this.options.sleepScale,
      sched: this.det?.buffer,
    };
    const worker = this.park.take(init);
    const pw: PooledWorker = {
      worker,
      ring,
      tid: 0,
      loaded: new Promise((resolve) => {
        worker.on('message', (m: WorkerToRunner) => {
          if (m.type === 'loaded' || m.type === 'loadError') resolve(m);
          else this.onWorkerMessage(pw, m);
        });
        worker.on('error', (e) => {
          resolve({ type: 'loadError', message: e.message, stack: e.stack });
          this.onWorkerError(pw, e);
        });
      }),
    };
    worker.on('exit', (code) => this.onWorkerExit(pw, code));
    this.drain?.add(ring);
    return pw;
  }

  private onWorkerMessage(w: PooledWorker, m: WorkerToRunner): void {
    if (this.ending) return;
    if (m.type === 'start') {
      // No idle worker was there to claim: hand this thread to a new one.
      this.spawn('pool', m.tid);
    } else if (m.type === 'running') {
      w.tid = m.tid;
      this.byTid.set(m.tid, w);
      this.pool = this.pool.filter((p) => p !== w);
      this.announceThread(m.tid);
      if (this.pool.length < this.prewarm) this.pool.push(this.spawn('pool'));
    } else if (m.type === 'ended') {
      void w.worker.terminate();
    } else if (m.type === 'mainDone') {
      // As Python at exit: daemonic child processes are terminated, the others joined first.
      const kind = m.raised ? 'exception' : 'completed';
      void this.mp!.atExit().then(() => this.end(kind));
    } else if (m.type === 'mp' || m.type === 'mpRec') {
      this.mp!.fromThread(m);
    }
  }

  private onWorkerError(w: PooledWorker, e: Error): void {
    if (this.ending || w.tid === 0) return;
    const info = this.threads.get(w.tid);
    if (info) {
      info.exit = 'killed';
      const oom = (e as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY';
      info.error = { message: oom ? `out of memory: the thread used more than ${WORKER_HEAP_MB} MB and was stopped` : e.message, stack: e.stack };
    }
  }

  private onWorkerExit(w: PooledWorker, code: number): void {
    if (w.tid !== 0) this.drain?.close(w.tid);
    if (this.ending || w.tid === 0) return;
    const state = Atomics.load(this.ctl, slotIndex(w.tid, Slot.STATE));
    if (state === ThreadState.done) return;
    const info = this.threads.get(w.tid);
    if (info?.exit === 'killed') {
      // Out of memory or an uncaught error outside the target: the thread is gone, the run goes on.
      Atomics.store(this.ctl, slotIndex(w.tid, Slot.STATE), ThreadState.done);
      Atomics.notify(this.ctl, slotIndex(w.tid, Slot.STATE));
      return;
    }
    void this.end('exited', code);
  }

  private flush(): void {
    const d = this.drain!.drain();
    if (d.sites.length) this.send({ type: 'sites', base: this.drain!.sites.length - d.sites.length, sites: d.sites });
    if (d.strings.length) this.send({ type: 'strings', base: this.drain!.strings.length - d.strings.length, strings: d.strings });
    for (const p of d.primitives) this.send({ type: 'primitive', primitive: p });
    if (d.batch) this.send({ type: 'events', batch: d.batch });
    this.mp?.flush();
  }

  private watch(): void {
    if (this.ending) return;
    const verdict = findStuck(this.snapshot());
    if (!verdict) {
      this.candidate = '';
      return;
    }
    // Two looks WATCHDOG_MS apart must agree: a thread just notified may still show as waiting.
    const key = JSON.stringify(verdict);
    if (key !== this.candidate) {
      this.candidate = key;
      return;
    }
    void this.end(verdict.kind, undefined, verdict);
  }

  /** Who waits for what: the thread table, plus the threads of every process waiting in the mp coordinator. */
  private snapshot(): WaitSnapshot {
    // A snapshot names primitives by the ids the drain has given them: read every creation first.
    this.flush();
    const local = takeSnapshot(this.ctl, this.heap, this.drain!, this.t0);
    return this.mp ? this.mp.snapshot(local) : local;
  }

  private async end(kind: Outcome['kind'], exitCode?: number, verdict?: StuckVerdict): Promise<void> {
    if (this.ending) return;
    this.ending = true;
    if (!this.drain) {
      // Stopped while bundling or loading: nothing ran, nothing to drain.
      await this.terminateAll();
      this.send({ type: 'outcome', outcome: { kind, summary: 'Stopped before the scenario started', explanation: 'The run was stopped while the scenario was still loading.', durationNs: 0 } });
      this.resolveDone();
      return;
    }
    const endNs = this.det ? this.det.nowNs() : (performance.now() - this.t0) * 1e6;
    this.det?.stop();
    const atTimeout = kind === 'timeout' || kind === 'stopped' ? findStuck(this.snapshot()) : undefined;
    for (const t of this.timers) clearInterval(t);
    Atomics.store(this.ctl, Ctl.STOP, 1);
    await this.mp?.shutdown(kind);
    await this.terminateAll();
    this.drain!.closeAll();
    this.flush();
    // A thread's 'running' message can trail MainThread's end: announce from the table what ran.
    const last = Atomics.load(this.ctl, Ctl.NEXT_THREAD);
    for (let tid = 1; tid <= last; tid++) {
      if (!this.threads.has(tid) && Atomics.load(this.ctl, slotIndex(tid, Slot.STATE)) >= ThreadState.starting) this.announceThread(tid);
    }
    const normalExit = kind === 'completed' || kind === 'exception';
    for (const [tid, info] of this.threads) {
      const state = Atomics.load(this.ctl, slotIndex(tid, Slot.STATE));
      info.name = this.heap.readString(this.ctl[slotIndex(tid, Slot.NAME)]);
      if (state === ThreadState.done && info.exit !== 'killed') info.exit = exitReasonName[this.ctl[slotIndex(tid, Slot.EXIT)]] as ThreadInfo['exit'];
      else if (state !== ThreadState.done && info.exit !== 'killed') info.exit = normalExit && info.daemon ? 'cutoff' : 'stopped';
      if (info.exit === 'exception') info.error = this.drain!.exceptions.get(tid);
      this.send({ type: 'thread', thread: info });
    }
    if (this.det && this.metaSent) this.send({ type: 'meta', meta: { ...this.metaSent, schedule: this.det.schedule() } });
    this.send({ type: 'outcome', outcome: this.outcome(kind, endNs, verdict ?? atTimeout, exitCode) });
    this.resolveDone();
  }

  private outcome(kind: Outcome['kind'], durationNs: number, verdict: StuckVerdict | undefined, exitCode?: number): Outcome {
    const drain = this.drain!;
    const exceptions = [...drain.exceptions].map(([thread, e]) => ({ thread, message: e.message }));
    const base = { kind, durationNs, shared: this.sharedValues(), exceptions: exceptions.length ? exceptions : undefined };
    const name = (tid: number) => this.mp?.threadName(tid) ?? this.threads.get(tid)?.name ?? `thread ${tid}`;
    const namer: Namer = {
      thread: name,
      prim: (id) => {
        const p = [...drain.primitives.values()].find((x) => x.id === id);
        return p ? `${p.kind} \`${p.name}\`` : (this.mp?.primName(id) ?? `primitive ${id}`);
      },
      site: (idx) => (idx !== undefined && idx >= 0 ? drain.sites[idx] : 'an unknown line'),
      acquiredAt: (prim, thread) => {
        const a = drain.lastAcquired.get(prim) ?? this.mp?.lockHolder(prim);
        return a && a.thread === thread ? `${drain.sites[a.at] ?? "an unknown line"} (at ${formatDuration(a.t)})` : undefined;
      },
    };
    switch (kind) {
      case 'deadlock':
      case 'stall': {
        const text = explainStuck(verdict!, namer);
        return { ...base, ...text, stuck: verdict!.stuck, cycle: verdict!.kind === 'deadlock' ? verdict!.cycle : undefined };
      }
      case 'timeout':
      case 'stopped': {
        const head =
          kind === 'timeout'
            ? `Timeout: the scenario ran longer than its limit of ${this.options.timeLimitS} s and was stopped`
            : 'Stopped before it finished';
        const stuck = verdict ? explainStuck(verdict, namer) : undefined;
        return {
          ...base,
          summary: head,
          explanation: [head + '; the trace up to that moment is kept.', stuck ? `At that moment — ${stuck.summary}.\n${stuck.explanation}` : ''].filter(Boolean).join('\n'),
          stuck: verdict?.stuck,
        };
      }
      case 'exited':
        return {
          ...base,
          exitCode,
          summary: `Exited: the scenario called process.exit(${exitCode ?? ''}), which ends the whole run`,
          explanation: 'process.exit ends the process, not just the calling thread; the trace up to that moment is kept.',
        };
      case 'exception': {
        const e = drain.exceptions.get(1);
        return {
          ...base,
          summary: `MainThread raised ${e?.message.split('\n')[0] ?? 'an exception'}`,
          explanation: 'The scenario function threw; as in Python, the run still waited for the other non-daemon threads before it ended.',
        };
      }
      default: {
        const failed = exceptions.filter((x) => x.thread !== 1);
        const killed = [...this.threads.values()].filter((t) => t.exit === 'killed');
        const problems = failed.length + killed.length;
        return {
          ...base,
          summary: `Completed in ${formatDuration(durationNs)}${problems ? ` (${problems} thread${problems > 1 ? 's' : ''} failed)` : ''}`,
          explanation: [
            ...failed.map((x) => `Exception in thread ${name(x.thread)}: ${x.message.split('\n')[0]}`),
            ...killed.map((t) => `Thread ${t.name} was killed: ${t.error?.message ?? 'its worker died'}`),
          ].join('\n'),
        };
      }
    }
  }

  private sharedValues(): Outcome['shared'] {
    const out: NonNullable<Outcome['shared']> = {};
    for (const [ref, info] of this.drain!.primitives) {
      if (info.kind !== 'Shared') continue;
      const names = info.init!.fields as string[];
      const boolMask = this.heap.i32[(ref >> 2) + 3];
      const rec: Record<string, number | boolean> = {};
      names.forEach((n, i) => {
        const v = this.heap.f64[(ref >> 3) + 2 + i];
        rec[n] = boolMask & (1 << i) ? v !== 0 : v;
      });
      out[info.name] = rec;
    }
    return Object.keys(out).length ? out : undefined;
  }

  private announceThread(tid: number): void {
    const ctl = this.ctl;
    const interval = ctl[slotIndex(tid, Slot.INTERVAL)];
    const target = ctl[slotIndex(tid, Slot.TARGET)];
    const info: ThreadInfo = {
      id: tid,
      name: this.heap.readString(ctl[slotIndex(tid, Slot.NAME)]),
      daemon: ctl[slotIndex(tid, Slot.DAEMON)] === 1,
      parent: ctl[slotIndex(tid, Slot.PARENT)],
      ident: tid,
      target: target ? this.heap.readString(target) : undefined,
      timerInterval: interval >= 0 ? interval / 1000 : undefined,
    };
    this.threads.set(tid, info);
    this.send({ type: 'thread', thread: info });
  }

  private choose(scenarios: ScenarioEntry[]): ScenarioEntry | ScenarioError {
    const file = this.options.file;
    if (this.options.scenario !== undefined) {
      const s = scenarios.find((x) => x.name === this.options.scenario || x.title === this.options.scenario);
      if (s) return s;
      const names = scenarios.map((x) => x.name).join(', ') || 'none';
      return { kind: 'usage', file, message: `no scenario named '${this.options.scenario}' in ${file} (it has: ${names})` };
    }
    if (scenarios.length === 1) return scenarios[0];
    if (scenarios.length === 0) {
      return { kind: 'usage', file, message: `${file} exports no scenario: add \`export default scenario('title', () => { ... })\`` };
    }
    return { kind: 'usage', file, message: `${file} has several scenarios (${scenarios.map((s) => s.name).join(', ')}): choose one with --scenario NAME` };
  }

  private meta(s: ScenarioEntry): TraceMeta {
    return {
      tool: 'interleave',
      toolVersion: toolVersion(this.distDir),
      file: this.options.file,
      root: dirname(this.options.file),
      scenario: s.name,
      title: s.title,
      mode: this.det ? 'deterministic' : 'realtime',
      seed: this.options.deterministic?.seed,
      startedAt: new Date().toISOString(),
      clock: 'ns-since-start',
      timeLimitS: this.options.timeLimitS,
      sleepScale: this.options.sleepScale,
      platform: `${process.platform}-${process.arch} node ${process.version}`,
    };
  }

  private loadError(message: string, stack?: string): ScenarioError {
    const file = this.options.file;
    const m = stack && new RegExp(`${escapeRe(file)}:(\\d+):(\\d+)`).exec(stack);
    return { kind: 'load', message: `${message}${stack ? `\n${stack}` : ''}`, file, line: m ? Number(m[1]) : undefined, col: m ? Number(m[2]) : undefined };
  }

  private fail(error: ScenarioError): void {
    this.send({ type: 'error', error });
    const where = error.line ? `${error.file}:${error.line}:${error.col ?? 1}: ` : '';
    this.send({
      type: 'outcome',
      outcome: { kind: 'error', summary: `${where}${error.message.split('\n')[0]}`, explanation: error.message, durationNs: 0, error },
    });
    this.resolveDone();
  }

  private async terminateAll(): Promise<void> {
    const all = [...this.pool, ...this.byTid.values()];
    this.pool = [];
    await Promise.all(all.map((w) => w.worker.terminate()));
  }
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

