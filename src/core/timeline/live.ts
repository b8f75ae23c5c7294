// A trace that grows while a scenario runs: what the host streams (live/begin, live/append,
// live/end) assembled into a Trace the model can be rebuilt from at any moment.
import type { LiveAppendParams } from '../protocol/webview';
import { batchToEvents } from '../trace/batch';
import { type Outcome, type PrimitiveInfo, TRACE_VERSION, type ThreadInfo, type Trace, type TraceEvent, type TraceMeta } from '../trace/format';

export class LiveTrace {
  private readonly threads = new Map<number, ThreadInfo>();
  private readonly prims = new Map<number, PrimitiveInfo>();
  private readonly sites: string[] = [];
  private readonly strings: string[] = [];
  private readonly events: TraceEvent[] = [];
  private lastT = 0;
  outcome: Outcome | undefined;

  constructor(readonly meta: TraceMeta) {}

  append(p: LiveAppendParams): void {
    // A thread or primitive is sent again when it changes (a thread's end): the latest wins.
    for (const t of p.threads) this.threads.set(t.id, t);
    for (const x of p.primitives) this.prims.set(x.id, x);
    p.sites.items.forEach((s, k) => (this.sites[p.sites.base + k] = s));
    p.strings.items.forEach((s, k) => (this.strings[p.strings.base + k] = s));
    if (p.batch) {
      for (const e of batchToEvents(p.batch)) {
        this.events.push(e);
        if (e.t > this.lastT) this.lastT = e.t;
      }
    }
  }

  end(outcome: Outcome): void {
    this.outcome = outcome;
  }

  get eventCount(): number {
    return this.events.length;
  }

  /** The trace so far; until the run ends its outcome says it is still running. */
  snapshot(): Trace {
    return {
      version: TRACE_VERSION,
      meta: this.meta,
      threads: [...this.threads.values()].sort((a, b) => a.id - b.id),
      primitives: [...this.prims.values()].sort((a, b) => a.id - b.id),
      sites: Array.from(this.sites, (s) => s ?? ''),
      strings: Array.from(this.strings, (s) => s ?? ''),
      events: this.events,
      outcome: this.outcome ?? { kind: 'stopped', summary: 'Running…', explanation: '', durationNs: this.lastT },
    };
  }
}
