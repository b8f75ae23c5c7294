// A run too long to send whole (summary/show): the view holds its header, the overview summary
// and the window in view — a finer summary, or the window's own events and model once it is small
// enough — and asks its host for each new window as the person zooms and pans (window/request).
import { buildModel } from '../src/core/model/build';
import type { ThreadSplit } from '../src/core/model/types';
import { unpackEvents } from '../src/core/protocol/packed-events';
import { type SummaryShowParams, type WindowShowParams, WindowRequest, type IpcMessage } from '../src/core/protocol/webview';
import { type PackedSlice, unpackSlice } from '../src/core/protocol/packed-summary';
import { type SummarySlice, bucketSummary } from '../src/core/timeline/pyramid-slice';
import { STATE_COUNT, stateCode } from '../src/core/timeline/states';
import type { Viewport } from '../src/core/timeline/viewport';
import { writeBatchColumns } from '../src/core/trace/batch';
import type { Trace } from '../src/core/trace/format';
import { allocColumns, withEventColumns } from '../src/core/trace/packed';
import { parseTrace } from '../src/core/trace/parse';
import { type ViewData, viewData } from './data';
import { Summary, SummaryLayer } from './summary';
import type { Detail } from './timeline';

/** A window request waits for the view to stay put this long (a wheel zoom sends dozens of frames). */
const REQUEST_DELAY_MS = 60;

export class LongRun {
  readonly header: Trace;
  readonly data: ViewData;
  readonly summary: Summary;
  private readonly holdRows: Map<number, number>;

  /** Throws TraceParseError when the header is not a valid trace. */
  constructor(readonly params: SummaryShowParams) {
    this.header = parseTrace(params.json);
    const s = sliceOf(params.slice);
    this.holdRows = new Map(s.threads.map((th, i) => [th, s.maxHolds[i]]));
    const model = buildModel(this.header);
    // The run's own model has no events: its time per thread comes from the summary.
    model.splits = splitsOf(this.header, s);
    this.data = viewData(model, this.holdRows);
    this.summary = new Summary(new SummaryLayer(s, this.data));
  }

  /** Whether `other` is the same run (a live run's next summary). */
  sameRun(other: LongRun): boolean {
    return other.header.meta.startedAt === this.header.meta.startedAt && other.header.meta.file === this.header.meta.file;
  }

  /** A window's summary as the view draws it. */
  window(packed: PackedSlice): SummaryLayer {
    return new SummaryLayer(sliceOf(packed), this.data);
  }

  /** The window's detail as the view draws it: the window's events with the header, as their own model. */
  detail(d: NonNullable<WindowShowParams['detail']>): Detail {
    // Decoded once, by the message's validator (WindowShow.is).
    const batch = unpackEvents(d.events);
    if (!batch) throw new Error('window/show events do not decode');
    const cols = allocColumns(batch.t.length);
    writeBatchColumns(batch, cols, 0);
    const { events: _none, ...header } = this.header;
    const model = buildModel(withEventColumns(header, cols));
    return { data: viewData(model, this.holdRows), from: d.validFrom, to: d.validTo };
  }
}

/** Asks for the window in view once it stays put, and keeps only the answer to the latest ask. */
export class WindowRequests {
  private id = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private asked: { t0: number; t1: number; width: number } | undefined;

  constructor(private readonly post: (m: IpcMessage) => void) {}

  ask(v: Viewport): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      const a = this.asked;
      if (a && a.t0 === v.t0 && a.t1 === v.t1 && a.width === v.width) return;
      this.asked = { t0: v.t0, t1: v.t1, width: v.width };
      this.post(WindowRequest.create({ id: ++this.id, t0: v.t0, t1: v.t1, width: Math.round(v.width) }));
    }, REQUEST_DELAY_MS);
  }

  /** The next ask goes out even for the same window (a live run's data changed under it). */
  refresh(v: Viewport): void {
    this.asked = undefined;
    this.ask(v);
  }

  isLatest(id: number): boolean {
    return id === this.id;
  }

  stop(): void {
    clearTimeout(this.timer);
  }
}

/** Unpacked once, by the message's validator (SummaryShow.is, WindowShow.is). */
function sliceOf(packed: PackedSlice): SummarySlice {
  const s = unpackSlice(packed);
  if (!s) throw new Error("a summary's buckets do not unpack");
  return s;
}

/** Time per state per thread, summed over the overview summary. */
function splitsOf(trace: Trace, s: SummarySlice): ThreadSplit[] {
  return trace.threads.map((th) => {
    const li = s.threads.indexOf(th.id);
    const ns = new Array<number>(STATE_COUNT).fill(0);
    if (li >= 0) for (let k = 0; k < s.n; k++) bucketSummary(s, li, k).stateNs.forEach((x, c) => (ns[c] += x));
    return {
      thread: th.id,
      runningNs: ns[stateCode.running],
      blockedNs: ns[stateCode.blocked],
      waitingNs: ns[stateCode.waiting],
      sleepingNs: ns[stateCode.sleeping],
      joiningNs: ns[stateCode.joining],
    };
  });
}
