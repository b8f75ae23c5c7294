// Scenario workers booted ahead of the run. Booting a worker (Node's bootstrap and dist/worker.js)
// costs ~20 ms of CPU each, ~85 ms for seven on two cores, and a run needs seven before its clock
// starts (MainThread and the prewarmed pool). A runner forked ahead of time parks them while it waits
// for its run; then a run only sends each one its init and waits for the scenario bundle to load.
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { BootMessage, ParkedInit, WorkerInit } from '../worker/protocol';

export const WORKER_HEAP_MB = 1024;

/** A scenario worker as the runner starts it: parked, or with its init at once. */
function newScenarioWorker(distDir: string, data: WorkerInit | ParkedInit): Worker {
  return new Worker(join(distDir, 'worker.js'), {
    workerData: data,
    execArgv: ['--enable-source-maps'],
    // A scenario that eats memory loses its thread (ERR_WORKER_OUT_OF_MEMORY), not the machine.
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    stdout: false,
    stderr: false,
  });
}

export class WorkerPark {
  private readonly idle = new Set<Worker>();

  constructor(private readonly distDir: string) {}

  /** Boots workers until `n` are parked. */
  fill(n: number): void {
    while (this.idle.size < n) {
      const w = newScenarioWorker(this.distDir, { parked: true });
      this.idle.add(w);
      // A parked worker that dies (out of memory at boot) is simply not there to take.
      w.once('exit', () => this.idle.delete(w));
      w.once('error', () => this.idle.delete(w));
    }
  }

  /** A worker running `init`: a parked one if any is left, else a new one. */
  take(init: WorkerInit): Worker {
    const [w] = this.idle;
    if (!w) return newScenarioWorker(this.distDir, init);
    this.idle.delete(w);
    w.removeAllListeners();
    w.postMessage({ type: 'boot', init } satisfies BootMessage);
    return w;
  }

  /** Ends the parked workers (the runner does something that needs none). */
  close(): void {
    for (const w of this.idle) void w.terminate();
    this.idle.clear();
  }
}
