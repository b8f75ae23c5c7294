// The page that hosts the timeline app, written once for both of its homes:
//  - the VS Code panel: `webviewHtml({ scriptUri, nonce, cspSource })` — the bundle is loaded from
//    the extension's dist/ through webview.asWebviewUri; the host then posts trace/show or live/*.
//  - the standalone report: `renderHtmlReport(trace, webviewJs)` — one offline file with the bundle
//    and the trace inlined; the app's loopback transport reads the trace from the page. A large
//    trace carries its events as base64 columns (trace/packed.ts): the JSON of a million event
//    objects is ~68 MB that the page would have to parse into objects and check one by one. A run
//    too long for that (past the memory budget) gets `renderSummaryReport`: its header and the
//    timeline's overview of it (summary/show, as a panel opens a long run), and a note saying how
//    to open the whole trace.
// Both pages allow nothing remote: `default-src 'none'`, scripts and styles only with the page's
// nonce (the app adds its stylesheet under the nonce of its own script tag).
import type { SummaryShowParams } from '../protocol/webview';
import type { Trace } from '../trace/format';
import { fromBase64, packEvents, toBase64 } from '../trace/packed';

/** From this many events on, the report embeds them as columns; smaller reports stay plain, readable JSON. */
export const PACK_EVENTS_FROM = 20_000;

export interface WebviewHtmlOptions {
  /** webview.asWebviewUri(dist/webview.js).toString() */
  scriptUri: string;
  /** From createNonce(), fresh for every page. */
  nonce: string;
  /** webview.cspSource */
  cspSource: string;
  title?: string;
}

export interface ReportOptions {
  title?: string;
  /** Fixed only by tests; a fresh one otherwise. */
  nonce?: string;
  /** Event count from which events are embedded as columns (PACK_EVENTS_FROM); tests lower it. */
  packEventsFrom?: number;
}

/** 128 random bits, base64: a CSP nonce from the platform's CSPRNG (never Math.random). */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

/** The VS Code panel's HTML. */
export function webviewHtml(o: WebviewHtmlOptions): string {
  const csp = [
    "default-src 'none'",
    `img-src ${o.cspSource} data:`,
    `style-src ${o.cspSource} 'nonce-${o.nonce}'`,
    `font-src ${o.cspSource}`,
    `script-src 'nonce-${o.nonce}'`,
  ].join('; ');
  return shell(csp, o.title ?? 'Interleave timeline', `<script nonce="${attr(o.nonce)}" src="${attr(o.scriptUri)}"></script>`);
}

/** A single self-contained HTML file showing `trace`; `webviewJs` is the text of dist/webview.js. */
export function renderHtmlReport(trace: Trace, webviewJs: string, opts: ReportOptions = {}): string {
  const packed = trace.events.length >= (opts.packEventsFrom ?? PACK_EVENTS_FROM) ? packEvents(trace.events) : undefined;
  const body = packed ? { ...trace, events: [], eventColumns: packed } : trace;
  const data = `<script type="application/json" id="interleave-trace">${embedJson(JSON.stringify(body))}</script>`;
  return report(trace, data, webviewJs, opts);
}

/** The element a summary report carries its summary in (the loopback transport reads it). */
export const SUMMARY_ELEMENT_ID = 'interleave-summary';

/**
 * A report of a run too long to embed its events: its header and overview (`summary`, what a
 * panel's timeline process sends), and `note`, shown above the timeline, on how to open the whole trace.
 */
export function renderSummaryReport(summary: SummaryShowParams, note: string, webviewJs: string, opts: ReportOptions = {}): string {
  const slice = { ...summary.slice, buckets: toBase64(summary.slice.buckets) };
  const data = `<script type="application/json" id="${SUMMARY_ELEMENT_ID}">${embedJson(JSON.stringify({ ...summary, slice }))}</script>`;
  const header = JSON.parse(summary.json) as Trace;
  return report(header, data, webviewJs, opts, `<p role="note" id="interleave-note">${text(note)}</p>\n`);
}

/** A summary report's summary, as renderSummaryReport embedded it (undefined: not one). */
export function readEmbeddedSummary(json: string): SummaryShowParams | undefined {
  const p = JSON.parse(json) as SummaryShowParams & { slice: { buckets: unknown } };
  if (typeof p.slice?.buckets !== 'string') return undefined;
  return { ...p, slice: { ...p.slice, buckets: fromBase64(p.slice.buckets) } };
}

function report(trace: Pick<Trace, 'meta'>, data: string, webviewJs: string, opts: ReportOptions, before = ''): string {
  const nonce = opts.nonce ?? createNonce();
  const csp = [
    "default-src 'none'",
    'img-src data:',
    `style-src 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const title = opts.title ?? `${trace.meta.title || trace.meta.scenario} — Interleave`;
  return shell(csp, title, `${data}\n<script nonce="${attr(nonce)}">${embedScript(webviewJs)}</script>`, before);
}

function shell(csp: string, title: string, scripts: string, before = ''): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${text(title)}</title>
</head>
<body>
${before}<div id="app"><p role="status">Loading the timeline…</p></div>
<noscript>This page needs JavaScript to draw the timeline.</noscript>
${scripts}
</body>
</html>
`;
}

const text = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const attr = (s: string) => text(s).replace(/"/g, '&quot;');

/** JSON inside <script>: "<" only occurs in strings, where \u003c means the same and cannot close the tag. */
export function embedJson(json: string): string {
  return json.replace(/</g, '\\u003c');
}

/** JS inside <script>: `</script` and `<!--` would end or confuse the element; \x3C is "<" in strings, regexes and templates. */
export function embedScript(js: string): string {
  return js.replace(/<(\/script|!--)/gi, '\\x3C$1');
}
