// Entry of a multiprocessing child process (forked by the runner for a Process or a Pool worker).
// It waits for its init, then runs a ChildRun. It never outlives the runner: when the IPC channel
// closes (the runner exited, was killed, or the run ended), it exits at once, with every thread.
import { ChildRun } from '../mp/child-run';
import type { ChildToRunner, RunnerToChild } from '../mp/protocol';

// IPC writes are ordered: once the last one is flushed, all are.
let flushed = Promise.resolve();
const send = (m: ChildToRunner) => {
  if (!process.connected) return;
  flushed = new Promise((resolve) => process.send!(m, undefined, {}, () => resolve()));
};
let run: ChildRun | undefined;

process.on('message', (m: RunnerToChild) => {
  if (m.type === 'init') {
    run = new ChildRun(m, __dirname, send, (code) => void flushed.then(() => process.exit(code)));
    run.start();
  } else run?.onMessage(m);
});

process.on('disconnect', () => process.exit(1));

// terminate() (SIGTERM) ends the process as in Python, but what its threads recorded up to that
// moment is sent first; then the signal is raised again so the parent sees exitcode -15.
process.on('SIGTERM', () => {
  run?.sendRecorded();
  void flushed.then(() => {
    process.removeAllListeners('SIGTERM');
    process.kill(process.pid, 'SIGTERM');
  });
});
