// The messages between a runner (the runner process's Run and explore pool, a child process's
// ChildRun) and its scenario workers, and the init a worker boots with. worker/main.ts is the
// worker's end; runner/run.ts, runner/park.ts, runner/explore*.ts and mp/child-run.ts the runner's.
import type { MpFromThread } from '../mp/protocol';

export interface WorkerInit {
  /** main: runs the scenario when told; pool: idles on its mailbox until handed a thread; list: loads and reports;
   *  explore: a pool worker that returns to its mailbox after each thread, for the next run of an exploration. */
  role: 'main' | 'pool' | 'list' | 'explore';
  /** Pool workers: index of the mailbox word (layout.ts POOL_INDEX). */
  mailbox: number;
  control: SharedArrayBuffer;
  heap: SharedArrayBuffer;
  ring: SharedArrayBuffer;
  bundlePath: string;
  sourceMap?: string;
  captureSites: boolean;
  sleepScale: number;
  /** Deterministic mode: the controlled scheduler's shared state (sched/layout.ts). */
  sched?: SharedArrayBuffer;
  /** Explore workers: the scenario export MainThread runs. */
  scenario?: string;
  /** Explore workers: names of the shared fields whose reads and writes are scheduling points marked `racing` (ExploreOptions.raceFields). */
  raceFields?: string[];
}

/** What a runner forks ahead: a worker that has booted (Node and this module) and waits for its init. */
export interface ParkedInit {
  parked: true;
}
/** The runner's message that gives a parked worker its run. */
export interface BootMessage {
  type: 'boot';
  init: WorkerInit;
}

/** Worker → runner messages. */
export type WorkerToRunner =
  | { type: 'loaded'; scenarios: { name: string; title: string }[] }
  | { type: 'loadError'; message: string; stack?: string }
  /** No idle worker could be claimed: the runner must provide one for `tid`. */
  | { type: 'start'; tid: number }
  /** A pool worker took thread `tid` (its ring now carries that thread's events). */
  | { type: 'running'; tid: number }
  | { type: 'ended'; tid: number }
  | { type: 'mainDone'; raised: boolean }
  /** A multiprocessing call or record (mp/protocol.ts), for the coordinator. */
  | MpFromThread;

/** Runner → worker messages. */
export type RunnerToWorker = { type: 'main'; scenario: string };

/** Symbol.for key of the worker's site register, which a marked scenario bundle writes (docs/call-sites.md). */
export const SITE_REGISTER = 'interleave.site';
