// The host side of a run: starts the runner child process, feeds its stream to a TraceBuilder,
// and always ends with a trace — complete, or partial when the runner had to be killed. Used by
// the CLI, the extension and the tests; never blocks its caller.
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { HostToRunner, RunOptions, RunnerToHost, ScenarioEntry, StepCommand } from '../../core/protocol/runner';
import { isRunnerToHost } from '../../core/protocol/runner';
import type { Outcome, ScenarioError, Trace } from '../../core/trace/format';
import { TraceBuilder } from '../../core/trace/builder';
import type { IndexedEventSource, TraceHeader } from '../../core/trace/source';
import type { SummaryWalkData } from '../../core/render/summary';
import type { FindingsWalkData } from '../../core/analysis/findings';
import { openTraceStore } from '../store/file';
import { fileHeader } from '../../core/trace/binary/records';
import { prepareSpare, takeSpare } from './spares';

export interface HostEnv {
  /** Node binary for the runner; in VS Code's desktop host this is Electron (see electronAsNode). */
  execPath?: string;
  env?: NodeJS.ProcessEnv;
  /** Folder holding runner.js and worker.js. */
  distDir?: string;
  /**
   * Take the runner and the timeline process from the spares forked ahead, idle (prepareSpareRunner,
   * prepareSpareTimeline), when there are live ones (the extension): a run then skips Node's start and
   * the esbuild service's, and its host forks nothing while it runs. Not for the CLI, where a spare
   * would only compete for the cores.
   */
  spares?: boolean;
  /** A spare not taken within this long exits (a runner holds ~115 MB: the runner and seven booted workers). */
  spareIdleMs?: number;
  /** What the scenario prints (console.log in any thread), as it comes. */
  onOutput?: (text: string, stream: 'stdout' | 'stderr') => void;
}

export interface RunHandle {
  /** Ends the run as `stopped`; its trace so far is kept. */
  stop(): void;
  /** Step mode (RunOptions.deterministic.step): answers the last `paused` message. */
  step(command: StepCommand): void;
  /** The whole trace, one object per event (built on first read: a long run should use `stored`). */
  readonly done: Promise<Trace>;
  /** The run's outcome as soon as it is known (the runner's, or why the runner was lost), and the runner's own resource report. */
  readonly ended?: Promise<{ outcome: Outcome; resources?: RunResources }>;
  /** A run with RunOptions.store: its binary trace, opened once the run ended (complete, or the prefix a lost runner left). */
  stored?(): Promise<StoredRun>;
}

export type RunResources = Omit<Extract<RunnerToHost, { type: 'resources' }>, 'type'>;

export interface StoredRun {
  header: TraceHeader;
  /** Its events by chunk; close() when done. */
  events: StoredEvents;
  /** The binary trace file ('' for a run held in memory). */
  path: string;
  resources?: RunResources;
  /** RunOptions.summarize: the runner's walk of the run's chunks, for the terminal's summary (core/render/summary.ts). */
  summary?: SummaryWalkData;
  /** RunOptions.analyze: the runner's walk of the run's chunks for the analyses (core/analysis/findings.ts). */
  analyses?: FindingsWalkData;
  /** When the scenario ended (ms since the epoch, as performance.timeOrigin + now()): the runner's report, or when a Python script's main thread ended. */
  scenarioEndMs?: number;
}

/** A stored run's whole trace as objects (for runs that fit in memory); closes its events. */
export function storedTrace({ events, header }: StoredRun): Trace {
  const trace = events.trace(header.outcome);
  events.close();
  return trace;
}

/** What a TraceStoreReader offers (core/trace/binary/reader.ts); a run held in memory offers it too (cli/stored-run.ts). */
export interface StoredEvents extends IndexedEventSource {
  /** Bytes of its binary trace (0 in memory). */
  readonly bytes: number;
  trace(fallback?: Outcome): Trace;
  close(): void;
}

export class ScenarioLoadError extends Error {
  constructor(readonly error: ScenarioError) {
    super(error.message);
  }
}

/** Seconds a runner gets beyond the time limit to report before it is killed. */
const GRACE_S = 5;

export function defaultDistDir(): string {
  // Bundled into dist/*.js or dist/bench/*.js; from sources (tests), src/runtime/host → ../../../dist.
  const candidates = [__dirname, resolve(__dirname, '..'), resolve(__dirname, '..', '..', '..', 'dist')];
  return candidates.find((d) => basename(d) === 'dist' && existsSync(join(d, 'runner.js'))) ?? candidates[2];
}

function startRunner(env: HostEnv): ChildProcess {
  const distDir = env.distDir ?? defaultDistDir();
  const runner = join(distDir, 'runner.js');
  if (!existsSync(runner)) throw new Error(`interleave: ${runner} is missing; run 'npm run build' first`);
  return fork(runner, [], {
    execPath: env.execPath,
    env: { ...process.env, ...env.env },
    serialization: 'advanced',
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    execArgv: ['--enable-source-maps'],
  });
}

/** A runner's key among the spares: runners of one env are interchangeable. */
const spareKey = (env: HostEnv) => JSON.stringify(['runner', env.execPath ?? '', env.distDir ?? '', env.env ?? {}]);

/** Forks the idle runner the next run with this env will take (nothing if one is ready); returns it. */
export function prepareSpareRunner(env: HostEnv): ChildProcess {
  return prepareSpare(spareKey(env), () => startRunner(env), env.spareIdleMs);
}

/** A runner for a run: the spare forked ahead when there is a live one. */
function takeRunner(env: HostEnv): ChildProcess {
  return (env.spares && takeSpare(spareKey(env))) || startRunner(env);
}

export function runScenario(options: RunOptions, onMessage?: (m: RunnerToHost) => void, env: HostEnv = {}): RunHandle {
  const builder = new TraceBuilder();
  const child = takeRunner(env);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-8000);
    env.onOutput?.(d.toString(), 'stderr');
  });
  child.stdout?.on('data', (d: Buffer) => env.onOutput?.(d.toString(), 'stdout'));
  const started = Date.now();
  let stopRequested = false;
  let resources: RunResources | undefined;
  let summary: SummaryWalkData | undefined;
  let analyses: FindingsWalkData | undefined;
  const ended = new Promise<{ outcome: Outcome; resources?: RunResources }>((resolveEnded) => {
    let finished = false;
    const finish = (fallback: Outcome) => {
      if (finished) return;
      finished = true;
      clearTimeout(killer);
      if (child.exitCode === null) child.kill('SIGKILL');
      resolveEnded({ outcome: builder.outcome ?? fallback, resources });
    };
    // A person stepping has no time limit (the runner sets none either): only a stop ends it.
    const killer = options.deterministic?.step
      ? undefined
      : setTimeout(
          () => finish(lost('timeout', `Timeout: the runner did not report within ${options.timeLimitS + GRACE_S} s and was killed`)),
          (options.timeLimitS + GRACE_S) * 1000,
        );
    child.on('message', (m: unknown) => {
      if (!isRunnerToHost(m)) return;
      if (m.type === 'resources') resources = { peakRssBytes: m.peakRssBytes, events: m.events, storeBytes: m.storeBytes, scenarioEndMs: m.scenarioEndMs };
      if (m.type === 'summary') summary = m.walk;
      if (m.type === 'analyses') analyses = m.walk;
      // A stored run's events are read back from its file: the host keeps none of them.
      if (!(options.store && m.type === 'events')) builder.accept(m);
      onMessage?.(m);
      if (m.type === 'outcome') finish(m.outcome);
    });
    child.on('exit', (code, signal) => {
      const why = stopRequested ? 'Stopped' : `The runner process ended unexpectedly (${signal ?? `exit code ${code}`})`;
      finish(lost(stopRequested ? 'stopped' : 'error', `${why}; the trace up to that moment is kept.${stderr ? `\n${stderr}` : ''}`));
    });
    child.on('error', (e) => finish(lost('error', `Could not start the runner: ${e.message}`)));
  });
  send(child, { type: 'run', options });
  const store = options.store;
  const stored = async (): Promise<StoredRun> => {
    if (!store) throw new Error('stored(): this run was not recorded into a store (RunOptions.store)');
    const { outcome } = await ended;
    // A runner lost before it made the file leaves nothing but what the host heard.
    if (!existsSync(store.path)) writeFileSync(store.path, fileHeader());
    const events = openTraceStore(store.path);
    return {
      header: events.header(events.complete ? undefined : outcome),
      events,
      path: store.path,
      resources,
      summary,
      analyses,
      scenarioEndMs: resources?.scenarioEndMs,
    };
  };
  let done: Promise<Trace> | undefined;

  function lost(kind: Outcome['kind'], explanation: string): Outcome {
    return { kind, summary: explanation.split('\n')[0], explanation, durationNs: (Date.now() - started) * 1e6 };
  }

  return {
    get done() {
      return (done ??= store ? stored().then(storedTrace) : ended.then(({ outcome }) => builder.build(outcome)));
    },
    ended,
    stored,
    stop() {
      stopRequested = true;
      send(child, { type: 'stop' });
      // A runner that cannot answer (its event loop is stuck) is killed.
      setTimeout(() => child.exitCode === null && child.kill('SIGKILL'), 2000).unref();
    },
    step(command) {
      if (child.connected) send(child, { type: 'step', command });
    },
  };
}

export function listScenarios(file: string, env: HostEnv = {}): Promise<ScenarioEntry[]> {
  const child = startRunner(env);
  return new Promise((resolveList, reject) => {
    child.on('message', (m: unknown) => {
      if (!isRunnerToHost(m)) return;
      if (m.type === 'scenarios') resolveList(m.scenarios);
      else if (m.type === 'error') reject(new ScenarioLoadError(m.error));
    });
    child.on('exit', (code) => reject(new ScenarioLoadError({ kind: 'internal', message: `the runner ended (exit code ${code}) before listing ${file}` })));
    send(child, { type: 'list', file: resolve(file) });
  });
}

export interface BuiltinExample {
  name: string;
  file: string;
  title: string;
  description: string;
  /** A TypeScript scenario, or a Python script (run with the tracer; no deterministic mode). */
  language: 'typescript' | 'python';
}

/**
 * The library shipped beside dist/: scenarios (examples/*.ts, named without the extension) and
 * their Python twins (examples/python/*.py, named with it: `lock-deadlock.py`). The first comment
 * line of each describes it.
 */
export function builtinExamples(distDir = defaultDistDir()): BuiltinExample[] {
  const dir = join(distDir, '..', 'examples');
  if (!existsSync(dir)) return [];
  const scenarios = readdirSync(dir)
    .filter((f) => /\.(ts|js|mjs)$/.test(f) && !f.endsWith('.d.ts'))
    .sort()
    .map((f) => {
      const text = readFileSync(join(dir, f), 'utf8');
      const description = /^\s*\/\/\s*(.+)$/m.exec(text)?.[1].trim() ?? '';
      const title = /scenario\(\s*(['"`])(.+?)\1/.exec(text)?.[2] ?? f;
      return { name: f.replace(/\.(ts|js|mjs)$/, ''), file: join(dir, f), title, description, language: 'typescript' as const };
    });
  const pyDir = join(dir, 'python');
  const scripts = existsSync(pyDir)
    ? readdirSync(pyDir)
        .filter((f) => f.endsWith('.py'))
        .sort()
        .map((f) => {
          const description = /^#\s*(.+)$/m.exec(readFileSync(join(pyDir, f), 'utf8'))?.[1].trim() ?? '';
          return { name: f, file: join(pyDir, f), title: f, description, language: 'python' as const };
        })
    : [];
  return [...scenarios, ...scripts];
}

function send(child: ChildProcess, m: HostToRunner): void {
  child.send(m);
}
