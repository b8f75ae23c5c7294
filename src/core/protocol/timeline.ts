// Messages between a host (the extension host, a test) and the timeline process
// (runtime/timeline/main.ts), which holds a long run's pyramid and reads its trace file, so the
// host holds no event and does no work per event: it relays summary/show and window/show to the
// panel and the panel's window/request back (protocol/webview.ts).
import type { Outcome } from '../trace/format';
import type { SummaryShowParams, WindowRequestParams, WindowShowParams } from './webview';

export type HostToTimeline =
  /** Open the binary trace at `path`; `live`: it is still being written, follow it until its outcome is in. */
  | { type: 'open'; path: string; live: boolean; widthPx?: number }
  | { type: 'window'; request: WindowRequestParams }
  /**
   * The run writing a live file is over (ended, or its runner was lost): read what is there and stop
   * following. `outcome`: the host's word on how it ended, for a file that has none (its runner was lost).
   */
  | { type: 'ended'; outcome?: Outcome }
  | { type: 'close' };

export type TimelineToHost =
  /** The run so far (again as a live run grows, at most a few times a second; `done` once its end is read). */
  | { type: 'summary'; params: SummaryShowParams; events: number; done: boolean }
  | { type: 'window'; params: WindowShowParams }
  /** The file cannot be read (not a trace, a newer format, gone). */
  | { type: 'error'; message: string };

export function isTimelineToHost(m: unknown): m is TimelineToHost {
  const t = (m as { type?: unknown } | null)?.type;
  return t === 'summary' || t === 'window' || t === 'error';
}

export function isHostToTimeline(m: unknown): m is HostToTimeline {
  const t = (m as { type?: unknown } | null)?.type;
  return t === 'open' || t === 'window' || t === 'ended' || t === 'close';
}
