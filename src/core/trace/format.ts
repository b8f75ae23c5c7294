// The versioned trace format (docs/trace-format.md, schema/trace.schema.json): what `--trace`
// writes, what the timeline reads, what every exporter starts from.
import type { AcquireModeName, ConfirmationStatusName, ErrorKindName, EventKindName, ExitReasonName, OutcomeKindName, PrimKindName } from './kinds';

export const TRACE_VERSION = 1;

export interface Trace {
  version: typeof TRACE_VERSION;
  meta: TraceMeta;
  threads: ThreadInfo[];
  primitives: PrimitiveInfo[];
  /** Source locations `file:line:col` (file relative to meta.root when inside it); events point here by index. */
  sites: string[];
  /** Text referred to by events (log messages, exception stacks, names). */
  strings: string[];
  events: TraceEvent[];
  outcome: Outcome;
  /** Present when the scenario started processes (multiprocessing): id 0 is the runner's own. */
  processes?: ProcessInfo[];
  /** Potential deadlocks and data races found in this run (src/core/analysis); absent when not analysed. */
  findings?: Findings;
}

export interface TraceMeta {
  tool: 'interleave';
  toolVersion: string;
  /** Absolute path of the scenario file. */
  file: string;
  /** Folder that relative site paths are relative to. */
  root: string;
  /** Export name of the scenario (`default` for the default export). */
  scenario: string;
  title: string;
  mode: 'realtime' | 'deterministic';
  /** Seed and schedule of a deterministic run. */
  seed?: number;
  schedule?: number[];
  /** Wall-clock start (ISO 8601); the only volatile field besides timestamps. */
  startedAt: string;
  /** All `t` values are nanoseconds since this run's start on one monotonic clock. */
  clock: 'ns-since-start';
  timeLimitS: number;
  sleepScale: number;
  platform: string;
  /** What the program was written in: absent or `typescript` for scenarios, `python` for a traced script (added with issue 11; optional, so still version 1). */
  language?: 'typescript' | 'python';
  /** The interpreter of a Python run, e.g. `CPython 3.11.7`. */
  runtime?: string;
  /** A Python run's command line after the interpreter: the script as given, then its arguments. */
  argv?: string[];
  /** The built-in example's name when run as `interleave run --example NAME` (its replay hints name it so). */
  example?: string;
}

export interface ThreadInfo {
  /** 1 is MainThread; ids are dense and in creation order. */
  id: number;
  name: string;
  daemon: boolean;
  /** Thread that created it (0 for MainThread). */
  parent: number;
  ident: number;
  /** Export name of the target function. */
  target?: string;
  /** Timer threads: interval in seconds. */
  timerInterval?: number;
  /** ns since start; absent if never started. */
  start?: number;
  end?: number;
  exit?: ExitReasonName;
  /** For exit = exception / killed: the message and stack (source-mapped). */
  error?: { message: string; stack?: string };
  /** Process group; absent means the runner's own scenario process. */
  process?: number;
  /** ns it waited for the runner to take its events (its ring buffer was full): its lane shows that time as running. */
  recorderWaitNs?: number;
}

export interface PrimitiveInfo {
  id: number;
  kind: PrimKindName;
  /** Given (`{ name }`) or read from the creating statement (`const lock = new Lock()` → "lock"). */
  name: string;
  /** Index into sites of the creating call. */
  site: number;
  creator: number;
  /**
   * Kind-specific: Semaphore value, Barrier parties, Queue maxsize, Shared field names, Condition's lock id;
   * `crossProcess: true` for multiprocessing primitives (Pool: `processes`).
   */
  init?: Record<string, number | string | string[] | boolean>;
}

/** An OS process of the run (multiprocessing). Its threads carry `process: id`. */
export interface ProcessInfo {
  /** 0: MainProcess (the runner, which runs the scenario's main); 1.. children in creation order. */
  id: number;
  /** Python's names: MainProcess, Process-1, Process-1:2 (a child's child), SpawnPoolWorker-3. */
  name: string;
  pid: number;
  /** Process that created it (-1 for MainProcess). */
  parent: number;
  daemon: boolean;
  /** Export name of the target; absent for MainProcess and pool workers. */
  target?: string;
  /** Trace id of its MainThread. */
  mainThread?: number;
  /** Pool workers: the Pool's primitive id. */
  pool?: number;
  /** ns since start. */
  start?: number;
  end?: number;
  /** Python's exitcode: 0, 1 when the target raised, N from process.exit(N), -N when ended by signal N. */
  exitCode?: number;
  /** How it ended, in words ("terminated by SIGTERM", "stopped with the run"). */
  reason?: string;
}

/** One operation. Field meanings per kind are in docs/trace-format.md and kinds.ts. */
export interface TraceEvent {
  t: number;
  th: number;
  k: string;
  p?: number;
  a?: number;
  q?: number;
  l?: number;
  /** Index into sites of the user's call. */
  at?: number;
}

export type OutcomeKind = OutcomeKindName;

export interface Outcome {
  kind: OutcomeKind;
  /** One line: "Deadlock: worker1 waits for Lock `lock`, which it already holds". */
  summary: string;
  /** Several lines, plain language, naming threads, primitives and source lines. */
  explanation: string;
  durationNs: number;
  /** For deadlock: the cycle, in wait order; for stall: every stuck thread. */
  stuck?: StuckThread[];
  cycle?: number[];
  /** Final values of shared records: name → field → value. */
  shared?: Record<string, Record<string, number | boolean>>;
  exceptions?: { thread: number; message: string }[];
  /** For exited: the code given to process.exit. */
  exitCode?: number;
  /** For error: where (a syntax error points at the scenario's line). */
  error?: ScenarioError;
}

export interface StuckThread {
  thread: number;
  /** What it waits in: "acquire", "cond.wait", "event.wait", "queue.get", "join", ... */
  op: string;
  /** The primitive (or, for join, the thread) it waits on. */
  on: number;
  /** Threads that hold `on` (lock owner; for join, the thread itself). */
  heldBy: number[];
  /** Primitives this thread holds. */
  holds: number[];
  /** Site index of the waiting call. */
  at?: number;
  /** ns when it began to wait. */
  since: number;
}

export interface ScenarioError {
  kind: ErrorKindName;
  message: string;
  file?: string;
  line?: number;
  col?: number;
}

/** Columnar batch of events: how events travel runner → host → webview (no per-event objects). */
export interface EventBatch {
  t: Float64Array;
  th: Int32Array;
  k: Uint8Array;
  p: Int32Array;
  a: Float64Array;
  q: Float64Array;
  l: Float64Array;
  /** Site index, -1 none. */
  at: Int32Array;
}

/** Verdicts about schedules other than the one recorded (docs/trace-format.md, `findings`). */
export interface Findings {
  /** Lock-order cycles: potential deadlocks, and cycles a common gate lock rules out. */
  cycles: LockCycle[];
  races: DataRace[];
}

/** A thread acquired `to` while it held `from` (one edge of the lock-order graph). */
export interface LockOrderEdge {
  from: number;
  to: number;
  thread: number;
  /** Event indices: the acquisition of `from` (still held), and the request (`acquireRequest`) for `to`. */
  heldEvent: number;
  event: number;
  /** Site indices of those two calls (-1 none). */
  heldAt: number;
  at: number;
  /** Every lock the thread held when it asked for `to`, `from` included. */
  held: number[];
  mode: AcquireModeName;
}

export interface LockCycle {
  kind: 'potentialDeadlock' | 'guardedCycle';
  /** Locks in cycle order: edges[i] goes from locks[i] to locks[(i + 1) % n], each from a different thread. */
  locks: number[];
  edges: LockOrderEdge[];
  /** guardedCycle: the gate locks that two of its edges both held, so they can never run at once. */
  guards?: number[];
  confirmation?: Confirmation;
}

export interface RaceAccess {
  event: number;
  thread: number;
  write: boolean;
  at: number;
  value: number;
  /** Locks the thread held at the access. */
  held: number[];
}

export interface DataRace {
  kind: 'dataRace';
  /** The shared record (primitive id) and the field index into its `init.fields`. */
  record: number;
  field: number;
  /** The two accesses, in the order the run made them: neither happens before the other. */
  first: RaceAccess;
  second: RaceAccess;
  /** The latest synchronisation both accesses come after (absent: none but the run's start). */
  lastSync?: SyncPoint;
  /** Unordered pairs seen on this field (the first one is reported). */
  pairs: number;
  confirmation?: Confirmation;
}

/** One synchronisation operation of the run, as a finding names it. */
export interface SyncPoint {
  event: number;
  thread: number;
  k: EventKindName;
  /** Its primitive (or, for threadSpawn, the thread started); -1 none. */
  p: number;
  at: number;
}

export interface Confirmation {
  status: ConfirmationStatusName;
  /** Deterministic schedules tried. */
  runs: number;
  /** Confirmed: the run that shows it (`interleave run FILE --deterministic --seed S --schedule …`). */
  seed?: number;
  schedule?: number[];
  /** Races: each distinct final value of the field, how many runs ended with it, and one schedule that does. */
  values?: { value: string; count: number; seed: number; schedule: number[] }[];
}
