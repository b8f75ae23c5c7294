// What a timeline panel has to stream while a scenario runs. It accumulates the runner's messages
// and hands out deltas (threads and primitives that changed, sites/strings/events added since the
// last delta) as webview `live/append` params, with every batch of the delta merged into one
// columnar batch. A view that connects mid-run (a panel shown late, a webview re-created) gets a
// snapshot of everything instead. Pure, no vscode.
import type { LiveAppendParams } from '../core/protocol/webview';
import type { RunnerToHost } from '../core/protocol/runner';
import type { EventBatch, Outcome, PrimitiveInfo, ThreadInfo, TraceMeta } from '../core/trace/format';

export class LiveFeed {
  meta: TraceMeta | undefined;
  outcome: Outcome | undefined;
  private readonly threads = new Map<number, ThreadInfo>();
  private readonly primitives = new Map<number, PrimitiveInfo>();
  private readonly sites: string[] = [];
  private readonly strings: string[] = [];
  private readonly batches: EventBatch[] = [];
  // What the view has already received.
  private readonly dirtyThreads = new Set<number>();
  private readonly dirtyPrimitives = new Set<number>();
  private sentSites = 0;
  private sentStrings = 0;
  private sentBatches = 0;

  accept(m: RunnerToHost): void {
    switch (m.type) {
      case 'meta':
        this.meta = m.meta;
        break;
      case 'thread':
        this.threads.set(m.thread.id, { ...this.threads.get(m.thread.id), ...m.thread });
        this.dirtyThreads.add(m.thread.id);
        break;
      case 'primitive':
        this.primitives.set(m.primitive.id, m.primitive);
        this.dirtyPrimitives.add(m.primitive.id);
        break;
      case 'sites':
        m.sites.forEach((s, i) => (this.sites[m.base + i] = s));
        break;
      case 'strings':
        m.strings.forEach((s, i) => (this.strings[m.base + i] = s));
        break;
      case 'events':
        this.batches.push(m.batch);
        break;
      case 'outcome':
        this.outcome = m.outcome;
        break;
    }
  }

  /** Everything new since the last delta or snapshot; undefined when nothing is. */
  delta(): LiveAppendParams | undefined {
    const fresh =
      this.dirtyThreads.size || this.dirtyPrimitives.size || this.sites.length > this.sentSites ||
      this.strings.length > this.sentStrings || this.batches.length > this.sentBatches;
    if (!fresh) return undefined;
    const params: LiveAppendParams = {
      threads: [...this.dirtyThreads].sort((a, b) => a - b).map((id) => this.threads.get(id)!),
      primitives: [...this.dirtyPrimitives].sort((a, b) => a - b).map((id) => this.primitives.get(id)!),
      sites: { base: this.sentSites, items: this.sites.slice(this.sentSites) },
      strings: { base: this.sentStrings, items: this.strings.slice(this.sentStrings) },
      batch: this.batches.length > this.sentBatches ? mergeBatches(this.batches.slice(this.sentBatches)) : undefined,
    };
    this.markSent();
    return params;
  }

  /** Everything received so far, for a view that starts from nothing. */
  snapshot(): LiveAppendParams {
    const params: LiveAppendParams = {
      threads: [...this.threads.values()].sort((a, b) => a.id - b.id),
      primitives: [...this.primitives.values()].sort((a, b) => a.id - b.id),
      sites: { base: 0, items: [...this.sites] },
      strings: { base: 0, items: [...this.strings] },
      batch: this.batches.length ? mergeBatches(this.batches) : undefined,
    };
    this.markSent();
    return params;
  }

  get eventCount(): number {
    return this.batches.reduce((n, b) => n + b.t.length, 0);
  }

  private markSent(): void {
    this.dirtyThreads.clear();
    this.dirtyPrimitives.clear();
    this.sentSites = this.sites.length;
    this.sentStrings = this.strings.length;
    this.sentBatches = this.batches.length;
  }
}

/** One columnar batch holding the events of `batches`, in order. */
export function mergeBatches(batches: readonly EventBatch[]): EventBatch {
  if (batches.length === 1) return batches[0];
  const n = batches.reduce((s, b) => s + b.t.length, 0);
  const out: EventBatch = {
    t: new Float64Array(n),
    th: new Int32Array(n),
    k: new Uint8Array(n),
    p: new Int32Array(n),
    a: new Float64Array(n),
    q: new Float64Array(n),
    l: new Float64Array(n),
    at: new Int32Array(n),
  };
  let off = 0;
  for (const b of batches) {
    for (const col of ['t', 'th', 'k', 'p', 'a', 'q', 'l', 'at'] as const) (out[col] as Float64Array).set(b[col] as Float64Array, off);
    off += b.t.length;
  }
  return out;
}
