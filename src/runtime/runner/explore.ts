// Schedule exploration: N deterministic runs of one scenario on a pool of reused workers, grouped
// by outcome (final shared values, deadlock cycle, exception, stall, livelock). VS Code-free; the
// runner process hosts it (host/explore.ts starts one from a CLI or the extension).
//
//   const x = explore(options, distDir, (p) => show(p));
//   x.cancel();                 // stops after the current run; the outcomes so far are kept
//   const result = await x.done;
import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import type { DeterministicOptions, ExploreOptions, ExploreProgress, ExploreResult, ExploreRow, ScenarioEntry } from '../../core/protocol/runner';
import type { ScenarioError } from '../../core/trace/format';
import { classifyRun, type RunEnd } from './explore-classify';
import { ExplorePool } from './explore-pool';
import { newRingBuffer } from '../shm/ring';
import { bundleScenario, BundleError, type Bundle } from './bundle';
import { changed } from './deterministic';
import { chooseScenario } from './load';
import { DEFAULT_DEPTH, recordedSchedule } from '../sched/config';
import { End, H } from '../sched/layout';
import type { WorkerInit, WorkerToRunner } from '../worker/protocol';
import { CONTROL_BYTES } from '../shm/layout';

export interface Exploration {
  cancel(): void;
  readonly done: Promise<ExploreResult>;
}

const DEFAULT_MAX_STEPS = 20_000;
const PROGRESS_MS = 100;
/** Workers made before the first run; runs with more threads add workers, which then stay. */
const INITIAL_WORKERS = 3;

export function explore(options: ExploreOptions, distDir: string, onProgress: (p: ExploreProgress) => void): Exploration {
  let cancelled = false;
  const done = new Explorer(options, distDir, onProgress, () => cancelled).run();
  return { cancel: () => void (cancelled = true), done };
}

class Explorer {
  private readonly rows = new Map<string, ExploreRow>();
  private failure?: string;
  private started = 0;
  private doneRuns = 0;
  private lastProgress = 0;

  constructor(
    private readonly o: ExploreOptions,
    private readonly distDir: string,
    private readonly onProgress: (p: ExploreProgress) => void,
    private readonly cancelled: () => boolean,
  ) {}

  async run(): Promise<ExploreResult> {
    const depth = this.o.depth ?? DEFAULT_DEPTH;
    const base = { cancelled: false, scenario: this.o.scenario ?? '', strategy: this.o.strategy, seed: this.o.seed, depth, steps: 0 };
    let bundle: Bundle;
    let scenario: ScenarioEntry;
    try {
      bundle = await bundleScenario(this.o.file);
      const chosen = chooseScenario(await listIn(bundle, this.distDir), this.o.file, this.o.scenario);
      if ('kind' in chosen) return { ...base, ...this.progress(), error: chosen };
      scenario = chosen;
    } catch (e) {
      return { ...base, ...this.progress(), error: e instanceof BundleError ? e.error : { kind: 'internal', message: String((e as Error)?.stack ?? e) } };
    }
    this.started = performance.now();
    const maxSteps = this.o.maxSteps ?? DEFAULT_MAX_STEPS;
    const newPool = () => {
      const p = new ExplorePool({
        distDir: this.distDir,
        bundlePath: bundle.path,
        sourceMap: bundle.sourceMap,
        scenario: scenario.name,
        sleepScale: this.o.sleepScale,
        raceFields: this.o.raceFields,
        root: dirname(this.o.file),
        onFailure: (m) => (this.failure ??= m),
      });
      for (let i = 0; i < INITIAL_WORKERS; i++) p.spawn();
      return p;
    };
    // Runs are short and mostly wait for thread wake-ups, so independent pools overlap well;
    // run i always uses seed + i, whichever pool runs it, so the result does not depend on them.
    const pools = Array.from({ length: Math.max(1, Math.min(this.o.parallel ?? 2, availableParallelism())) }, newPool);
    let steps = 0;
    let next = 0;
    const drive = async (slot: number) => {
      while (next < this.o.runs && !this.cancelled() && !this.failure) {
        const i = next++;
        const seed = (this.o.seed + i) | 0;
        const det: DeterministicOptions = {
          seed,
          strategy: this.o.strategy,
          depth,
          steps: steps || undefined,
          maxSteps,
          preemptHolders: this.o.preemptHolders,
          postponeRaces: (this.o.raceFields?.length ?? 0) > 0,
        };
        const r = await this.once(pools[slot], det, maxSteps);
        this.count(r.verdict.kind, r.verdict.label, i, seed, r.schedule);
        if (r.end === 'wallTime') {
          // A thread still runs without reaching a scheduling point: only a new pool gets rid of it.
          await pools[slot].close();
          pools[slot] = newPool();
        }
        this.doneRuns++;
        if (performance.now() - this.lastProgress > PROGRESS_MS) this.report();
      }
    };
    try {
      // PCT needs k, the length of a run in steps: measured once, with the first seed, at random.
      if (this.o.strategy === 'pct') {
        const probe = await this.once(pools[0], { seed: this.o.seed, strategy: 'random', maxSteps }, maxSteps);
        steps = Math.max(1, probe.steps);
      }
      await Promise.all(pools.map((_p, slot) => drive(slot)));
    } catch (e) {
      this.failure ??= (e as Error)?.message ?? String(e);
    } finally {
      await Promise.all(pools.map((p) => p.close()));
    }
    const error: ScenarioError | undefined = this.failure ? { kind: 'load', message: this.failure, file: this.o.file } : undefined;
    return { ...base, scenario: scenario.name, steps, ...this.progress(), cancelled: this.cancelled(), error };
  }

  /** One run: start MainThread, wait for the scheduler to end the run, classify it, unwind. */
  private async once(pool: ExplorePool, det: DeterministicOptions, maxSteps: number) {
    await pool.idle();
    const drain = pool.start(det);
    const s = new Int32Array(pool.sched);
    const relief = setInterval(() => pool.relieve(drain), 5);
    const limit = setTimeout(() => Atomics.notify(s, H.END), (this.o.runTimeLimitS ?? 10) * 1000);
    const began = performance.now();
    let end: RunEnd;
    for (;;) {
      const e = Atomics.load(s, H.END);
      if (e !== End.running || this.failure) {
        end = e === End.mainDone ? 'mainDone' : e === End.stuck ? 'stuck' : 'steps';
        break;
      }
      if (performance.now() - began >= (this.o.runTimeLimitS ?? 10) * 1000) {
        end = 'wallTime';
        break;
      }
      await changed(s, H.END, End.running);
    }
    clearInterval(relief);
    clearTimeout(limit);
    const verdict = classifyRun(end, pool.ctl, pool.heap, drain, maxSteps);
    const steps = s[H.STEPS];
    const schedule = recordedSchedule(pool.sched);
    pool.abort();
    return { verdict, steps, schedule, end };
  }

  private count(kind: ExploreRow['kind'], label: string, run: number, seed: number, schedule: number[]): void {
    const key = `${kind}\u0000${label}`;
    const row = this.rows.get(key);
    if (!row) this.rows.set(key, { kind, label, count: 1, firstRun: run, seed, schedule });
    else {
      row.count++;
      // Pools finish runs out of order: the row keeps the lowest run, as one pool would have found it.
      if (run < row.firstRun) Object.assign(row, { firstRun: run, seed, schedule });
    }
  }

  private progress(): ExploreProgress {
    const rows = [...this.rows.values()].sort((a, b) => b.count - a.count || a.firstRun - b.firstRun).map((r) => ({ ...r }));
    return { done: this.doneRuns, total: this.o.runs, rows, elapsedMs: this.started ? performance.now() - this.started : 0 };
  }

  private report(): void {
    this.lastProgress = performance.now();
    this.onProgress(this.progress());
  }
}

/** The file's scenarios, read by one short-lived worker (before the pool exists). */
async function listIn(bundle: Bundle, distDir: string): Promise<ScenarioEntry[]> {
  const control = new SharedArrayBuffer(CONTROL_BYTES);
  const worker = new Worker(join(distDir, 'worker.js'), {
    workerData: {
      role: 'list',
      mailbox: -1,
      control,
      heap: new SharedArrayBuffer(1 << 16),
      ring: newRingBuffer(16),
      bundlePath: bundle.path,
      sourceMap: bundle.sourceMap,
      captureSites: false,
      sleepScale: 1,
    } satisfies WorkerInit,
  });
  try {
    const m = await new Promise<WorkerToRunner>((resolve, reject) => {
      worker.on('message', (x: WorkerToRunner) => (x.type === 'loaded' || x.type === 'loadError') && resolve(x));
      worker.on('error', reject);
    });
    if (m.type === 'loadError') throw new BundleError({ kind: 'load', message: m.message, file: bundle.path });
    return m.type === 'loaded' ? m.scenarios : [];
  } finally {
    await worker.terminate();
  }
}
