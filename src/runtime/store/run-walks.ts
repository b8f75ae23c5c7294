// The walks a run's chunks get as they are written, so its host only finishes them at the run's end
// (a TypeScript run's in its runner, runner/store.ts; a Python run's in its host, host/python/run.ts):
// the terminal summary's (RunOptions.summarize, core/render/summary.ts) and the analyses'
// (RunOptions.analyze, core/analysis/findings.ts). Each reads the header as the run has told it so
// far; what it read is checked against the final header when it is finished.
import type { RunnerToHost } from '../../core/protocol/runner';
import { FindingsWalk } from '../../core/analysis/findings';
import { partiesOf, queueInfo, SummaryWalk } from '../../core/render/summary';
import type { EventBatch, PrimitiveInfo } from '../../core/trace/format';

export class RunWalks {
  /** RunOptions.summarize: the terminal summary's walk. */
  readonly summary?: SummaryWalk;
  /** RunOptions.analyze: the analyses' walk. */
  readonly findings?: FindingsWalk;
  private readonly threadStarts = new Map<number, number>();
  private readonly primitives = new Map<number, PrimitiveInfo>();

  constructor(options: { summarize?: boolean; analyze?: boolean }) {
    if (options.analyze) this.findings = new FindingsWalk();
    if (options.summarize)
      this.summary = new SummaryWalk({
        threadStart: (th) => this.threadStarts.get(th),
        parties: (p) => partiesOf(this.primitives.get(p)),
        queue: (p) => queueInfo(this.primitives.get(p)),
      });
  }

  /** Any message of the run, in order: what the walks read of the header. */
  note(m: RunnerToHost): void {
    if (m.type === 'thread' && m.thread.start !== undefined) this.threadStarts.set(m.thread.id, m.thread.start);
    else if (m.type === 'primitive') {
      this.findings?.declare(m.primitive);
      this.primitives.set(m.primitive.id, m.primitive);
    }
  }

  /** Each chunk once it is in the file, in order (TraceStoreWriter.onChunk). */
  feed(chunk: EventBatch, offset: number): void {
    this.summary?.feed(chunk);
    this.findings?.feed(chunk, offset);
  }

  /** What the host finishes, sent before the outcome (after the last chunk). */
  messages(): RunnerToHost[] {
    const out: RunnerToHost[] = [];
    if (this.summary) {
      this.summary.settle();
      out.push({ type: 'summary', walk: this.summary.data });
    }
    if (this.findings) out.push({ type: 'analyses', walk: this.findings.data });
    return out;
  }
}
