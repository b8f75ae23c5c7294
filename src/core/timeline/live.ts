// A trace that grows while a scenario runs: what the host streams (live/begin, live/append,
// live/end) assembled into a Trace the model can be rebuilt from at any moment. Events are kept as
// typed-array columns that double when full, never as an object per event: a snapshot hands the
// model the columns (withEventColumns), as a packed report does.
import { unpackEvents } from '../protocol/packed-events';
import type { LiveAppendParams } from '../protocol/webview';
import { writeBatchColumns } from '../trace/batch';
import { settleEnd } from '../trace/builder';
import { EventKind } from '../trace/kinds';
import { type Outcome, type PrimitiveInfo, type ProcessInfo, TRACE_VERSION, type ThreadInfo, type Trace, type TraceMeta } from '../trace/format';
import { type EventColumns, FIELD_COLUMNS, type FieldName, allocColumns, withEventColumns } from '../trace/packed';

export class LiveTrace {
  private readonly threads = new Map<number, ThreadInfo>();
  private readonly prims = new Map<number, PrimitiveInfo>();
  private readonly processes = new Map<number, ProcessInfo>();
  /** Threads' start and end as their threadStart/threadEnd events say (the saved trace takes them from there too). */
  private readonly started = new Map<number, number>();
  private readonly ended = new Map<number, number>();
  private readonly sites: string[] = [];
  private readonly strings: string[] = [];
  /** Rows [0, n) hold the events so far; the rest is room to grow into. */
  private cols: EventColumns = allocColumns(0);
  private n = 0;
  private lastT = 0;
  outcome: Outcome | undefined;

  constructor(readonly meta: TraceMeta) {}

  append(p: LiveAppendParams): void {
    // A thread or primitive is sent again when it changes (a thread's end): the latest wins.
    for (const t of p.threads) this.threads.set(t.id, t);
    for (const x of p.primitives) this.prims.set(x.id, x);
    for (const x of p.processes ?? []) this.processes.set(x.id, x);
    p.sites.items.forEach((s, k) => (this.sites[p.sites.base + k] = s));
    p.strings.items.forEach((s, k) => (this.strings[p.strings.base + k] = s));
    // Validated messages' events were decoded by their validator: this reads the same batch.
    const batch = p.events && unpackEvents(p.events);
    if (p.events && !batch) throw new Error('live/append events do not decode');
    if (batch && batch.t.length) {
      const m = batch.t.length;
      this.reserve(m);
      writeBatchColumns(batch, this.cols, this.n);
      const { t, k, th } = batch;
      for (let i = 0; i < m; i++) {
        if (t[i] > this.lastT) this.lastT = t[i];
        if (k[i] === EventKind.threadStart) this.started.set(th[i], t[i]);
        else if (k[i] === EventKind.threadEnd) this.ended.set(th[i], t[i]);
      }
      this.n += m; // only now: a batch that threw half-way leaves no rows behind
    }
  }

  end(outcome: Outcome): void {
    this.outcome = outcome;
  }

  get eventCount(): number {
    return this.n;
  }

  /** The trace so far; until the run ends its outcome says it is still running. */
  snapshot(): Trace {
    // Views of rows [0, n): later appends write past them or into a new buffer, so a snapshot never changes.
    const n = this.n;
    const fields = {} as Record<FieldName, Float64Array>;
    for (const f of FIELD_COLUMNS) fields[f] = this.cols.fields[f].subarray(0, n);
    const cols: EventColumns = { n, t: this.cols.t.subarray(0, n), k: this.cols.k.subarray(0, n), fields };
    const threads = [...this.threads.values()]
      .sort((a, b) => a.id - b.id)
      .map((t) => {
        const c = { ...t };
        const start = this.started.get(t.id);
        const end = this.ended.get(t.id);
        if (start !== undefined) c.start = start;
        if (end !== undefined) c.end = end;
        return c;
      });
    // Ended, it is the trace the host saves: the threads still alive at the end end with it.
    const outcome = this.outcome
      ? settleEnd(threads, this.outcome, this.lastT)
      : { kind: 'stopped' as const, summary: 'Running…', explanation: '', durationNs: this.lastT };
    return withEventColumns(
      {
        version: TRACE_VERSION,
        meta: this.meta,
        threads,
        primitives: [...this.prims.values()].sort((a, b) => a.id - b.id),
        sites: Array.from(this.sites, (s) => s ?? ''),
        strings: Array.from(this.strings, (s) => s ?? ''),
        outcome,
        ...(this.processes.size ? { processes: [...this.processes.values()].sort((a, b) => a.id - b.id) } : {}),
      },
      cols,
    );
  }

  /** Room for m more events: capacity doubles, so appending is amortised O(1) an event. */
  private reserve(m: number): void {
    const old = this.cols;
    if (this.n + m <= old.t.length) return;
    const grown = allocColumns(Math.max(this.n + m, 2 * old.t.length, 1024));
    grown.t.set(old.t.subarray(0, this.n));
    grown.k.set(old.k.subarray(0, this.n));
    for (const f of FIELD_COLUMNS) grown.fields[f].set(old.fields[f].subarray(0, this.n));
    this.cols = grown;
  }
}
