// Entry of the runner child process. Scenario code never runs in whoever launched us (the VS Code
// extension host, the CLI): it runs in this process's workers, and this process can be killed.
import { DEFAULT_PREWARM, Run } from './run';
import { warmBundler } from './bundle';
import { WorkerPark } from './park';
import { explore, type Exploration } from './explore';
import type { HostToRunner, RunnerToHost } from '../../core/protocol/runner';

// A runner may be forked ahead and wait idle for its run: get the bundler's service going and the
// run's workers booted (MainThread and the prewarmed pool) meanwhile.
warmBundler();
const park = new WorkerPark(__dirname);
park.fill(1 + DEFAULT_PREWARM);

// IPC writes are ordered: once the last one is flushed, all are.
let flushed = Promise.resolve();
const send = (m: RunnerToHost) => {
  flushed = new Promise((resolve) => process.send!(m, undefined, {}, () => resolve()));
};
let current: Run | undefined;
let exploration: Exploration | undefined;

process.on('message', (m: HostToRunner) => {
  if (m.type === 'run') {
    current = new Run(m.options, send, __dirname, park);
    void current.start();
    void current.done.then(() => exitWhenSent());
  } else if (m.type === 'list') {
    const run = new Run({ file: m.file, timeLimitS: 30, captureSites: false, sleepScale: 1, prewarm: 0 }, send, __dirname, park);
    void run.list().then((r) => {
      if (Array.isArray(r)) send({ type: 'scenarios', file: m.file, scenarios: r });
      else send({ type: 'error', error: r });
      exitWhenSent();
    });
  } else if (m.type === 'explore') {
    // An exploration starts workers of its own.
    park.close();
    exploration = explore(m.options, __dirname, (progress) => send({ type: 'exploreProgress', progress }));
    void exploration.done.then((result) => {
      send({ type: 'exploreDone', result });
      exitWhenSent();
    });
  } else if (m.type === 'stop') {
    current?.stop();
    exploration?.cancel();
  } else if (m.type === 'step') {
    current?.step(m.command);
  }
});

// The host going away (killed, crashed) must end us and every worker: no orphans.
process.on('disconnect', () => process.exit(0));

function exitWhenSent(): void {
  void flushed.then(() => process.exit(0));
}
