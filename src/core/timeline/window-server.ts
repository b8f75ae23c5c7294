// What answers a summarised view's window requests (protocol: summary/show, window/request,
// window/show), wherever the pyramid lives: in the runner that writes the run, in a worker process
// beside the extension host, in a benchmark. Pure: it is handed the pyramid and a way to read a chunk.
import { packEvents } from '../protocol/packed-events';
import { packSlice } from '../protocol/packed-summary';
import type { SummaryShowParams, WindowRequestParams, WindowShowParams } from '../protocol/webview';
import type { EventBatch } from '../trace/format';
import type { TraceHeader } from '../trace/source';
import { DETAIL_MAX_EVENTS, planDetail, trimDetail } from './pyramid-detail';
import { sliceFor } from './pyramid-slice';
import type { Pyramid } from './pyramid';

/** Overview width the first summary is made for (a wide panel); the view asks for its own width next. */
export const OVERVIEW_PX = 2048;
/** A window's chunks are read when they hold at most this many times the events a detail may have. */
const READ_PER_DETAIL = 8;

export class WindowServer {
  /**
   * The run's file is still being read (a live run, or one still being summarised): chunks not read
   * yet may hold events of any window that reaches into the last chunk read.
   */
  growing = false;

  constructor(
    private pyramid: Pyramid,
    private readonly readChunk: (index: number) => EventBatch,
    private readonly maxDetailEvents = DETAIL_MAX_EVENTS,
    private readonly maxReadEvents = READ_PER_DETAIL * maxDetailEvents,
  ) {}

  /** A live run grew: later answers come from the new pyramid. */
  update(p: Pyramid): void {
    this.pyramid = p;
  }

  /** What the view opens with: the header (no events) and the whole run at its overview level. */
  summary(header: TraceHeader, live: boolean, widthPx = OVERVIEW_PX): SummaryShowParams {
    const p = this.pyramid;
    return { json: JSON.stringify({ ...header, events: [] }), slice: packSlice(sliceFor(p, 0, Math.max(p.endNs, 1), widthPx)), live };
  }

  /**
   * The window [t0, t1] and half of it on either side (so a pan stays covered): its events when
   * they are few enough, else its summary at 1–2 px a bucket. The events are only the window's,
   * not its chunks' (each chunk of a long run spans far more than a window zoomed in far, and every
   * event sent crosses the extension host): up to `maxReadEvents` are read to find them.
   */
  answer(r: WindowRequestParams): WindowShowParams {
    const p = this.pyramid;
    const half = (r.t1 - r.t0) / 2;
    // A growing run's detail tells only up to where the chunks read so far begin to end: a detail
    // valid "to the end" would be kept, and drawn, over the whole run as it grows past it.
    const last = p.checkpoints.at(-1);
    const known = this.growing && last ? last.tMin : Number.MAX_VALUE;
    for (const [t0, t1] of [
      [r.t0 - half, r.t1 + half],
      [r.t0, r.t1],
    ]) {
      const plan = planDetail(p.checkpoints, t0, t1, this.maxReadEvents);
      if (!plan) continue;
      const lo = Math.max(plan.validFrom, t0);
      // Nothing comes after a finished run's end: its last window is valid to the end, as its chunks are.
      const hi = Math.min(plan.validTo, known, t1 >= p.endNs && !this.growing ? Number.MAX_VALUE : t1);
      const batch = trimDetail(plan, p.checkpoints, this.readChunk, lo, hi, this.maxDetailEvents);
      if (batch) return { id: r.id, detail: { events: packEvents(batch), validFrom: lo, validTo: hi } };
    }
    return { id: r.id, slice: packSlice(sliceFor(p, r.t0, r.t1, r.width)) };
  }
}
