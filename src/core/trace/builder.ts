// Assembles a Trace from the runner's stream. The host keeps one of these per run, so whatever
// happens to the runner (killed, crashed), the events received so far make a valid partial trace.
import type { RunnerToHost } from '../protocol/runner';
import { batchToEvents } from './batch';
import type { TraceHeader } from './source';
import {
  TRACE_VERSION,
  type EventBatch,
  type Outcome,
  type PrimitiveInfo,
  type ProcessInfo,
  type ThreadInfo,
  type Trace,
  type TraceEvent,
  type TraceMeta,
} from './format';

export class TraceBuilder {
  meta?: TraceMeta;
  readonly threads = new Map<number, ThreadInfo>();
  readonly primitives = new Map<number, PrimitiveInfo>();
  readonly processes = new Map<number, ProcessInfo>();
  readonly sites: string[] = [];
  readonly strings: string[] = [];
  readonly batches: EventBatch[] = [];
  outcome?: Outcome;
  eventCount = 0;

  accept(m: RunnerToHost): void {
    switch (m.type) {
      case 'meta':
        this.meta = m.meta;
        break;
      case 'thread':
        this.threads.set(m.thread.id, { ...this.threads.get(m.thread.id), ...m.thread });
        break;
      case 'primitive':
        this.primitives.set(m.primitive.id, m.primitive);
        break;
      case 'process':
        this.processes.set(m.process.id, { ...this.processes.get(m.process.id), ...m.process });
        break;
      case 'sites':
        m.sites.forEach((s, i) => (this.sites[m.base + i] = s));
        break;
      case 'strings':
        m.strings.forEach((s, i) => (this.strings[m.base + i] = s));
        break;
      case 'events':
        this.batches.push(m.batch);
        this.eventCount += m.batch.t.length;
        break;
      case 'outcome':
        this.outcome = m.outcome;
        break;
    }
  }

  /** The trace so far; `fallback` is the outcome when the runner never sent one. */
  build(fallback: Outcome): Trace {
    const events = this.sortedEvents();
    const threads = [...this.threads.values()].map((t) => ({ ...t }));
    const byId = new Map(threads.map((t) => [t.id, t]));
    for (const e of events) {
      const t = byId.get(e.th);
      if (!t) continue;
      if (e.k === 'threadStart') t.start = e.t;
      else if (e.k === 'threadEnd') t.end = e.t;
    }
    const { version, meta, primitives, sites, strings, outcome, processes } = this.header(fallback, events.length ? events[events.length - 1].t : 0, threads);
    return { version, meta, threads, primitives, sites, strings, events, outcome, ...(processes ? { processes } : {}) };
  }

  /**
   * Everything but the events, for a run whose events live elsewhere (the binary trace store):
   * `lastT` is the latest event time, `threads` the thread table with start/end already known.
   */
  header(fallback: Outcome, lastT: number, threads = [...this.threads.values()].map((t) => ({ ...t }))): TraceHeader {
    threads.sort((a, b) => a.id - b.id);
    const outcome = settleEnd(threads, this.outcome ?? fallback, lastT);
    return {
      version: TRACE_VERSION,
      meta: this.meta ?? placeholderMeta(),
      threads,
      primitives: [...this.primitives.values()].sort((a, b) => a.id - b.id),
      sites: [...this.sites],
      strings: [...this.strings],
      outcome,
      ...(this.processes.size ? { processes: [...this.processes.values()].sort((a, b) => a.id - b.id) } : {}),
    };
  }

  private sortedEvents(): TraceEvent[] {
    const events = this.batches.flatMap((b) => batchToEvents(b));
    // Stable by time (Array.prototype.sort is stable): within one thread, ring order is program order.
    return events.sort((x, y) => x.t - y.t);
  }
}

/**
 * The end of a run, as every trace of it says it (the saved one and the one a live view assembled):
 * a thread that started and never ended was alive when the run (or its record) stopped; the run
 * lasts until its last event at least. Settles `threads` in place; returns the outcome.
 */
export function settleEnd(threads: ThreadInfo[], outcome: Outcome, lastT: number): Outcome {
  for (const t of threads) {
    if (t.start !== undefined && t.end === undefined) {
      t.end = Math.max(lastT, outcome.durationNs, t.start);
      t.exit ??= 'stopped';
    }
  }
  return { ...outcome, durationNs: Math.max(outcome.durationNs, lastT) };
}

function placeholderMeta(): TraceMeta {
  return {
    tool: 'interleave',
    toolVersion: '0.0.0',
    file: '',
    root: '',
    scenario: '',
    title: '',
    mode: 'realtime',
    startedAt: new Date(0).toISOString(),
    clock: 'ns-since-start',
    timeLimitS: 0,
    sleepScale: 1,
    platform: '',
  };
}
