// One scenario run inside the runner process, from bundling to the outcome. Its parts: the worker
// pool (pool.ts), the drain pump that streams events to the host (pump.ts), the watchdog that ends
// deadlocks and stalls (watchdog.ts) or the deterministic scheduler's hooks (deterministic.ts), the
// thread table (threads.ts); the outcome's wording is core's (core/analysis/outcome.ts). Nothing
// here blocks: only scenario workers wait.
import { dirname } from 'node:path';
import { errorOutcome, explainOutcome, recordingStoppedText, stoppedBeforeStart } from '../../core/analysis/outcome';
import { acquiredAtText } from '../../core/analysis/last-acquired';
import { findStuck, type Namer, type StuckVerdict, type WaitSnapshot } from '../../core/analysis/stuck';
import type { RunOptions, RunnerToHost, ScenarioEntry, StepCommand } from '../../core/protocol/runner';
import type { Outcome, OutcomeKind, ScenarioError, TraceMeta } from '../../core/trace/format';
import { MpCoordinator } from '../mp/coordinator';
import { SharedHeap } from '../shm/heap';
import { CONTROL_BYTES, Ctl, Slot, ThreadState, slotIndex } from '../shm/layout';
import type { RunnerToWorker, WorkerToRunner } from '../worker/protocol';
import { bundleScenario, BundleError, type Bundle } from './bundle';
import { DeterministicControl } from './deterministic';
import { canonicalSink } from './deterministic-sink';
import { RunStore } from './store';
import { Drain } from './drain';
import { chooseScenario, loadError } from './load';
import { WORKER_HEAP_MB, type WorkerPark } from './park';
import { WorkerPool, type PooledWorker } from './pool';
import { DrainPump } from './pump';
import { sharedValues } from './shared-values';
import { takeSnapshot } from './snapshot';
import { ThreadTable } from './threads';
import { Watchdog } from './watchdog';
import { toolVersion } from '../tool-version';

const HEAP_BYTES = 64 << 20;
/** Pool workers loaded before the clock starts, so start() finds one ready. */
export const DEFAULT_PREWARM = 6;

export type Send = (m: RunnerToHost) => void;

export class Run {
  private readonly control = new SharedArrayBuffer(CONTROL_BYTES);
  readonly ctl = new Int32Array(this.control);
  private readonly heapBuffer = new SharedArrayBuffer(HEAP_BYTES);
  readonly heap = new SharedHeap(this.heapBuffer, this.control);
  private pool?: WorkerPool;
  private pump?: DrainPump;
  private watchdog?: Watchdog;
  /** Multiprocessing: child processes and the cross-process objects (src/runtime/mp). */
  private mp?: MpCoordinator;
  private readonly threads = new ThreadTable(this.ctl, this.heap, (thread) => this.send({ type: 'thread', thread }));
  private t0 = 0;
  private timeLimit?: NodeJS.Timeout;
  private isEnding = false;
  private resolveDone!: () => void;
  readonly done = new Promise<void>((r) => (this.resolveDone = r));
  /** Deterministic mode: the controlled scheduler's state and its watchers. */
  private readonly det?: DeterministicControl;
  private readonly send: Send;
  /** The binary trace the run is recorded into, when the host asked for one. */
  private readonly store?: RunStore;
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
    // The store sees what the host sees, in the same order (a deterministic run's canonical one);
    // an event or size limit, or a full disk, ends the run with what was recorded.
    if (options.store) this.store = new RunStore({ ...options, store: options.store }, send, () => void this.end('stopped'));
    const out = this.store?.send ?? send;
    this.send = d && !d.step ? canonicalSink(out) : out;
  }

  /** Loads the file in one worker and reports its scenarios. */
  async list(): Promise<ScenarioEntry[] | ScenarioError> {
    try {
      const w = this.newPool(await bundleScenario(this.options.file)).spawnAlone('list');
      const loaded = await w.loaded;
      await w.worker.terminate();
      if (loaded.type === 'loadError') return loadError(this.options.file, loaded.message, loaded.stack);
      return loaded.scenarios;
    } catch (e) {
      return e instanceof BundleError ? e.error : { kind: 'internal', message: String((e as Error)?.stack ?? e) };
    }
  }

  async start(): Promise<void> {
    let bundle: Bundle;
    try {
      bundle = await bundleScenario(this.options.file, this.options.captureSites && this.options.siteMarks !== false);
    } catch (e) {
      return this.fail(e instanceof BundleError ? e.error : { kind: 'internal', message: String((e as Error)?.stack ?? e) });
    }
    if (this.isEnding) return;
    Atomics.store(this.ctl, Ctl.NEXT_THREAD, 1);
    const pool = this.newPool(bundle);
    const main = pool.spawnAlone('main');
    const poolLoaded = pool.fill();
    const loaded = await main.loaded;
    if (this.isEnding) return;
    const chosen =
      loaded.type === 'loadError'
        ? loadError(this.options.file, loaded.message, loaded.stack)
        : chooseScenario(loaded.scenarios, this.options.file, this.options.scenario);
    if ('kind' in chosen) {
      void pool.terminateAll();
      return this.fail(chosen);
    }
    // The run's clock starts once the pool has loaded: a worker's load (~20 ms of CPU each) would
    // otherwise show as a slow start() and stagger threads that Python starts together.
    await poolLoaded;
    if (this.isEnding) return;

    this.t0 = this.det ? 0 : performance.now();
    const drain = new Drain(this.heap, this.t0, dirname(this.options.file));
    // The store copies each batch (a forward to the host is serialized as it is sent); a
    // deterministic run's canonical sink keeps them.
    drain.reuseBatches = this.store !== undefined && !this.det;
    const mpEnv = { send: this.send, drain, ctl: this.ctl, t0: this.t0, distDir: this.distDir, bundle, options: this.options };
    this.mp = new MpCoordinator({ ...mpEnv, deterministic: this.det !== undefined });
    this.pump = new DrainPump(drain, this.send, this.mp, this.ctl);
    for (const w of pool.all()) drain.add(w.ring);
    this.metaSent = this.meta(chosen);
    this.send({ type: 'meta', meta: this.metaSent });
    pool.running(main, 1);
    this.ctl[slotIndex(1, Slot.NAME)] = this.heap.writeString('MainThread');
    this.ctl[slotIndex(1, Slot.INTERVAL)] = -1;
    Atomics.store(this.ctl, slotIndex(1, Slot.STATE), ThreadState.starting);
    this.threads.announce(1);
    main.worker.postMessage({ type: 'main', scenario: chosen.name } satisfies RunnerToWorker);

    this.pump.start();
    // A person stepping has no time limit.
    if (!this.det?.stepMode) this.timeLimit = setTimeout(() => void this.end('timeout'), this.options.timeLimitS * 1000);
    if (this.det) {
      // The scheduler knows exactly when nobody can run.
      this.det.attach({
        ctl: this.ctl,
        heap: this.heap,
        ending: () => this.isEnding,
        flush: () => (this.pump!.flush(), drain),
        snapshot: () => this.snapshot(),
        end: (kind, verdict) => void this.end(kind, undefined, verdict),
        paused: (pause) => this.send({ type: 'paused', pause }),
      });
    } else {
      this.watchdog = new Watchdog(
        () => this.snapshot(),
        (verdict) => void this.end(verdict.kind, undefined, verdict),
      );
      this.watchdog.start();
    }
  }

  stop(): void {
    void this.end('stopped');
  }

  /** Step mode: the person's answer to the current pause. */
  step(command: StepCommand): void {
    if (!this.isEnding) this.det?.answer(command);
  }

  private newPool(bundle: Bundle): WorkerPool {
    const init = {
      control: this.control,
      heap: this.heapBuffer,
      bundlePath: bundle.path,
      sourceMap: bundle.sourceMap,
      captureSites: this.options.captureSites,
      sleepScale: this.options.sleepScale,
      sched: this.det?.buffer,
    };
    this.pool = new WorkerPool(this.ctl, this.park, init, Math.max(0, this.options.prewarm ?? DEFAULT_PREWARM), {
      message: (w, m) => this.onWorkerMessage(w, m),
      error: (w, e) => this.onWorkerError(w, e),
      exit: (w, code) => this.onWorkerExit(w, code),
      ring: (ring) => this.pump?.drain.add(ring),
    });
    return this.pool;
  }

  private onWorkerMessage(w: PooledWorker, m: WorkerToRunner): void {
    if (this.isEnding) return;
    if (m.type === 'start') {
      this.pool!.handTo(m.tid);
    } else if (m.type === 'running') {
      this.pool!.running(w, m.tid);
      this.threads.announce(m.tid);
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
    if (this.isEnding || w.tid === 0) return;
    const oom = (e as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY';
    this.threads.kill(w.tid, { message: oom ? `out of memory: the thread used more than ${WORKER_HEAP_MB} MB and was stopped` : e.message, stack: e.stack });
  }

  private onWorkerExit(w: PooledWorker, code: number): void {
    if (w.tid !== 0) this.pump?.drain.close(w.tid);
    if (this.isEnding || w.tid === 0) return;
    const state = Atomics.load(this.ctl, slotIndex(w.tid, Slot.STATE));
    if (state === ThreadState.done) return;
    if (this.threads.get(w.tid)?.exit === 'killed') {
      // Out of memory or an uncaught error outside the target: the thread is gone, the run goes on.
      Atomics.store(this.ctl, slotIndex(w.tid, Slot.STATE), ThreadState.done);
      Atomics.notify(this.ctl, slotIndex(w.tid, Slot.STATE));
      return;
    }
    void this.end('exited', code);
  }

  /** Who waits for what: the thread table, plus the threads of every process waiting in the mp coordinator. */
  private snapshot(): WaitSnapshot {
    // A snapshot names primitives by the ids the drain has given them: read every creation first.
    this.pump!.flush();
    const local = takeSnapshot(this.ctl, this.heap, this.pump!.drain, this.t0);
    return this.mp ? this.mp.snapshot(local) : local;
  }

  /** The end sequence: stop the clock and the watchers, end every process and worker, drain the rest, report. */
  private async end(kind: OutcomeKind, exitCode?: number, verdict?: StuckVerdict): Promise<void> {
    if (this.isEnding) return;
    this.isEnding = true;
    const pump = this.pump;
    if (!pump) {
      // Stopped while bundling or loading: nothing ran, nothing to drain.
      await this.pool?.terminateAll();
      this.send({ type: 'outcome', outcome: stoppedBeforeStart(kind) });
      this.resolveDone();
      return;
    }
    const endNs = this.det ? this.det.nowNs() : (performance.now() - this.t0) * 1e6;
    if (this.store) this.store.scenarioEndMs = performance.timeOrigin + performance.now();
    this.det?.stop();
    const atTimeout = kind === 'timeout' || kind === 'stopped' ? findStuck(this.snapshot()) : undefined;
    clearTimeout(this.timeLimit);
    this.watchdog?.stop();
    pump.stop();
    Atomics.store(this.ctl, Ctl.STOP, 1);
    await this.mp?.shutdown(kind);
    // Ending 5 workers takes ~30 ms: when every thread has ended (a run that completed without daemons left), their
    // rings are final, so the outcome goes first. Otherwise the live ones must stop before their rings are read.
    const terminated = this.pool!.terminateAll();
    if (!this.threads.allDone()) await terminated;
    pump.drain.closeAll();
    pump.flush();
    this.threads.finish(kind, pump.drain.exceptions);
    if (this.det && this.metaSent) this.send({ type: 'meta', meta: { ...this.metaSent, schedule: this.det.schedule() } });
    this.send({ type: 'outcome', outcome: this.outcome(kind, endNs, verdict ?? atTimeout, exitCode) });
    await terminated;
    this.resolveDone();
  }

  private outcome(kind: OutcomeKind, durationNs: number, verdict: StuckVerdict | undefined, exitCode?: number): Outcome {
    const drain = this.pump!.drain;
    const exceptions = [...drain.exceptions].map(([thread, e]) => ({ thread, message: e.message }));
    const killed = this.threads.killed().map((t) => ({ name: t.name, message: t.error?.message }));
    const why = kind === 'stopped' ? this.store?.stop : undefined;
    if (why) return { kind, durationNs, ...recordingStoppedText(why), shared: sharedValues(this.heap, drain.primitives) };
    const recorderWaits = this.threads.recorderWaits();
    const text = explainOutcome(
      { kind, durationNs, verdict, timeLimitS: this.options.timeLimitS, exitCode, exceptions, killed, recorderWaits },
      this.namer(drain),
    );
    const base = { kind, durationNs, shared: sharedValues(this.heap, drain.primitives), exceptions: exceptions.length ? exceptions : undefined };
    return kind === 'exited' ? { ...base, exitCode, ...text } : { ...base, ...text };
  }

  private namer(drain: Drain): Namer {
    return {
      thread: (tid) => this.mp?.threadName(tid) ?? this.threads.get(tid)?.name ?? `thread ${tid}`,
      prim: (id) => {
        const p = [...drain.primitives.values()].find((x) => x.id === id);
        return p ? `${p.kind} \`${p.name}\`` : (this.mp?.primName(id) ?? `primitive ${id}`);
      },
      site: (idx) => (idx !== undefined && idx >= 0 ? drain.sites[idx] : 'an unknown line'),
      acquiredAt: (prim, thread) => acquiredAtText(drain.lastAcquired.get(prim) ?? this.mp?.lockHolder(prim), thread, drain.sites),
    };
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

  private fail(error: ScenarioError): void {
    this.send({ type: 'error', error });
    this.send({ type: 'outcome', outcome: errorOutcome(error) });
    this.resolveDone();
  }
}
