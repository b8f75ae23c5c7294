// --html: the standalone timeline report, the same webview bundle inlined with the trace.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Trace } from '../core/trace/format';
import { renderHtmlReport } from '../core/export/html';
import { defaultDistDir } from '../runtime/host/run';

export function writeHtmlReport(path: string, trace: Trace): void {
  const js = readFileSync(join(defaultDistDir(), 'webview.js'), 'utf8');
  writeFileSync(path, renderHtmlReport(trace, js));
}
