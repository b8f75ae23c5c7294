// What several benchmarks measure themselves against, and how they summarise samples. A bench that
// forks baselines re-runs its own bundle as the child (`node dist/bench/X.js child`).
import { fork } from 'node:child_process';
import { parentPort, Worker, workerData } from 'node:worker_threads';

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)];

/** The forked side of the baselines: answers every message, from its first moment. */
export function baselineChild(): void {
  process.on('message', (m) => process.send!(m));
  process.send!('up');
}

/** A bare `fork` of Node up to its first IPC message, `n` times (ms each). */
export async function rawSpawnMs(bundle: string, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const c = fork(bundle, ['child'], { serialization: 'advanced' });
    await new Promise((r) => c.once('message', r));
    out.push(performance.now() - t0);
    c.kill();
  }
  return out;
}

/**
 * A raw hammer's time: `threads` workers of `bundle` (each given `data`, its ops and a start word),
 * timed from the moment all have loaded and are released together to the last one's end, in ns an op.
 * A worker's load (tens of ms of CPU each) is not the hammer's cost, and a run's clock starts once its
 * pool has loaded (src/runtime/runner/run.ts): counting it made the baseline slower than it is.
 */
export async function timeWorkers(bundle: string, threads: number, ops: number, data: object): Promise<number> {
  const start = new Int32Array(new SharedArrayBuffer(4));
  const workers = Array.from({ length: threads }, () => new Worker(bundle, { workerData: { ...data, ops, start: start.buffer } }));
  const next = () => Promise.all(workers.map((w) => new Promise((r) => w.once('message', r))));
  await next();
  const t0 = performance.now();
  Atomics.store(start, 0, 1);
  Atomics.notify(start, 0);
  await next();
  return ((performance.now() - t0) * 1e6) / (threads * ops);
}

/** A timeWorkers worker: says it has loaded, waits for the start and returns its workerData; it posts 'done' at its end. */
export function workerStart<T>(): T & { ops: number } {
  const data = workerData as T & { ops: number; start: SharedArrayBuffer };
  parentPort!.postMessage('loaded');
  Atomics.wait(new Int32Array(data.start), 0, 0);
  return data;
}
