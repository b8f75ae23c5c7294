// The runner's end of one child process: forks dist/process-child.js, sends it its init, merges
// its trace stream, relays its threads' calls to the coordinator and the answers back, and
// reports how it ended. The child inherits the runner's stdout/stderr, so what it prints reaches
// the host as the scenario's output.
import { fork, type ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import { join } from 'node:path';
import { TraceMerge, type MergeEnv } from './merge';
import type { ChildEv, ChildInit, ChildToRunner, Ev, MpResult, RunnerToChild } from './protocol';

export interface LinkHandlers {
  call(tid: number, op: string, args: unknown, begin: Ev | undefined, effect: Ev | undefined, reply: (r: MpResult) => void): void;
  record(tid: number, events: Ev[]): void;
  mainDone(code: number): void;
  /** The OS process is gone: Python's exitcode (negative: the signal). */
  exited(exitCode: number, signal: NodeJS.Signals | null): void;
}

export class ChildLink {
  readonly proc: ChildProcess;
  readonly merge: TraceMerge;

  constructor(env: MergeEnv, distDir: string, processId: number, mainTid: number, starter: number, init: ChildInit, h: LinkHandlers) {
    this.merge = new TraceMerge(env, processId, mainTid, starter);
    this.proc = fork(join(distDir, 'process-child.js'), [], {
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: ['--enable-source-maps'],
    });
    const ev = (e: ChildEv): Ev => ({ ...e, at: this.merge.site(e.at) });
    this.proc.on('message', (m: ChildToRunner) => {
      switch (m.type) {
        case 'trace':
          this.merge.accept(m);
          break;
        case 'call': {
          const tid = this.merge.tid(m.tid);
          h.call(tid, m.op, m.args, m.begin && ev(m.begin), m.effect && ev(m.effect), (result) => this.send({ type: 'reply', tid: m.tid, result }));
          break;
        }
        case 'rec':
          h.record(this.merge.tid(m.tid), m.events.map(ev));
          break;
        case 'mainDone':
          h.mainDone(m.code);
          break;
      }
    });
    // 'close', not 'exit': it comes once the IPC channel has delivered every message the child sent,
    // so a child's last trace (sent as it was terminated) is merged before its lanes are ended.
    this.proc.on('close', (code, signal) => h.exited(signal ? -(constants.signals[signal] ?? 1) : (code ?? 1), signal));
    // A fork that fails (no memory, no such file) reports here and then exits.
    this.proc.on('error', () => undefined);
    this.send(init);
  }

  get alive(): boolean {
    return this.proc.exitCode === null && this.proc.signalCode === null;
  }

  send(m: RunnerToChild): void {
    if (this.proc.connected) this.proc.send(m);
  }

  kill(signal: NodeJS.Signals): void {
    if (this.alive) this.proc.kill(signal);
  }
}
