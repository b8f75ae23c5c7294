// A child process's own small runner. The child has its own memory, so its own shared buffers,
// thread table and event rings; its MainThread (the Process target) and any Thread it starts run
// in worker threads of dist/worker.js, exactly as in the runner. This main JS thread never blocks:
// it drains the rings onto the run's clock and streams them to the runner, and relays the
// threads' multiprocessing calls to the coordinator there.
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ThreadInfo } from '../../core/trace/format';
import { exitReasonName } from '../../core/trace/kinds';
import { newRingBuffer, RingHeader } from '../shm/ring';
import { Drain } from '../runner/drain';
import { SharedHeap } from '../shm/heap';
import { CONTROL_BYTES, Ctl, POOL_INDEX, Slot, ThreadState, slotIndex } from '../shm/layout';
import type { WorkerInit, WorkerToRunner } from '../worker/protocol';
import { hrOrigin } from './clock';
import { ThreadPorts } from './ports';
import type { ChildEv, ChildInit, ChildToRunner, LocalEv, MpFromThread, MpWorkerData, RunnerToChild } from './protocol';

const HEAP_BYTES = 32 << 20;
const DRAIN_MS = 5;

interface ChildWorker {
  worker: Worker;
  tid: number;
}

export class ChildRun {
  private readonly control = new SharedArrayBuffer(CONTROL_BYTES);
  private readonly ctl = new Int32Array(this.control);
  private readonly heapBuffer = new SharedArrayBuffer(HEAP_BYTES);
  private readonly heap = new SharedHeap(this.heapBuffer, this.control);
  private readonly drain: Drain;
  private readonly t0: number;
  private readonly workers: ChildWorker[] = [];
  private readonly ports = new ThreadPorts();
  private readonly threads = new Map<number, ThreadInfo>();
  private sitesSent = 0;
  private stringsSent = 0;
  private timer?: NodeJS.Timeout;
  private exitCode?: number;

  constructor(
    private readonly init: ChildInit,
    private readonly distDir: string,
    private readonly send: (m: ChildToRunner) => void,
    /** Exits the process once what was sent has left. */
    private readonly exit: (code: number) => void,
  ) {
    SharedHeap.initialize(this.control);
    // The run's start on this process's performance.now() clock (one monotonic clock system-wide).
    this.t0 = Number(BigInt(init.t0Hr) - hrOrigin()) / 1e6;
    this.drain = new Drain(this.heap, this.t0, dirname(init.bundlePath));
  }

  start(): void {
    const { ctl, heap, init } = this;
    Atomics.store(ctl, Ctl.NEXT_THREAD, 1);
    ctl[slotIndex(1, Slot.NAME)] = heap.writeString('MainThread');
    ctl[slotIndex(1, Slot.TARGET)] = heap.writeString(init.target);
    ctl[slotIndex(1, Slot.START)] = heap.writeBytes(init.spec);
    ctl[slotIndex(1, Slot.INTERVAL)] = -1;
    Atomics.store(ctl, slotIndex(1, Slot.STATE), ThreadState.starting);
    this.spawn(1);
    this.timer = setInterval(() => this.flush(), DRAIN_MS);
  }

  onMessage(m: RunnerToChild): void {
    if (m.type === 'reply') this.ports.reply(m.tid, m.result);
    else if (m.type === 'exit') this.finish();
  }

  /** Sends what the threads recorded so far (the process is being terminated). */
  sendRecorded(): void {
    clearInterval(this.timer);
    this.flush();
  }

  /** A worker for thread `tid`: its mailbox already holds the tid, so it runs it once loaded. */
  private spawn(tid: number): void {
    const ring = newRingBuffer();
    // The ring carries `tid` from the first record (a revived argument may record before the thread starts).
    Atomics.store(new Int32Array(ring), RingHeader.TID, tid);
    const mailbox = Atomics.load(this.ctl, Ctl.POOL_COUNT);
    Atomics.store(this.ctl, POOL_INDEX + mailbox, tid);
    Atomics.add(this.ctl, Ctl.POOL_COUNT, 1);
    const data: WorkerInit & MpWorkerData = {
      role: 'pool',
      mailbox,
      control: this.control,
      heap: this.heapBuffer,
      ring,
      bundlePath: this.init.bundlePath,
      sourceMap: this.init.sourceMap,
      captureSites: this.init.captureSites,
      sleepScale: this.init.sleepScale,
      mpProcess: this.init.identity,
    };
    const worker = new Worker(join(this.distDir, 'worker.js'), { workerData: data, execArgv: ['--enable-source-maps'] });
    const w: ChildWorker = { worker, tid };
    this.workers.push(w);
    this.drain.add(ring);
    worker.on('message', (m: WorkerToRunner) => this.onWorkerMessage(w, m));
    worker.on('exit', (code) => this.onWorkerExit(w, code));
  }

  private onWorkerMessage(w: ChildWorker, m: WorkerToRunner): void {
    switch (m.type) {
      case 'start':
        this.spawn(m.tid);
        break;
      case 'running':
        this.announce(m.tid);
        break;
      case 'ended':
        void w.worker.terminate();
        break;
      case 'mainDone':
        this.mainDone(m.raised ? 1 : 0);
        break;
      case 'mp':
      case 'mpRec':
        this.relay(m);
        break;
    }
  }

  private onWorkerExit(w: ChildWorker, code: number): void {
    this.drain.close(w.tid);
    this.ports.forget(w.tid);
    // process.exit(n) in the target ends this process with n, as sys.exit(n) would.
    const info = this.threads.get(w.tid);
    if (w.tid === 1 && info && Atomics.load(this.ctl, slotIndex(1, Slot.STATE)) !== ThreadState.done) {
      Object.assign(info, {
        exit: 'killed',
        end: Math.round((performance.now() - this.t0) * 1e6),
        error: { message: `process.exit(${code}) ended the process` },
      });
      this.mainDone(code);
    }
  }

  private mainDone(code: number): void {
    if (this.exitCode !== undefined) return;
    this.exitCode = code;
    this.flush();
    this.send({ type: 'mainDone', code });
  }

  private relay(m: MpFromThread): void {
    this.ports.accept(m);
    if (m.type === 'mp') {
      this.send({ type: 'call', tid: m.tid, op: m.op, args: m.args, begin: m.begin && this.ev(m.begin), effect: m.effect && this.ev(m.effect) });
    } else this.send({ type: 'rec', tid: m.tid, events: m.events.map((e) => this.ev(e)) });
  }

  private ev([k, t, p, a, q, l, at]: LocalEv): ChildEv {
    const site = at > 0 ? this.drain.position(this.drain.site(at)) : undefined;
    return { k, t: Math.round((t - this.t0) * 1e6), p, a, q, l, at: site ?? null };
  }

  private announce(tid: number): void {
    const { ctl, heap } = this;
    const target = ctl[slotIndex(tid, Slot.TARGET)];
    const interval = ctl[slotIndex(tid, Slot.INTERVAL)];
    const info: ThreadInfo = {
      id: tid,
      name: heap.readString(ctl[slotIndex(tid, Slot.NAME)]),
      daemon: ctl[slotIndex(tid, Slot.DAEMON)] === 1,
      parent: ctl[slotIndex(tid, Slot.PARENT)],
      ident: tid,
      target: target && tid !== 1 ? heap.readString(target) : undefined,
      timerInterval: interval >= 0 ? interval / 1000 : undefined,
    };
    this.threads.set(tid, info);
    this.flush([info]);
  }

  /** Sends what the rings hold (and `threads`), with every site and string new since the last time. */
  private flush(threads: ThreadInfo[] = []): void {
    const d = this.drain.drain();
    const sites = this.drain.sites.slice(this.sitesSent).map((_, i) => this.drain.position(this.sitesSent + i)!);
    this.sitesSent = this.drain.sites.length;
    const strings = this.drain.strings.slice(this.stringsSent);
    this.stringsSent = this.drain.strings.length;
    this.send({ type: 'trace', threads, sites, strings, primitives: d.primitives, batch: d.batch });
  }

  /** Ends the process: daemon threads are cut off, the last events and every thread's end are sent. */
  private finish(): void {
    clearInterval(this.timer);
    Atomics.store(this.ctl, Ctl.STOP, 1);
    void Promise.all(this.workers.map((w) => w.worker.terminate())).then(() => {
      this.drain.closeAll();
      const ended: ThreadInfo[] = [];
      for (const [tid, info] of this.threads) {
        if (info.exit === 'killed') {
          ended.push(info);
          continue;
        }
        const done = Atomics.load(this.ctl, slotIndex(tid, Slot.STATE)) === ThreadState.done;
        info.name = this.heap.readString(this.ctl[slotIndex(tid, Slot.NAME)]);
        info.exit = done ? (exitReasonName[this.ctl[slotIndex(tid, Slot.EXIT)]] as ThreadInfo['exit']) : info.daemon ? 'cutoff' : 'stopped';
        if (info.exit === 'exception') info.error = this.drain.exceptions.get(tid);
        ended.push(info);
      }
      this.flush(ended);
      this.exit(this.exitCode ?? 0);
    });
  }
}
