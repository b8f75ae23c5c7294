// The run's processes: MainProcess (the runner) and every child it forked for a Process or a
// Pool worker. Python's rules: names from a per-process counter (Process-1, Process-1:2),
// daemonic processes may not have children, a process at exit terminates its daemonic children
// and joins the others, exitcode is 0, 1 when the target raised, -N when signal N ended it.
// However a child ends, its lanes end with the reason and the parent sees its exit code.
import type { ExitReasonName } from '../../core/trace/kinds';
import type { ProcessInfo, ThreadInfo } from '../../core/trace/format';
import type { RunnerToHost } from '../../core/protocol/runner';
import type { ChildLink } from './child-link';
import { ok, Pending, type Reply } from './pending';

export interface Proc {
  info: ProcessInfo;
  /** Python's _identity: (1,), (1, 2), ... */
  identity: number[];
  children: number;
  link?: ChildLink;
  exitCode: number | null;
  joiners: Pending[];
  /** Exit code its MainThread ended with (before the process joined its children and exited). */
  mainDoneCode?: number;
  /** Set before the runner ends it, so its lanes say why. */
  ending?: { exit: ExitReasonName; why: string };
}

export class ProcessTable {
  readonly procs: Proc[] = [];
  private readonly exitWatchers: (() => void)[] = [];
  private mainAnnounced = false;
  /** Processes in their exit (joining children): they start no more. */
  private readonly exiting = new Set<number>();
  /** The run is ending. */
  stopping = false;

  constructor(
    private readonly send: (m: RunnerToHost) => void,
    private readonly nowNs: () => number,
  ) {
    this.procs.push({
      info: { id: 0, name: 'MainProcess', pid: process.pid, parent: -1, daemon: false, mainThread: 1, start: 0 },
      identity: [],
      children: 0,
      exitCode: null,
      joiners: [],
    });
  }

  get(id: number): Proc {
    const p = this.procs[id];
    if (!p) throw Object.assign(new Error(`no process ${id}`), { name: 'ValueError' });
    return p;
  }

  /** A new child's entry and name (the caller forks it and sets `link`). */
  add(parent: number, prefix: string, name: string | undefined, daemon: boolean, target: string | undefined, mainTid: number, pool?: number): Proc {
    const par = this.get(parent);
    if (par.info.daemon) throw Object.assign(new Error('daemonic processes are not allowed to have children'), { name: 'AssertionError' });
    if (!this.mainAnnounced) {
      this.mainAnnounced = true;
      this.announce(this.procs[0]);
    }
    const identity = [...par.identity, ++par.children];
    const proc: Proc = {
      info: {
        id: this.procs.length,
        name: name ?? `${prefix}-${identity.join(':')}`,
        pid: 0,
        parent,
        daemon,
        target,
        mainThread: mainTid,
        pool,
        start: this.nowNs(),
      },
      identity,
      children: 0,
      exitCode: null,
      joiners: [],
    };
    this.procs.push(proc);
    return proc;
  }

  /** For the watchdog: the threads of child processes that may still do something. */
  liveThreads(): number[] {
    const live: number[] = [];
    for (const p of this.procs) {
      // A process being terminated or killed is about to end: its waits wake no one and need no one.
      if (p.exitCode !== null || !p.link || p.ending) continue;
      const before = live.length;
      for (const t of p.link.merge.threads.values()) if (!t.exit) live.push(t.id);
      // Its threads are done but the OS process has not exited yet (on a loaded machine that takes
      // a while): it is exiting, and its exit wakes whoever joins it, so it counts as running. Not
      // while it waits at its exit for children of its own: their threads stand for it.
      const exiting = live.length === before && !this.procs.some((c) => c.info.parent === p.info.id && c.exitCode === null);
      if (exiting && p.info.mainThread !== undefined) live.push(p.info.mainThread);
    }
    return live;
  }

  canStart(parent: number): boolean {
    return !this.stopping && !this.exiting.has(parent) && this.procs[parent]?.exitCode === null;
  }

  announce(p: Proc): void {
    this.send({ type: 'process', process: { ...p.info } });
  }

  join(p: Proc, timeoutMs: number, reply: Reply): void {
    if (p.exitCode !== null || timeoutMs === 0) return reply(ok(p.exitCode));
    p.joiners.push(new Pending(reply, timeoutMs, () => ok(p.exitCode)));
  }

  signal(p: Proc, signal: NodeJS.Signals, why: ExitReasonName, text: string): void {
    if (p.exitCode !== null || !p.link?.alive) return;
    p.ending ??= { exit: why, why: text };
    p.link.kill(signal);
  }

  /** The OS process is gone: record how, end the lanes it could not end itself, wake its joiners. */
  exited(p: Proc, exitCode: number, signal: NodeJS.Signals | null): void {
    if (p.exitCode !== null) return;
    p.exitCode = exitCode;
    const reason =
      p.ending?.why ??
      (signal
        ? `killed by ${signal}`
        : exitCode === 0
          ? 'exited normally'
          : p.mainDoneCode === 1 && exitCode === 1
            ? 'its target raised an exception'
            : `exited with code ${exitCode}`);
    Object.assign(p.info, { end: this.nowNs(), exitCode, reason });
    this.announce(p);
    for (const t of p.link?.merge.threads.values() ?? []) {
      if (t.exit) continue;
      const exit: ExitReasonName = p.ending?.exit ?? 'killed';
      const ended: ThreadInfo = { ...t, exit, end: p.info.end };
      if (exit === 'killed') ended.error = { message: `${p.info.name} (pid ${p.info.pid}) ${reason}` };
      p.link!.merge.end(ended);
    }
    for (const j of p.joiners.splice(0)) j.resolve(ok(exitCode));
    for (const w of this.exitWatchers.splice(0)) w();
  }

  /** Python's exit of process `id`: terminate its daemonic children, then wait for all of them. */
  async atExit(id: number): Promise<void> {
    this.exiting.add(id);
    const kids = this.procs.filter((c) => c.info.parent === id && c.exitCode === null);
    for (const k of kids) if (k.info.daemon) this.signal(k, 'SIGTERM', 'cutoff', `terminated at ${this.get(id).info.name}'s exit (daemon process)`);
    await this.until(() => kids.every((k) => k.exitCode !== null));
  }

  /** The run ends: every live child is killed, and its lanes end as `why`. */
  async stopAll(exit: ExitReasonName, why: string, graceMs: number): Promise<void> {
    this.stopping = true;
    const live = this.procs.filter((p) => p.link && p.exitCode === null);
    for (const p of live) this.signal(p, 'SIGKILL', exit, why);
    await Promise.race([this.until(() => live.every((p) => p.exitCode !== null)), new Promise((r) => setTimeout(r, graceMs).unref())]);
  }

  /** Ends MainProcess's record (only if children were started: otherwise the trace has no process table). */
  endMain(exitCode: number | undefined, reason: string): void {
    if (!this.mainAnnounced) return;
    Object.assign(this.procs[0].info, { end: this.nowNs(), exitCode, reason });
    this.announce(this.procs[0]);
  }

  private until(cond: () => boolean): Promise<void> {
    return new Promise((resolve) => {
      const check = () => (cond() ? resolve() : this.exitWatchers.push(check));
      check();
    });
  }
}
