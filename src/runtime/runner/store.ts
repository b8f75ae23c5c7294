// The runner's side of the binary trace store (docs/trace-store.md): every message of the run goes
// through here on its way to the host; events are appended to the store's chunks (and forwarded
// only when the host watches live, up to RunOptions.liveEventLimit), the rest logged as they pass. The outcome closes the file.
// Chunks are written when full and at least every FLUSH_MS, so a killed runner leaves at most that
// much unwritten. A limit hit or a write that fails (disk full) is reported by `stop`; the run
// then ends, saying so, with what was written.
import type { RunOptions, RunnerToHost } from '../../core/protocol/runner';
import { TraceStoreWriter, type StoreStop } from '../../core/trace/binary/writer';
import { nodeStoreCodec } from '../store/codec';
import { FileSink } from '../store/file';
import { RunWalks } from '../store/run-walks';

const FLUSH_MS = 500;

export class RunStore {
  private readonly sink: FileSink;
  private readonly writer: TraceStoreWriter;
  private lastFlush = performance.now();
  private closed = false;
  /** Events forwarded to the host so far (RunOptions.liveEventLimit). */
  private forwarded = 0;
  private liveStopped = false;
  /** The walks of each chunk as it is written (RunOptions.summarize, analyze). */
  private readonly walks: RunWalks;
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
    const walks = (this.walks = new RunWalks(options));
    this.writer.onChunk = (chunk, offset) => walks.feed(chunk, offset);
  }

  /** The send of a run that records into the store. */
  readonly send = (m: RunnerToHost): void => {
    if (this.closed) return this.forward(m);
    if (m.type === 'outcome') {
      const peakRssBytes = process.resourceUsage().maxRSS * 1024;
      this.writer.finish([m]);
      this.closed = true;
      this.sink.close();
      for (const walked of this.walks.messages()) this.forward(walked);
      this.forward({ type: 'resources', peakRssBytes, events: this.writer.count, storeBytes: this.writer.bytes, scenarioEndMs: this.scenarioEndMs });
      return this.forward(m);
    }
    this.walks.note(m);
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
