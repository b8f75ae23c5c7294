// What several benchmarks measure themselves against, and how they summarise samples. A bench that
// forks baselines re-runs its own bundle as the child (`node dist/bench/X.js child`).
import { fork } from 'node:child_process';

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
