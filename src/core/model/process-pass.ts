// What multiprocessing adds to the model. Queue, Pipe, Lock, Event and join operations across
// processes use the threading kinds, so the other passes already draw them (states, holds,
// put→get arrows). This pass handles the kinds of its own: the arrow from Process.start() to the
// child's first moment, pool tasks as spans on the worker lane with the arrow from their end to
// the get() that received the result, waits for a pool result or a poll() as waiting spans, and
// start/terminate markers.
import type { ProcessInfo } from '../trace/format';
import type { TraceHeader } from '../trace/source';
import { EventKind } from '../trace/kinds';
import type { ReasonContext } from './reasons';
import type { ThreadPass } from './thread-pass';
import type { Instant, Link, StateSpan, TaskSpan } from './types';

export interface ProcessPass {
  links: Link[];
  tasks: TaskSpan[];
}

/** Begin kind of each end kind this pass pairs into a waiting span. */
const WAIT_BEGIN = new Map<number, number>([
  [EventKind.poolResultDone, EventKind.poolResultWait],
  [EventKind.connPollDone, EventKind.connPoll],
]);
const SIGNAL_NAME: Record<number, string> = { 15: 'SIGTERM', 9: 'SIGKILL' };

/** Whether a run has anything for this pass: processes, a Pool or a Pipe (the terminal's streaming summary has no such pass). */
export function hasProcessPass(header: Pick<TraceHeader, 'processes' | 'primitives'>): boolean {
  return !!header.processes || header.primitives.some((p) => p.kind === 'Pool' || p.kind === 'Pipe');
}

/** Adds links, tasks, instants and the waiting spans (in place, in `threads`). */
export function processPass(cx: ReasonContext, threads: ThreadPass): ProcessPass {
  const { trace, ix, d } = cx;
  const out: ProcessPass = { links: [], tasks: [] };
  if (!hasProcessPass(trace)) return out;
  const ev = trace.events;
  const byMainThread = new Map<number, ProcessInfo>((trace.processes ?? []).map((p) => [p.mainThread ?? -1, p]));
  const procName = (tid: number) => {
    const p = byMainThread.get(tid);
    return p ? `${p.name} (pid ${p.pid})` : d.thread(tid);
  };
  /** Pool task id → its end event, per pool. */
  const taskEnds = new Map<string, number>();

  trace.threads.forEach((info, lane) => {
    const open = new Map<number, number>(); // begin kind → event index
    const taskStart = new Map<number, number>(); // task id → poolTaskStart index
    const waits: { begin: number; end: number; tasks: number[] }[] = [];
    for (const i of ix.lanes[lane]) {
      const c = ix.code[i];
      const e = ev[i];
      if (c === EventKind.poolResultWait || c === EventKind.connPoll) open.set(c, i);
      else if (WAIT_BEGIN.has(c)) {
        const b = open.get(WAIT_BEGIN.get(c)!);
        open.delete(WAIT_BEGIN.get(c)!);
        const last = waits.at(-1);
        if (b !== undefined && e.t > ev[b].t) waits.push({ begin: b, end: i, tasks: e.q !== undefined ? [e.q] : [] });
        // One wait that delivered several tasks (a map's get()) ends in a result per task, at one time.
        else if (b === undefined && last && c === EventKind.poolResultDone && e.t === ev[last.end].t && e.q !== undefined) last.tasks.push(e.q);
      } else if (c === EventKind.poolTaskStart && e.q !== undefined) taskStart.set(e.q, i);
      else if (c === EventKind.poolTaskEnd && e.q !== undefined) {
        const s = taskStart.get(e.q);
        taskStart.delete(e.q);
        if (s !== undefined) {
          out.tasks.push({ thread: info.id, pool: e.p ?? -1, task: e.q, fn: d.string(ev[s].a), start: ev[s].t, end: e.t, ok: e.a === 1, by: -1, at: -1 });
        }
        taskEnds.set(`${e.p}:${e.q}`, i);
      } else if (c === EventKind.processStart && e.p !== undefined) {
        const toT = threads.laneStart.get(e.p);
        if (toT !== undefined) out.links.push({ kind: 'spawn', prim: -1, fromThread: e.th, fromT: e.t, toThread: e.p, toT });
        threads.instants.push(instant(info.id, e.t, 'spawn', `starts process ${procName(e.p)}`, e.at));
      } else if (c === EventKind.processSignal && e.p !== undefined) {
        const sig = SIGNAL_NAME[e.a ?? 0] ?? `signal ${e.a}`;
        threads.instants.push(instant(info.id, e.t, 'error', `sends ${sig} to ${procName(e.p)} (${sig === 'SIGKILL' ? 'kill' : 'terminate'}())`, e.at));
      }
    }
    // A wait or a task still under way when the lane ended (a stall, a stopped run) lasts to its end.
    const laneEnd = threads.laneEnd.get(info.id);
    if (laneEnd !== undefined) {
      for (const b of open.values()) if (laneEnd > ev[b].t) waits.push({ begin: b, end: -1, tasks: [] });
      for (const [task, s] of taskStart) {
        out.tasks.push({ thread: info.id, pool: ev[s].p ?? -1, task, fn: d.string(ev[s].a), start: ev[s].t, end: laneEnd, ok: true, by: -1, at: -1 });
      }
    }
    waits.sort((x, y) => ev[x.begin].t - ev[y.begin].t);
    if (waits.length)
      threads.spans[lane] = overlay(
        threads.spans[lane],
        waits.map((w) => waitSpan(cx, info.id, w.begin, w.end < 0 ? laneEnd! : ev[w.end].t, w.end, w.tasks)),
      );
  });

  // A task was submitted by map/applyAsync as a put on the pool's task queue (q: the task id).
  const pools = new Set(trace.primitives.filter((p) => p.kind === 'Pool').map((p) => p.id));
  const submits = new Map<string, number>();
  for (const i of ix.order) if (ix.code[i] === EventKind.queuePutDone && pools.has(ev[i].p ?? -1)) submits.set(`${ev[i].p}:${ev[i].q}`, i);
  for (const task of out.tasks) {
    const s = submits.get(`${task.pool}:${task.task}`);
    if (s !== undefined) Object.assign(task, { by: ev[s].th, at: ev[s].at ?? -1 });
  }

  // The result of a task reaches the get() that waited for it (or found it ready).
  for (const i of ix.order) {
    const e = ev[i];
    if (ix.code[i] !== EventKind.poolResultDone || e.a !== 1 || e.q === undefined) continue;
    const end = taskEnds.get(`${e.p}:${e.q}`);
    if (end !== undefined) out.links.push({ kind: 'put-get', prim: e.p ?? -1, fromThread: ev[end].th, fromT: ev[end].t, toThread: e.th, toT: e.t });
  }
  out.tasks.sort((a, b) => a.start - b.start);
  return out;
}

/**
 * The wait begun at event `begin` and ended at time `endT` by event `end` (-1: it never ended); `tasks`: the tasks whose
 * results ended it (a wait for no task in particular names them when several came).
 */
function waitSpan(cx: ReasonContext, thread: number, begin: number, endT: number, end: number, tasks: number[]): StateSpan {
  const b = cx.trace.events[begin];
  const what = cx.d.prim(b.p ?? -1);
  const timedOut = end >= 0 && cx.trace.events[end].a === 0;
  const awaited =
    b.q !== undefined ? `the result of task ${b.q}` : tasks.length > 1 && !timedOut ? `the results of tasks ${taskList(tasks)}` : 'the result of any task';
  const reason =
    b.k === 'poolResultWait'
      ? `waits for ${awaited} of ${what}${timedOut ? ' (timed out)' : ''}`
      : `polls ${what} for a message${timedOut ? ' (none came)' : ''}`;
  return { thread, state: 'waiting', start: b.t, end: endT, on: b.p ?? -1, at: b.at ?? -1, reason };
}

/** "1–8", "3, 5, 9–10": task ids in order, runs of consecutive ones as ranges. */
function taskList(tasks: number[]): string {
  const ids = [...new Set(tasks)].sort((x, y) => x - y);
  const runs: string[] = [];
  for (let i = 0; i < ids.length;) {
    let j = i;
    while (j + 1 < ids.length && ids[j + 1] === ids[j] + 1) j++;
    runs.push(j > i ? `${ids[i]}–${ids[j]}` : `${ids[i]}`);
    i = j + 1;
  }
  return runs.join(', ');
}

function instant(thread: number, t: number, kind: Instant['kind'], text: string, at: number | undefined): Instant {
  return { thread, t, kind, text, at: at ?? -1, prim: -1 };
}

/** `s` cut to [start, end), as a plain span (a thread-pass span words its reason through a getter, which a spread would drop). */
function slice(s: StateSpan, start: number, end: number): StateSpan {
  return { thread: s.thread, state: s.state, start, end, on: s.on, at: s.at, reason: s.reason };
}

/** Replaces the running parts of `spans` that `waits` cover (waits are in time order and never overlap). */
export function overlay(spans: StateSpan[], waits: StateSpan[]): StateSpan[] {
  const out: StateSpan[] = [];
  let w = 0;
  for (const s of spans) {
    if (s.state !== 'running') {
      out.push(s);
      continue;
    }
    let cur = s.start;
    while (w < waits.length && waits[w].end <= cur) w++;
    for (let k = w; k < waits.length && waits[k].start < s.end; k++) {
      const a = Math.max(waits[k].start, cur);
      const b = Math.min(waits[k].end, s.end);
      if (a > cur) out.push(slice(s, cur, a));
      if (b > a) out.push({ ...waits[k], start: a, end: b });
      cur = Math.max(cur, b);
    }
    if (s.end > cur) out.push(slice(s, cur, s.end));
  }
  return out;
}
