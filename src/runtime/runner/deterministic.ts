// The runner's side of a deterministic run: prepares the scheduler's shared state, learns
// (without ever blocking its event loop: Atomics.waitAsync) when the scheduler ends the run or
// pauses for a person in step mode, describes a pause, and passes the person's answer back.
import { findStuck, type StuckVerdict, type WaitSnapshot } from '../../core/analysis/stuck';
import type { DeterministicOptions, StepCommand, StepPause, StepThread } from '../../core/protocol/runner';
import { blockOpName, BlockOp, Ctl, Slot, ThreadState, slotIndex } from '../shm/layout';
import type { SharedHeap } from '../shm/heap';
import { prepareSched, recordedSchedule, virtualNow } from '../sched/config';
import { Answer, CAND_INDEX, End, H, Status, T, newSchedBuffer, ti } from '../sched/layout';
import type { Drain } from './drain';

type WaitAsync = (arr: Int32Array, index: number, value: number) => { async: boolean; value: Promise<string> | string };
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;

/** Resolves once arr[index] is no longer `value` (or at once if it already is not). */
export async function changed(arr: Int32Array, index: number, value: number): Promise<void> {
  const r = waitAsync(arr, index, value);
  if (r.async) await r.value;
}

/** What a deterministic run gives its control: how to look at it, end it, and show a pause. */
export interface DeterministicRun {
  readonly ctl: Int32Array;
  readonly heap: SharedHeap;
  ending(): boolean;
  /** Drains the rings, so a pause or a verdict names what was just created. */
  flush(): Drain;
  snapshot(): WaitSnapshot;
  end(kind: 'timeout' | StuckVerdict['kind'], verdict?: StuckVerdict): void;
  paused(pause: StepPause): void;
}

export class DeterministicControl {
  readonly buffer = newSchedBuffer();
  private readonly s = new Int32Array(this.buffer);
  private stopped = false;

  constructor(readonly options: DeterministicOptions) {
    prepareSched(this.buffer, options, 1);
  }

  get stepMode(): boolean {
    return this.options.step !== undefined;
  }

  /** Calls onEnd once if the scheduler ends the run (stuck: nobody can run; steps: over maxSteps), onPause at each pause. */
  private watch(onEnd: (why: 'stuck' | 'steps') => void, onPause: () => void): void {
    void (async () => {
      let end: number;
      while ((end = Atomics.load(this.s, H.END)) === End.running || end === End.mainDone) {
        await changed(this.s, H.END, end);
        if (this.stopped) return;
      }
      onEnd(end === End.stuck ? 'stuck' : 'steps');
    })();
    if (!this.stepMode) return;
    void (async () => {
      for (let seen = 0; !this.stopped;) {
        await changed(this.s, H.PAUSE_SEQ, seen);
        seen = Atomics.load(this.s, H.PAUSE_SEQ);
        if (!this.stopped && Atomics.load(this.s, H.PAUSED) !== 0) onPause();
      }
    })();
  }

  /**
   * The run's hooks: the scheduler ending it (nobody can run: a cycle is a deadlock, anything else
   * a stall, as the scheduler saw nobody able to wake them; over maxSteps: a timeout), and in step
   * mode each pause, described for the person.
   */
  attach(run: DeterministicRun): void {
    this.watch(
      (why) => {
        if (why === 'steps') return run.end('timeout');
        const snapshot = run.snapshot();
        const verdict: StuckVerdict = findStuck(snapshot) ?? { kind: 'stall', stuck: snapshot.blocked.map(({ timed: _t, ...b }) => b) };
        run.end(verdict.kind, verdict);
      },
      () => {
        if (run.ending()) return;
        const drain = run.flush();
        const name = (id: number) => {
          const p = [...drain.primitives.values()].find((x) => x.id === id);
          return p ? `${p.kind} \`${p.name}\`` : '';
        };
        run.paused(this.pause(run.ctl, run.heap, drain, name));
      },
    );
  }

  /** Ends the watchers (they wake on a notify of their word). */
  stop(): void {
    this.stopped = true;
    Atomics.notify(this.s, H.END);
    Atomics.notify(this.s, H.PAUSE_SEQ);
  }

  nowNs(): number {
    return virtualNow(this.buffer);
  }

  schedule(): number[] {
    return recordedSchedule(this.buffer);
  }

  /** Step mode: the person's answer to the current pause. */
  answer(cmd: StepCommand): void {
    const a = cmd.kind === 'thread' ? cmd.thread : cmd.kind === 'untilBlock' ? Answer.untilBlock : Answer.toEnd;
    Atomics.store(this.s, H.ANSWER, a);
    Atomics.notify(this.s, H.ANSWER);
  }

  /** Step mode: who may go next and what every live thread is about to do. */
  private pause(ctl: Int32Array, heap: SharedHeap, drain: Drain, primName: (id: number) => string): StepPause {
    const s = this.s;
    const candidates = Array.from(s.subarray(CAND_INDEX, CAND_INDEX + s[H.CANDIDATES]));
    const threads: StepThread[] = [];
    const last = Atomics.load(ctl, Ctl.NEXT_THREAD);
    for (let tid = 1; tid <= last; tid++) {
      const state = Atomics.load(ctl, slotIndex(tid, Slot.STATE));
      if (state !== ThreadState.running && state !== ThreadState.starting) continue;
      const status = s[ti(tid, T.STATUS)];
      const op = Atomics.load(ctl, slotIndex(tid, Slot.BLOCK_OP));
      const name = heap.readString(ctl[slotIndex(tid, Slot.NAME)]);
      let next: string;
      let siteRef: number;
      if (op !== BlockOp.none) {
        const on = ctl[slotIndex(tid, Slot.BLOCK_ON)];
        const target =
          op === BlockOp.join ? heap.readString(ctl[slotIndex(on, Slot.NAME)]) : op === BlockOp.sleep ? '' : primName(drain.primitives.get(on)?.id ?? 0);
        next = `${blockOpName[op]}${target ? ` ${target}` : ''}`;
        siteRef = ctl[slotIndex(tid, Slot.BLOCK_AT)];
      } else {
        next = s[ti(tid, T.OP)] ? heap.readString(s[ti(tid, T.OP)]) : 'start';
        siteRef = s[ti(tid, T.SITE)];
      }
      const site = drain.site(siteRef);
      const pos = site >= 0 ? drain.position(site) : undefined;
      threads.push({
        thread: tid,
        name,
        status: status === Status.blocked ? 'blocked' : candidates.includes(tid) ? 'runnable' : status === Status.absent ? 'starting' : 'waiting',
        next,
        site: site >= 0 ? drain.sites[site] : undefined,
        file: pos?.file,
        line: pos?.line,
        col: pos?.col,
      });
    }
    return { step: s[H.STEPS], timeNs: this.nowNs(), decider: s[H.PAUSED], candidates, schedule: this.schedule(), threads };
  }
}
