// What answers a summarised view's window requests (protocol: summary/show, window/request,
// window/show), wherever the pyramid lives: in the runner that writes the run, in a worker process
// beside the extension host, in a benchmark. Pure: it is handed the pyramid and a way to read a chunk.
import type { SummaryShowParams, WindowRequestParams, WindowShowParams } from '../protocol/webview';
import type { EventBatch } from '../trace/format';
import type { TraceHeader } from '../trace/source';
import { DETAIL_MAX_EVENTS, detailBatch, planDetail } from './pyramid-detail';
import { sliceFor } from './pyramid-slice';
import type { Pyramid } from './pyramid';

/** Overview width the first summary is made for (a wide panel); the view asks for its own width next. */
export const OVERVIEW_PX = 2048;

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
  ) {}

  /** A live run grew: later answers come from the new pyramid. */
  update(p: Pyramid): void {
    this.pyramid = p;
  }

  /** What the view opens with: the header (no events) and the whole run at its overview level. */
  summary(header: TraceHeader, live: boolean, widthPx = OVERVIEW_PX): SummaryShowParams {
    const p = this.pyramid;
    return { json: JSON.stringify({ ...header, events: [] }), slice: sliceFor(p, 0, Math.max(p.endNs, 1), widthPx), live };
  }

  /**
   * The window [t0, t1] and half of it on either side (so a pan stays covered): its events when
   * they are few enough, else its summary at 1–2 px a bucket.
   */
  answer(r: WindowRequestParams): WindowShowParams {
    const p = this.pyramid;
    const half = (r.t1 - r.t0) / 2;
    const plan = planDetail(p.checkpoints, r.t0 - half, r.t1 + half, this.maxDetailEvents) ?? planDetail(p.checkpoints, r.t0, r.t1, this.maxDetailEvents);
    if (plan) {
      const batch = detailBatch(plan, p.checkpoints, this.readChunk);
      // A growing run's detail tells only up to where the chunks read so far begin to end: a detail
      // valid "to the end" would be kept, and drawn, over the whole run as it grows past it.
      const known = this.growing ? p.checkpoints[p.checkpoints.length - 1].tMin : Number.MAX_VALUE;
      return { id: r.id, detail: { batch, validFrom: plan.validFrom, validTo: Math.min(plan.validTo, known, Number.MAX_VALUE) } };
    }
    return { id: r.id, slice: sliceFor(p, r.t0, r.t1, r.width) };
  }
}
