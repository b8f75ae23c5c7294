// What a timeline panel has to stream while a scenario runs: a TraceBuilder that also hands out
// deltas (threads and primitives that changed, sites/strings/events added since the last delta)
// as webview `live/append` params, every batch of a delta merged and packed (packed-events.ts). A view
// that connects mid-run (a panel shown late, a webview re-created) or rejected a message
// (live/resync) gets a snapshot of everything instead. Pure, no vscode.
import { type IpcMessage, LiveAppend, type LiveAppendParams, LiveBegin, LiveEnd, StepPaused } from '../core/protocol/webview';
import { packEvents } from '../core/protocol/packed-events';
import type { RunnerToHost, StepPause } from '../core/protocol/runner';
import { mergeBatches } from '../core/trace/batch';
import { TraceBuilder } from '../core/trace/builder';

export class LiveFeed extends TraceBuilder {
  // What the view has already received.
  private readonly dirtyThreads = new Set<number>();
  private readonly dirtyPrimitives = new Set<number>();
  private readonly dirtyProcesses = new Set<number>();
  private sentSites = 0;
  private sentStrings = 0;
  private sentBatches = 0;

  override accept(m: RunnerToHost): void {
    super.accept(m);
    if (m.type === 'thread') this.dirtyThreads.add(m.thread.id);
    else if (m.type === 'primitive') this.dirtyPrimitives.add(m.primitive.id);
    else if (m.type === 'process') this.dirtyProcesses.add(m.process.id);
  }

  /** Batches received and not sent yet. */
  get pending(): boolean {
    return this.batches.length > this.sentBatches;
  }

  /**
   * What is new since the last delta or snapshot, with the events of whole batches up to
   * `maxEvents` (at least one batch; the rest wait for the next delta); undefined when nothing is new.
   */
  delta(maxEvents = Infinity): LiveAppendParams | undefined {
    const fresh =
      this.dirtyThreads.size ||
      this.dirtyPrimitives.size ||
      this.dirtyProcesses.size ||
      this.sites.length > this.sentSites ||
      this.strings.length > this.sentStrings ||
      this.batches.length > this.sentBatches;
    if (!fresh) return undefined;
    let upTo = this.sentBatches;
    for (let events = 0; upTo < this.batches.length && (upTo === this.sentBatches || events + this.batches[upTo].t.length <= maxEvents); upTo++)
      events += this.batches[upTo].t.length;
    const params: LiveAppendParams = {
      threads: [...this.dirtyThreads].sort((a, b) => a - b).map((id) => this.threads.get(id)!),
      primitives: [...this.dirtyPrimitives].sort((a, b) => a - b).map((id) => this.primitives.get(id)!),
      processes: [...this.dirtyProcesses].sort((a, b) => a - b).map((id) => this.processes.get(id)!),
      sites: { base: this.sentSites, items: this.sites.slice(this.sentSites) },
      strings: { base: this.sentStrings, items: this.strings.slice(this.sentStrings) },
      events: upTo > this.sentBatches ? packEvents(mergeBatches(this.batches.slice(this.sentBatches, upTo))) : undefined,
    };
    this.markSent(upTo);
    return params;
  }

  /** Everything received so far, for a view that starts from nothing. */
  snapshot(): LiveAppendParams {
    const params: LiveAppendParams = {
      threads: [...this.threads.values()].sort((a, b) => a.id - b.id),
      primitives: [...this.primitives.values()].sort((a, b) => a.id - b.id),
      processes: [...this.processes.values()].sort((a, b) => a.id - b.id),
      sites: { base: 0, items: [...this.sites] },
      strings: { base: 0, items: [...this.strings] },
      events: this.batches.length ? packEvents(mergeBatches(this.batches)) : undefined,
    };
    this.markSent();
    return params;
  }

  /** What a view that starts from nothing is sent: the run so far, then its end or the pause it waits at. */
  replay(pause?: StepPause): IpcMessage[] {
    if (!this.meta) return [];
    const out: IpcMessage[] = [LiveBegin.create({ meta: this.meta }), LiveAppend.create(this.snapshot())];
    if (this.outcome) out.push(LiveEnd.create({ outcome: this.outcome }));
    else if (pause) out.push(StepPaused.create({ pause }));
    return out;
  }

  private markSent(batches = this.batches.length): void {
    this.dirtyThreads.clear();
    this.dirtyPrimitives.clear();
    this.dirtyProcesses.clear();
    this.sentSites = this.sites.length;
    this.sentStrings = this.strings.length;
    this.sentBatches = batches;
  }
}
