// The runner's side of the binary trace store (docs/trace-store.md): every message of the run goes
// through here on its way to the host; events are appended to the store's chunks (and forwarded
// only when the host watches live, up to RunOptions.liveEventLimit), the rest logged as they pass. The outcome closes the file.
// Chunks are written when full and at least every FLUSH_MS, so a killed runner leaves at most that
// much unwritten. A limit hit or a write that fails (disk full) is reported by `stop`; the run
// then ends, saying so, with what was written.
import type { RunOptions, RunnerToHost } from '../../core/protocol/runner';
import { SummaryWalk } from '../../core/render/summary';
import { TraceStoreWriter, type StoreStop } from '../../core/trace/binary/writer';
import { nodeStoreCodec } from '../store/codec';
import { FileSink } from '../store/file';

const FLUSH_MS = 500;

export class RunStore {
  private readonly sink: FileSink;
  private readonly writer: TraceStoreWriter;
  private lastFlush = performance.now();
  private closed = false;
  /** Events forwarded to the host so far (RunOptions.liveEventLimit). */
  private forwarded = 0;
  private liveStopped = false;
  /** RunOptions.summarize: the terminal summary's walk, fed each chunk as it is written. */
  private readonly walk?: SummaryWalk;
  private readonly threadStarts = new Map<number, number>();
  private readonly parties = new Map<number, number>();
  /** When the scenario ended (ms since the epoch), set by the run's end sequence. */
  scenarioEndMs?: number;

  constructor(
    private readonly options: RunOptions & { store: NonNullable<RunOptions['store']> },
    private readonly forward: (m: RunnerToHost) => void,
    /** Called once, when recording stops before the run (the run then ends). */
    private readonly onStop: () => void,
  ) {
    this.sink = new FileSink(options.store.path);
    this.writer = new TraceStoreWriter(this.sink, nodeStoreCodec, { maxEvents: options.store.maxEvents, maxBytes: options.store.maxBytes });
    if (options.summarize) {
      // What the run has said so far; the host checks it against the file's header when it finishes the walk.
      const walk = (this.walk = new SummaryWalk({
        threadStart: (th) => this.threadStarts.get(th),
        parties: (p) => this.parties.get(p) ?? Number.NaN,
      }));
      this.writer.onChunk = (chunk) => walk.feed(chunk);
    }
  }

  /** The send of a run that records into the store. */
  readonly send = (m: RunnerToHost): void => {
    if (this.closed) return this.forward(m);
    if (m.type === 'outcome') {
      const peakRssBytes = process.resourceUsage().maxRSS * 1024;
      this.writer.finish([m]);
      this.closed = true;
      this.sink.close();
      if (this.walk) this.forward({ type: 'summary', walk: this.walk.data });
      this.forward({ type: 'resources', peakRssBytes, events: this.writer.count, storeBytes: this.writer.bytes, scenarioEndMs: this.scenarioEndMs });
      return this.forward(m);
    }
    if (m.type === 'thread' && m.thread.start !== undefined) this.threadStarts.set(m.thread.id, m.thread.start);
    if (m.type === 'primitive') {
      const parties = m.primitive.init?.parties;
      if (typeof parties === 'number') this.parties.set(m.primitive.id, parties);
    }
    const stopped = this.writer.stop;
    this.writer.accept(m);
    if (m.type !== 'events') this.forward(m);
    else if (this.options.liveEvents !== false && !this.liveStopped) this.forwardEvents(m);
    if (performance.now() - this.lastFlush >= FLUSH_MS) {
      this.writer.flush();
      this.lastFlush = performance.now();
    }
    if (!stopped && this.writer.stop) this.onStop();
  };

  private forwardEvents(m: Extract<RunnerToHost, { type: 'events' }>): void {
    const limit = this.options.liveEventLimit;
    if (limit !== undefined && this.forwarded + m.batch.t.length > limit) {
      this.liveStopped = true;
      return this.forward({ type: 'liveStopped', events: this.forwarded });
    }
    this.forwarded += m.batch.t.length;
    this.forward(m);
  }

  /** Why recording stopped before the run (a limit, a full disk); the run ends on it. */
  get stop(): StoreStop | undefined {
    return this.writer.stop;
  }
}
