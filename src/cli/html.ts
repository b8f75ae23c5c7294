// --html: the standalone timeline report, the same webview bundle inlined with the trace (a run
// past the memory budget: with its overview summary instead).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Trace } from '../core/trace/format';
import { renderHtmlReport, renderSummaryReport } from '../core/export/html';
import { PyramidBuilder } from '../core/timeline/pyramid';
import { WindowServer } from '../core/timeline/window-server';
import type { IndexedEventSource, TraceHeader } from '../core/trace/source';
import { defaultDistDir } from '../runtime/host/run';

const webviewJs = () => readFileSync(join(defaultDistDir(), 'webview.js'), 'utf8');

export function writeHtmlReport(path: string, trace: Trace): void {
  writeFileSync(path, renderHtmlReport(trace, webviewJs()));
}

/** A run too long to embed: its overview from the timeline's pyramid (one pass over the chunks), and `note`. */
export function writeSummaryReport(path: string, header: TraceHeader, events: IndexedEventSource, note: string): void {
  const pyramid = new PyramidBuilder();
  for (const p of header.primitives) pyramid.primitive(p);
  events.forEachChunk((b) => pyramid.push(b));
  const summary = new WindowServer(pyramid.snapshot(), (i) => events.readChunk(i)).summary(header, false);
  writeFileSync(path, renderSummaryReport(summary, note, webviewJs()));
}
