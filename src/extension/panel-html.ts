// The HTML a timeline panel loads: the shared webview shell (core/export/html.ts: dist/webview.js
// under `default-src 'none'` with a fresh nonce) plus a small host shim that runs first. The shim
// records the panel's key in the webview state, so after a window reload the panel serializer
// knows which trace the panel showed. It wraps acquireVsCodeApi (which may be called only once)
// and keeps the view's own state, if it ever stores one, under `view`.
import { createNonce, webviewHtml } from '../core/export/html';

export interface PanelHtmlOptions {
  scriptUri: string;
  cspSource: string;
  panelKey: string;
  title: string;
}

export interface PanelWebviewState {
  panelKey: string;
  view?: unknown;
}

export function isPanelWebviewState(x: unknown): x is PanelWebviewState {
  return typeof x === 'object' && x !== null && typeof (x as PanelWebviewState).panelKey === 'string';
}

export function panelHtml(o: PanelHtmlOptions): string {
  const nonce = createNonce();
  const html = webviewHtml({ scriptUri: o.scriptUri, nonce, cspSource: o.cspSource, title: o.title });
  // JSON inside a script: `<` escaped so a key can never close the element.
  const key = JSON.stringify(o.panelKey).replace(/</g, '\\u003c');
  const shim = `<script nonce="${nonce}">
(() => {
  const api = acquireVsCodeApi();
  const panelKey = ${key};
  const view = () => api.getState()?.view;
  api.setState({ panelKey, view: view() });
  const shim = Object.freeze({
    postMessage: (message, transfer) => api.postMessage(message, transfer),
    getState: view,
    setState: (state) => (api.setState({ panelKey, view: state }), state),
  });
  globalThis.acquireVsCodeApi = () => shim;
})();
</script>
`;
  const bundleTag = `<script nonce="${nonce}" src=`;
  const at = html.indexOf(bundleTag);
  if (at < 0) throw new Error('webviewHtml() no longer loads the bundle with a nonce; the panel shim has nowhere to go');
  return html.slice(0, at) + shim + html.slice(at);
}
