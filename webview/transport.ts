// How the app talks to its host. The app only sees a Transport; which one it gets is decided once
// at start (main.ts): VS Code's webview API inside the editor, a loopback over the trace embedded
// in the page for the standalone report, or whatever a test page injects.
import { SUMMARY_ELEMENT_ID, readEmbeddedSummary } from '../src/core/export/html';
import { type IpcMessage, Ready, ShowTrace, SummaryShow, type SummaryShowParams, TraceError } from '../src/core/protocol/webview';

export interface Transport {
  post(msg: IpcMessage): void;
  onMessage(cb: (msg: unknown) => void): void;
}

interface VsCodeApi {
  postMessage(msg: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

export function hasVsCodeApi(): boolean {
  return typeof (globalThis as { acquireVsCodeApi?: unknown }).acquireVsCodeApi === 'function';
}

export function vscodeTransport(): Transport {
  const api = acquireVsCodeApi();
  return {
    post: (msg) => api.postMessage(msg),
    onMessage: (cb) => window.addEventListener('message', (e) => cb(e.data)),
  };
}

/**
 * The standalone report's host, inside the page: answers `ready` with the embedded trace and
 * keeps what the view posts (a reveal has no editor to go to; the view shows the location itself),
 * so tests can read `posted`.
 */
export class LoopbackTransport implements Transport {
  readonly posted: IpcMessage[] = [];
  private listener: ((msg: unknown) => void) | undefined;

  constructor(
    private readonly embedded: () => string | undefined,
    /** A long run's report: its summary instead of a trace (its window requests go unanswered: it zooms into the overview). */
    private readonly summary: () => SummaryShowParams | undefined = () => undefined,
  ) {}

  post(msg: IpcMessage): void {
    this.posted.push(msg);
    if (Ready.is(msg)) {
      const summary = this.summary();
      if (summary) return void setTimeout(() => this.listener?.(SummaryShow.create(summary)));
      const json = this.embedded();
      // Answer after the current task, as a real host would, so the view is fully set up.
      setTimeout(() =>
        this.listener?.(
          json === undefined
            ? TraceError.create({ message: 'This report contains no trace.', detail: 'The page has no embedded trace data.' })
            : ShowTrace.create({ json, source: 'the embedded trace' }),
        ),
      );
    }
  }

  onMessage(cb: (msg: unknown) => void): void {
    this.listener = cb;
  }
}

/** The trace text a standalone report carries in <script type="application/json" id="interleave-trace">. */
export function embeddedTrace(doc: Document): string | undefined {
  return doc.getElementById('interleave-trace')?.textContent ?? undefined;
}

/** The summary a long run's report carries (core/export/html.ts renderSummaryReport). */
export function embeddedSummary(doc: Document): SummaryShowParams | undefined {
  const text = doc.getElementById(SUMMARY_ELEMENT_ID)?.textContent;
  return text ? readEmbeddedSummary(text) : undefined;
}
