// Messages between a host (CLI, extension, tests) and the runner child process.
// The runner streams everything the trace needs as it happens, so a host that has to kill a
// runner still holds the partial trace (TraceBuilder in core/trace/builder.ts assembles it).
import type { SummaryWalkData } from '../render/summary';
import type { FindingsWalkData } from '../analysis/findings';
import type { EventBatch, Outcome, PrimitiveInfo, ProcessInfo, ScenarioError, ThreadInfo, TraceMeta } from '../trace/format';

export interface RunOptions {
  /** Absolute path of the scenario file. */
  file: string;
  /** Export name; omitted: the only scenario of the file (an error if there are several). */
  scenario?: string;
  /** Seconds of wall time before the run ends as `timeout`. */
  timeLimitS: number;
  /** Record the user's source location of every operation (docs/call-sites.md: one stack capture per call site, not per operation). */
  captureSites: boolean;
  /**
   * With captureSites: resolve sites through the bundle's site marks (default true); false takes
   * a stack capture at every operation, the way the marks are checked against (tests, benchmark).
   */
  siteMarks?: boolean;
  /** Multiplies every sleep() and timeout, to make slow teaching scenarios quick. */
  sleepScale: number;
  /** Worker threads prepared before main starts (default 6), so start() does not pay worker spawn time. */
  prewarm?: number;
  /** Deterministic mode (issue 7): seed and strategy. */
  deterministic?: DeterministicOptions;
  /** Write the run into a binary trace as it goes (docs/trace-store.md): memory holds one chunk of events, whatever the run's length. */
  store?: StoreOptions;
  /** Send drained events to the host as they come (default true); a host that reads the store afterwards (the CLI) turns it off. */
  liveEvents?: boolean;
  /**
   * A run recorded into a store forwards its first this many events live, then only to the store:
   * past it the runner says `liveStopped` and a host that watches (the extension) follows the file instead.
   */
  liveEventLimit?: number;
  /**
   * A run recorded into a store walks its chunks for the terminal's summary as it writes them and
   * sends the walk (`summary`) before its outcome, so the host only finishes it (core/render/summary.ts).
   */
  summarize?: boolean;
  /**
   * A run recorded into a store walks its chunks for the analyses (lock order, which shared fields
   * may race) as it writes them and sends the walk (`analyses`) before its outcome, so the host
   * only finishes them (core/analysis/findings.ts).
   */
  analyze?: boolean;
}

export interface StoreOptions {
  /** The binary trace file (created or replaced). */
  path: string;
  /** End the run (outcome `stopped`, its prefix kept) once this many events are recorded; 0 or absent: no limit. */
  maxEvents?: number;
  /** End the run before the file passes this many bytes; 0 or absent: no limit (a full disk still ends it cleanly). */
  maxBytes?: number;
}

/**
 * Deterministic mode: one thread runs at a time and the scheduler chooses who goes next at every
 * scheduling point; time is virtual. The same options give the same events, event for event.
 */
export interface DeterministicOptions {
  seed: number;
  strategy: 'random' | 'pct' | 'replay';
  /**
   * Thread ids chosen at each decision with two or more candidates (what a trace's meta.schedule
   * holds), and -n where decision n let virtual time pass to the next deadline before anyone ran
   * (a delay: see postponeRaces); after it ends, `strategy` goes on ('replay' goes on as 'random').
   */
  schedule?: number[];
  /** PCT's depth bound d (default 3). */
  depth?: number;
  /** PCT's estimate k of a run's length in scheduling steps (default 100). */
  steps?: number;
  /** End the run (outcome `timeout`) after this many scheduling decisions; 0 or absent: no limit. */
  maxSteps?: number;
  /** Step mode: from this decision (or virtual time) on, the run pauses and a person chooses who goes next. */
  step?: { pauseAtStep?: number; pauseAtNs?: number };
  /**
   * Random choices prefer threads that hold no Lock or RLock: biases the search toward switching
   * threads between a thread's two acquisitions (what a lock-order deadlock needs).
   */
  preemptHolders?: boolean;
  /**
   * When every runnable thread waits before a read or write of a raced shared field
   * (ExploreOptions.raceFields), random choices may let virtual time pass first (a delay), so that
   * a sleeping thread's access can come between another thread's racing read and write.
   */
  postponeRaces?: boolean;
}

export type HostToRunner =
  | { type: 'run'; options: RunOptions }
  | { type: 'list'; file: string }
  | { type: 'stop' }
  /** Step mode: the person's answer to the last `paused`. */
  | { type: 'step'; command: StepCommand }
  /** Runs many deterministic schedules and groups them by outcome; `stop` cancels and keeps what was found. */
  | { type: 'explore'; options: ExploreOptions };

export interface ExploreOptions {
  /** Absolute path of the scenario file. */
  file: string;
  scenario?: string;
  /** Schedules to run. */
  runs: number;
  strategy: 'random' | 'pct';
  /** Run i uses seed + i. */
  seed: number;
  /** PCT's depth bound (default 3). */
  depth?: number;
  /** A run that makes more scheduling decisions than this ends as `timeout` (a livelock, default 20,000). */
  maxSteps?: number;
  /** Wall seconds one run may take before it ends as `timeout` and the pool is replaced. */
  runTimeLimitS?: number;
  /** Worker pools running schedules side by side (default 2, at most the number of cores); the result does not depend on it. */
  parallel?: number;
  sleepScale: number;
  /** DeterministicOptions.preemptHolders for every run. */
  preemptHolders?: boolean;
  /** Shared field names whose accesses are racing (DeterministicOptions.postponeRaces for every run when any). */
  raceFields?: string[];
}

export interface ExploreRow {
  kind: 'completed' | 'exception' | 'deadlock' | 'stall' | 'timeout';
  /** What groups runs: "x = 2", "Deadlock: philosopher-0, philosopher-1, ... wait for each other in a cycle". */
  label: string;
  count: number;
  /** The first run that ended this way, its seed, and its schedule (replays it exactly: RunOptions.deterministic.schedule). */
  firstRun: number;
  seed: number;
  schedule: number[];
}

export interface ExploreProgress {
  done: number;
  total: number;
  /** Most frequent first. */
  rows: ExploreRow[];
  elapsedMs: number;
}

export interface ExploreResult extends ExploreProgress {
  cancelled: boolean;
  /** The scenario's export name, the strategy settings actually used (PCT's k is measured by a first run). */
  scenario: string;
  strategy: 'random' | 'pct';
  seed: number;
  depth: number;
  steps: number;
  error?: ScenarioError;
}

/** Step mode: run this thread to its next scheduling point; run the running thread until it blocks; stop pausing. */
export type StepCommand = { kind: 'thread'; thread: number } | { kind: 'untilBlock' } | { kind: 'toEnd' };

/** A step-mode run waits at a scheduling point for a person to choose who goes next. */
export interface StepPause {
  /** Decisions made so far; a new run with `step: { pauseAtStep: step - 1 }` and `schedule` pauses one step back. */
  step: number;
  /** Virtual time (ns since start). */
  timeNs: number;
  /** The thread at the scheduling point. */
  decider: number;
  /** Threads that may go next. */
  candidates: number[];
  /** Choices so far (the trace meta's schedule up to here). */
  schedule: number[];
  /** Every live thread and what it does next. */
  threads: StepThread[];
}

export interface StepThread {
  thread: number;
  name: string;
  /** runnable: may be chosen; blocked: waits in a primitive; waiting: stopped at a point but cannot be chosen now; starting: not arrived yet. */
  status: 'runnable' | 'blocked' | 'waiting' | 'starting';
  /** Its next operation ("Lock.acquire", "shared.write", "sleep") or, when blocked, what it waits in ("acquire Lock `lock`"). */
  next: string;
  /** `file:line:col` as in the trace's sites, and the same split for the editor. */
  site?: string;
  file?: string;
  line?: number;
  col?: number;
}

export interface ScenarioEntry {
  /** Export name (`default` for the default export). */
  name: string;
  title: string;
}

export type RunnerToHost =
  | { type: 'scenarios'; file: string; scenarios: ScenarioEntry[] }
  | { type: 'meta'; meta: TraceMeta }
  | { type: 'thread'; thread: ThreadInfo }
  /** A process of the run (multiprocessing), sent when it starts and again when it ends. */
  | { type: 'process'; process: ProcessInfo }
  | { type: 'primitive'; primitive: PrimitiveInfo }
  | { type: 'sites'; base: number; sites: string[] }
  | { type: 'strings'; base: number; strings: string[] }
  | { type: 'events'; batch: EventBatch }
  | { type: 'outcome'; outcome: Outcome }
  /**
   * Sent just before the outcome: what the runner process used (its own report), for budgets and
   * benchmarks, and when the scenario ended (ms since the epoch, as performance.timeOrigin + now()).
   */
  | { type: 'resources'; peakRssBytes: number; events: number; storeBytes?: number; scenarioEndMs?: number }
  /** RunOptions.summarize: the walk of every chunk in the store, sent before `resources`. */
  | { type: 'summary'; walk: SummaryWalkData }
  /** RunOptions.analyze: the analyses' walk of every chunk in the store, sent before `resources`. */
  | { type: 'analyses'; walk: FindingsWalkData }
  /** RunOptions.liveEventLimit was passed: `events` were forwarded; the rest go only to the store. */
  | { type: 'liveStopped'; events: number }
  | { type: 'paused'; pause: StepPause }
  | { type: 'exploreProgress'; progress: ExploreProgress }
  | { type: 'exploreDone'; result: ExploreResult }
  | { type: 'error'; error: ScenarioError };

export function isRunnerToHost(m: unknown): m is RunnerToHost {
  return typeof m === 'object' && m !== null && typeof (m as { type?: unknown }).type === 'string';
}
