// The run's threads as the trace lists them: announced when a worker takes one (name, daemon,
// parent and target read from the shared thread table), and at the end given their final name
// and how they ended.
import type { OutcomeKind, ThreadInfo } from '../../core/trace/format';
import { exitReasonName } from '../../core/trace/kinds';
import type { SharedHeap } from '../shm/heap';
import { Ctl, MAX_THREADS, RECORDER_WAIT_F64_OFFSET_BYTES, Slot, ThreadState, slotIndex } from '../shm/layout';

export class ThreadTable {
  private readonly threads = new Map<number, ThreadInfo>();
  /** Each thread's ms of waiting for the runner to take its events (written by its recorder, shm/ring.ts). */
  private readonly recorderWaitMs: Float64Array;

  constructor(
    private readonly ctl: Int32Array,
    private readonly heap: SharedHeap,
    private readonly send: (thread: ThreadInfo) => void,
  ) {
    this.recorderWaitMs = new Float64Array(ctl.buffer, RECORDER_WAIT_F64_OFFSET_BYTES, MAX_THREADS);
  }

  get(tid: number): ThreadInfo | undefined {
    return this.threads.get(tid);
  }

  killed(): ThreadInfo[] {
    return [...this.threads.values()].filter((t) => t.exit === 'killed');
  }

  /** Threads that waited for the runner to take their events (after finish). */
  recorderWaits(): { thread: number; ns: number }[] {
    return [...this.threads.values()].filter((t) => t.recorderWaitNs).map((t) => ({ thread: t.id, ns: t.recorderWaitNs! }));
  }

  announce(tid: number): void {
    const ctl = this.ctl;
    const interval = ctl[slotIndex(tid, Slot.INTERVAL)];
    const target = ctl[slotIndex(tid, Slot.TARGET)];
    const info: ThreadInfo = {
      id: tid,
      name: this.heap.readString(ctl[slotIndex(tid, Slot.NAME)]),
      daemon: ctl[slotIndex(tid, Slot.DAEMON)] === 1,
      parent: ctl[slotIndex(tid, Slot.PARENT)],
      ident: tid,
      target: target ? this.heap.readString(target) : undefined,
      timerInterval: interval >= 0 ? interval / 1000 : undefined,
    };
    this.threads.set(tid, info);
    this.send(info);
  }

  /** True if no thread is starting or running: every ring is final, and the workers can be ended after the outcome. */
  allDone(): boolean {
    const last = Atomics.load(this.ctl, Ctl.NEXT_THREAD);
    for (let tid = 1; tid <= last; tid++) {
      const state = Atomics.load(this.ctl, slotIndex(tid, Slot.STATE));
      if (state === ThreadState.starting || state === ThreadState.running) return false;
    }
    return true;
  }

  /** The thread's worker died (out of memory, an error outside its target); the run goes on. */
  kill(tid: number, error: ThreadInfo['error']): void {
    const info = this.threads.get(tid);
    if (!info) return;
    info.exit = 'killed';
    info.error = error;
  }

  /** At the end: every thread that ran, with its final name and exit; `exceptions` gives the raised ones their error. */
  finish(kind: OutcomeKind, exceptions: ReadonlyMap<number, { message: string; stack?: string }>): void {
    // A thread's 'running' message can trail MainThread's end: announce from the table what ran.
    const last = Atomics.load(this.ctl, Ctl.NEXT_THREAD);
    for (let tid = 1; tid <= last; tid++) {
      if (!this.threads.has(tid) && Atomics.load(this.ctl, slotIndex(tid, Slot.STATE)) >= ThreadState.starting) this.announce(tid);
    }
    const normalExit = kind === 'completed' || kind === 'exception';
    for (const [tid, info] of this.threads) {
      const state = Atomics.load(this.ctl, slotIndex(tid, Slot.STATE));
      info.name = this.heap.readString(this.ctl[slotIndex(tid, Slot.NAME)]);
      if (state === ThreadState.done && info.exit !== 'killed') info.exit = exitReasonName[this.ctl[slotIndex(tid, Slot.EXIT)]] as ThreadInfo['exit'];
      else if (state !== ThreadState.done && info.exit !== 'killed') info.exit = normalExit && info.daemon ? 'cutoff' : 'stopped';
      if (info.exit === 'exception') info.error = exceptions.get(tid);
      const waitedMs = this.recorderWaitMs[tid];
      if (waitedMs > 0) info.recorderWaitNs = Math.round(waitedMs * 1e6);
      this.send(info);
    }
  }
}
