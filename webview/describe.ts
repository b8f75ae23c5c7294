// Words for what the person points at: tooltip contents, the source site to reveal, and the
// screen-reader description of each lane.
import { formatDuration } from '../src/core/format/time';
import { shortSite, threadName } from '../src/core/model/describe';
import { holdAt } from '../src/core/model/hold-table';
import { counterValueAt } from '../src/core/timeline/counters';
import { HOLD_CONTENDED } from '../src/core/timeline/holds';
import type { Hit } from '../src/core/timeline/hit';
import { STATES, STATE_MEANING } from '../src/core/timeline/states';
import { type ViewData, primLabel } from './data';

export interface Described {
  title: string;
  detail: string;
  reason: string;
  /** Site index of the operation (−1 none). */
  at: number;
  /** The primitive it concerns (−1 none): lit up on hover. */
  prim: number;
}

const range = (a: number, b: number) => `${formatDuration(a)} → ${formatDuration(b)}`;

export function describeHit(data: ViewData, hit: Hit): Described {
  const m = data.model;
  switch (hit.kind) {
    case 'span': {
      const s = m.spans[hit.lane][hit.span];
      const state = STATES[data.lanes[hit.lane].spans.code[hit.span]];
      const prim = s.state === 'joining' ? -1 : s.on;
      return {
        title: `${data.lanes[hit.lane].name} · ${STATE_MEANING[state].split(':')[0]} for ${formatDuration(s.end - s.start)}`,
        detail: range(s.start, s.end),
        reason: s.reason,
        at: s.at,
        prim,
      };
    }
    case 'hold': {
      const hr = data.lanes[hit.lane].holds[hit.level];
      // One row of the table, not model.holds (which would build every hold of the trace as an object).
      const h = holdAt(m.holdTable, hr.hold[hit.seg]);
      const contended = hr.cols.code[hit.seg] === HOLD_CONTENDED;
      const depth = h.maxDepth > 1 ? ` Recursion depth up to ${h.maxDepth}.` : '';
      return {
        title: `${data.lanes[hit.lane].name} holds ${primLabel(data, h.prim)} for ${formatDuration(h.end - h.start)}`,
        detail: range(h.start, h.end),
        reason:
          (contended
            ? 'Held while others wait for it (yellow).'
            : h.contended
              ? 'No one waits for it during this part (green).'
              : 'No one waited for it during this hold.') + depth,
        at: h.at,
        prim: h.prim,
      };
    }
    case 'task': {
      const lane = data.lanes[hit.lane];
      const task = m.tasks![lane.taskIx[hit.task]];
      const by = data.trace.threads.find((t) => t.id === task.by);
      const submitted = by ? `Submitted by ${threadName(data.trace, by)}${task.at >= 0 ? ' (its map/applyAsync is the line below)' : ''}.` : '';
      const result = task.ok ? 'It returned; its result went back to the caller.' : "It raised: the exception re-raises in the caller's get().";
      return {
        title: `${threadName(data.trace, data.trace.threads[hit.lane])} runs task ${task.task} of ${primLabel(data, task.pool)}: ${task.fn}() for ${formatDuration(task.end - task.start)}`,
        detail: range(task.start, task.end),
        reason: [submitted, result].filter(Boolean).join(' '),
        // Click reveals the call that submitted it.
        at: task.at,
        prim: task.pool,
      };
    }
    case 'mark': {
      const lane = data.lanes[hit.lane];
      const ins = m.instants[lane.markIx[hit.mark]];
      return { title: `${lane.name} · ${ins.kind} at ${formatDuration(ins.t)}`, detail: '', reason: ins.text, at: ins.at, prim: ins.prim };
    }
    case 'counter': {
      const c = data.counters[hit.counter];
      const value = counterValueAt(c.t, c.v, hit.t);
      return { title: c.label, detail: `at ${formatDuration(hit.t)}`, reason: value === undefined ? 'no value yet' : `value: ${value}`, at: -1, prim: c.prim };
    }
  }
}

export function siteText(data: ViewData, at: number): string {
  const s = at >= 0 ? data.trace.sites[at] : undefined;
  return s ? shortSite(s) : '';
}

/** One sentence per lane for screen readers: how it spent its time and how it ended. */
export function describeLane(data: ViewData, lane: number): string {
  const th = data.trace.threads[lane];
  const split = data.model.splits.find((s) => s.thread === th.id);
  const parts: string[] = [];
  if (split) {
    const entries: [string, number][] = [
      ['running', split.runningNs],
      ['blocked', split.blockedNs],
      ['waiting', split.waitingNs],
      ['sleeping', split.sleepingNs],
      ['joining', split.joiningNs],
    ];
    for (const [name, ns] of entries) if (ns > 0) parts.push(`${name} ${formatDuration(ns)}`);
  }
  const spans = data.model.spans[lane];
  const last = [...spans].reverse().find((s) => s.state === 'blocked' || s.state === 'waiting' || s.state === 'joining');
  const stuck = data.trace.outcome.stuck?.find((s) => s.thread === th.id);
  const end = stuck && last ? `; stuck: ${last.reason}` : th.exit && th.exit !== 'normal' ? `; ended: ${th.exit}` : '';
  const tasks = data.lanes[lane].taskIx.length;
  const ran = tasks ? `; ran ${tasks} pool task${tasks > 1 ? 's' : ''}` : '';
  // A wait the trace cannot show (ThreadInfo.recorderWaitNs): counted in its running time.
  if (th.recorderWaitNs) parts.push(`waiting for the recorder ${formatDuration(th.recorderWaitNs)} (shown as running)`);
  // A child process's thread is named with its process: every process has a MainThread.
  return `${threadName(data.trace, th)}${th.daemon ? ' (daemon)' : ''}: ${parts.join(', ') || 'no activity'}${ran}${end}`;
}
