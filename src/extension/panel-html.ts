// The HTML a timeline panel loads: the timeline bundle (dist/webview.js) under a strict CSP with a
// per-load nonce, and a small host shim that records the panel's key in the webview state, so the
// panel serializer can tell after a window reload which trace this panel showed. The shim wraps
// acquireVsCodeApi (which may be called once) and keeps the view's own state under `view`.
import { randomBytes } from 'node:crypto';

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

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function panelHtml(o: PanelHtmlOptions): string {
  const nonce = randomBytes(18).toString('base64');
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    // The view sets its theme-driven stylesheet and element styles from script.
    `style-src ${o.cspSource} 'unsafe-inline'`,
    `img-src ${o.cspSource} data:`,
    `font-src ${o.cspSource}`,
  ].join('; ');
  // JSON inside a script: `<` escaped so a key can never close the element.
  const key = JSON.stringify(o.panelKey).replace(/</g, '\\u003c');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(o.title)}</title>
</head>
<body>
<script nonce="${nonce}">
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
<script nonce="${nonce}" src="${o.scriptUri}"></script>
</body>
</html>`;
}
