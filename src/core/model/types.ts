// The derived model: what a trace means, per thread and per primitive. Pure data, computed by
// buildModel() from a Trace; the terminal view, the exporters and the timeline all read it.
import type { Trace } from '../trace/format';
import type { ThreadStateName } from '../trace/kinds';

/** What a thread is doing during a span (the vocabulary: src/core/trace/kinds.ts). */
export type ThreadState = ThreadStateName;

export interface StateSpan {
  thread: number;
  state: ThreadState;
  start: number; // ns
  end: number; // ns
  /** Primitive waited on (or, for joining, the thread id joined); -1 none. */
  on: number;
  /** Site index of the call that began the span; -1 none. */
  at: number;
  /** Plain-language reason, e.g. "waits for Lock `lock` held by worker1 since 1.203 s (acquired at lock.ts:14)". */
  reason: string;
}

export interface Hold {
  thread: number;
  prim: number;
  start: number;
  end: number; // ns; the trace end if never released
  /** RLock depth reached during the hold (1 for Lock). */
  maxDepth: number;
  /** Whether any other thread waited for this primitive during the hold. */
  contended: boolean;
  /** Site of the acquire. */
  at: number;
}

/** Holds as columns: row i is Model.holds[i]. What the passes and the view read (no object per hold). */
export interface HoldTable {
  n: number;
  thread: Float64Array;
  prim: Float64Array;
  start: Float64Array;
  end: Float64Array;
  maxDepth: Float64Array;
  /** 1 if another thread waited during the hold. */
  contended: Uint8Array;
  at: Int32Array;
}

export type LinkKind = 'release-acquire' | 'notify-wake' | 'set-wake' | 'put-get' | 'barrier-trip' | 'spawn' | 'join';

/** A wake-up arrow: the operation at (fromThread, fromT) let (toThread, toT) proceed. */
export interface Link {
  kind: LinkKind;
  prim: number;
  fromThread: number;
  fromT: number;
  toThread: number;
  toT: number;
}

/** One row per primitive. */
export interface ContentionRow {
  prim: number;
  acquisitions: number;
  /** Acquisitions that had to wait (at most `acquisitions`). */
  contended: number;
  /** Waits that never got the primitive: timed out, or still waiting when the run ended (a deadlock's). */
  neverGranted: number;
  /** Every wait counts here, also those never granted (timeouts, a deadlock's). */
  totalWaitNs: number;
  maxWaitNs: number;
}

export interface ThreadSplit {
  thread: number;
  runningNs: number;
  blockedNs: number;
  waitingNs: number;
  sleepingNs: number;
  joiningNs: number;
}

/** A counter track: Semaphore permits, Queue size. Values hold from t until the next sample. */
export interface CounterTrack {
  prim: number;
  label: string;
  t: number[];
  v: number[];
}

export interface Instant {
  thread: number;
  t: number;
  kind: 'log' | 'exception' | 'spawn' | 'notify' | 'set' | 'clear' | 'put' | 'get' | 'timer-cancel' | 'reset' | 'error';
  text: string;
  at: number;
  prim: number;
}

/** A Pool task (multiprocessing): one chunk of calls, on the lane of the worker process that ran it. */
export interface TaskSpan {
  thread: number;
  pool: number;
  task: number;
  /** The function's export name. */
  fn: string;
  start: number;
  end: number;
  /** False when it raised (the exception re-raises in the caller's get()). */
  ok: boolean;
  /** The thread whose map/applyAsync submitted it and the site of that call (-1 unknown). */
  by: number;
  at: number;
}

export interface Model {
  trace: Trace;
  /** ns from start to the last event or outcome, whichever is later. */
  durationNs: number;
  /** Per thread (same order as trace.threads), its spans in time order, non-overlapping, covering start..end. */
  spans: StateSpan[][];
  /** Built from holdTable on first read: a large trace has hundreds of thousands, seldom all read as objects. */
  holds: Hold[];
  holdTable: HoldTable;
  links: Link[];
  counters: CounterTrack[];
  instants: Instant[];
  contention: ContentionRow[];
  splits: ThreadSplit[];
  /** Pool tasks, by start (src/core/model/process-pass.ts); empty without multiprocessing. */
  tasks?: TaskSpan[];
}
