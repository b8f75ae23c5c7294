// Entry point of the webview bundle (dist/webview.js). Picks the transport — VS Code's webview API,
// a test page's own (`window.__interleaveTransport`, set before this script), or the standalone
// report's loopback over its embedded trace — and starts the app. `window.__interleave` is the
// test hook: the app's accessible state and a few commands a test or benchmark drives.
import type { IpcMessage } from '../src/core/protocol/webview';
import { App } from './app';
import { installStyles } from './styles';
import { initialStandaloneTheme } from './theme';
import { LoopbackTransport, type Transport, embeddedSummary, embeddedTrace, hasVsCodeApi, vscodeTransport } from './transport';

declare global {
  interface Window {
    __interleaveTransport?: Transport;
    __interleave?: unknown;
  }
}

const script = document.currentScript as HTMLScriptElement | null;
installStyles(document, script?.nonce || undefined);
const root = document.documentElement;
const inVsCode = hasVsCodeApi();
root.dataset.host = inVsCode ? 'vscode' : 'standalone';
if (!inVsCode) root.dataset.theme = initialStandaloneTheme();

const loopback =
  inVsCode || window.__interleaveTransport
    ? undefined
    : new LoopbackTransport(
        () => embeddedTrace(document),
        () => embeddedSummary(document),
      );
const transport: Transport = window.__interleaveTransport ?? (inVsCode ? vscodeTransport() : loopback!);
const mount = document.getElementById('app') ?? document.body;
const app = new App(mount, transport, inVsCode ? 'vscode' : 'standalone');

window.__interleave = {
  state: () => app.state(),
  /** Messages the view posted (standalone loopback only). */
  posted: (): IpcMessage[] => loopback?.posted ?? [],
  zoomTo: (t0: number, t1: number) => app.timeline?.zoomTo(t0, t1),
  fit: () => app.timeline?.fit(),
  pick: (prim: number) => app.timeline?.pick(prim),
  /** Client coordinates of time t on the named lane's state bar (or its task row, first hold row); names may be process-qualified. */
  pointOf: (lane: string, t: number, part?: 'state' | 'task' | 'hold') => app.timeline?.pointOf(app.laneIndex(lane), t, part),
  frameMs: () => app.timeline?.frameMs ?? [],
  firstPaintAt: () => app.timeline?.firstPaintAt,
};
app.start();
