// Messages between a host (CLI, extension, tests) and the runner child process.
// The runner streams everything the trace needs as it happens, so a host that has to kill a
// runner still holds the partial trace (TraceBuilder in core/trace/builder.ts assembles it).
import type { EventBatch, Outcome, PrimitiveInfo, ProcessInfo, ScenarioError, ThreadInfo, TraceMeta } from '../trace/format';

export interface RunOptions {
  /** Absolute path of the scenario file. */
  file: string;
  /** Export name; omitted: the only scenario of the file (an error if there are several). */
  scenario?: string;
  /** Seconds of wall time before the run ends as `timeout`. */
  timeLimitS: number;
  /** Record the user's source location of every operation (costs one stack capture per op). */
  captureSites: boolean;
  /** Multiplies every sleep() and timeout, to make slow teaching scenarios quick. */
  sleepScale: number;
  /** Worker threads prepared before main starts (default 6), so start() does not pay worker spawn time. */
  prewarm?: number;
  /** Deterministic mode (issue 7): seed and strategy. */
  deterministic?: { seed: number; strategy: 'random' | 'pct' | 'replay'; schedule?: number[]; depth?: number };
}

export type HostToRunner =
  | { type: 'run'; options: RunOptions }
  | { type: 'list'; file: string }
  | { type: 'stop' };

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
  | { type: 'error'; error: ScenarioError };

export function isRunnerToHost(m: unknown): m is RunnerToHost {
  return typeof m === 'object' && m !== null && typeof (m as { type?: unknown }).type === 'string';
}
