// The host side of an exploration (CLI, VS Code extension): starts a runner process, which runs
// the schedules on its own reused workers, and passes its progress on. Never blocks the caller.
//
//   const x = exploreScenario({ file, runs: 1000, strategy: 'pct', seed: 1, sleepScale: 1 }, (p) => bar(p.done / p.total));
//   x.cancel();                    // the runs so far are kept: `done` resolves with cancelled: true
//   const { rows } = await x.done; // rows[i]: kind, label ("x = 2"), count, seed, schedule
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ExploreOptions, ExploreProgress, ExploreResult, HostToRunner } from '../../core/protocol/runner';
import { isRunnerToHost } from '../../core/protocol/runner';
import { defaultDistDir, type HostEnv } from './run';

export interface ExploreHandle {
  /** Stops after the current run; `done` then resolves with the outcomes so far. */
  cancel(): void;
  readonly done: Promise<ExploreResult>;
}

export function exploreScenario(options: ExploreOptions, onProgress?: (p: ExploreProgress) => void, env: HostEnv = {}): ExploreHandle {
  const distDir = env.distDir ?? defaultDistDir();
  const runner = join(distDir, 'runner.js');
  if (!existsSync(runner)) throw new Error(`interleave: ${runner} is missing; run 'npm run build' first`);
  const child = fork(runner, [], {
    execPath: env.execPath,
    env: { ...process.env, ...env.env },
    serialization: 'advanced',
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-8000)));
  child.stdout?.resume();
  let last: ExploreProgress = { done: 0, total: options.runs, rows: [], elapsedMs: 0 };
  const done = new Promise<ExploreResult>((resolve) => {
    child.on('message', (m: unknown) => {
      if (!isRunnerToHost(m)) return;
      if (m.type === 'exploreProgress') {
        last = m.progress;
        onProgress?.(m.progress);
      } else if (m.type === 'exploreDone') resolve(m.result);
    });
    child.on('exit', (code, signal) =>
      resolve({
        ...last,
        cancelled: true,
        scenario: options.scenario ?? '',
        strategy: options.strategy,
        seed: options.seed,
        depth: options.depth ?? 3,
        steps: 0,
        error: { kind: 'internal', message: `the runner process ended (${signal ?? `exit code ${code}`}) before the exploration finished\n${stderr}` },
      }),
    );
  });
  const send = (m: HostToRunner) => child.connected && child.send(m);
  send({ type: 'explore', options });
  return { done, cancel: () => send({ type: 'stop' }) };
}
