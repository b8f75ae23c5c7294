// Messages of multiprocessing. A scenario thread never talks to another process itself: it asks
// its process's main JS thread (the runner, or a child's ChildRun), which forwards to the
// coordinator in the runner. Replies come back on the thread's own MessagePort, with a bump of
// its signal word so that the thread, blocked in Atomics.wait, wakes and reads it synchronously.
import type { MessagePort } from 'node:worker_threads';
import type { EventBatch, PrimitiveInfo, ThreadInfo } from '../../core/trace/format';

/** The builtin target of pool worker processes (mp/pool-worker.ts). */
export const POOL_WORKER_TARGET = 'interleave:poolWorker';

/** An event a thread records about an mp operation: [kind, t, p, a, q, l, site]; t in the process's ms, site a heap site ref. */
export type LocalEv = [k: number, t: number, p: number, a: number, q: number, l: number, at: number];

/** The same event once its process's main thread placed it on the run's clock and sites. */
export interface Ev {
  k: number;
  /** ns since the run's start. */
  t: number;
  p: number;
  a: number;
  q: number;
  l: number;
  /** Trace-wide site index (the runner's); -1 none. */
  at: number;
}

/** A child's event before the runner maps its site: the position travels instead of an index. */
export interface ChildEv extends Omit<Ev, 'at'> {
  at: SitePos | null;
}

export interface SitePos {
  file: string;
  line: number;
  col: number;
}

/** Thread → its process's main thread. */
export type MpFromThread =
  | {
      type: 'mp';
      tid: number;
      op: string;
      args: unknown;
      /** Recorded when the call arrives (so a thread killed while it waits still shows the wait). */
      begin?: LocalEv;
      /** Recorded by the coordinator the moment a put/send takes effect, with the item id and size: before any get of it. */
      effect?: LocalEv;
      port?: MessagePort;
      signal?: SharedArrayBuffer;
    }
  | { type: 'mpRec'; tid: number; events: LocalEv[] };

/** What a call returns: a value, or an error the thread raises as the named Python exception. */
export type MpResult = { ok: unknown } | { error: MpError };

export interface MpError {
  /** Exception class: ValueError, Full, Empty, EOFError, OSError, BrokenPipeError, TimeoutError, AssertionError, ... */
  name: string;
  message: string;
  /** For a task that raised in a pool worker: the remote stack, as text. */
  remoteStack?: string;
}

/** What a process of the run is, as its threads see it (currentProcess()). */
export interface ProcessIdentity {
  id: number;
  name: string;
  daemon: boolean;
  /** Pool workers: the Pool's id. */
  pool?: number;
}

/** Runner → child, once, right after fork. */
export interface ChildInit {
  type: 'init';
  identity: ProcessIdentity;
  bundlePath: string;
  sourceMap?: string;
  captureSites: boolean;
  sleepScale: number;
  /** The run's start on the system-wide monotonic clock (process.hrtime.bigint(), as a decimal string). */
  t0Hr: string;
  /** Export name (or builtin name) of the target, and its serialized StartSpec with pickled args. */
  target: string;
  spec: Uint8Array;
}

export type RunnerToChild =
  | ChildInit
  | { type: 'reply'; tid: number; result: MpResult }
  /** Its non-daemon children have ended and its daemon children were terminated: exit now. */
  | { type: 'exit' };

/** Child → runner. Thread ids, primitive ids, site and string indices are the child's own; the runner maps them. */
export type ChildToRunner =
  | {
      type: 'trace';
      threads: ThreadInfo[];
      sites: SitePos[];
      strings: string[];
      primitives: PrimitiveInfo[];
      batch?: EventBatch;
    }
  | { type: 'call'; tid: number; op: string; args: unknown; begin?: ChildEv; effect?: ChildEv }
  | { type: 'rec'; tid: number; events: ChildEv[] }
  /** Its MainThread is done (exit code as Python's): the runner joins its children, then answers `exit`. */
  | { type: 'mainDone'; code: number };

/** Extra workerData a child process gives its scenario workers. */
export interface MpWorkerData {
  mpProcess?: ProcessIdentity;
}
