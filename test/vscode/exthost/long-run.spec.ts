// Long runs in the extension host (INTERLEAVE_E2E_LONG=1, run-exthost.ts writes the traces): a
// binary trace of 3 M and of 30 M events opened with "Open Trace File…" is summarised and read by
// a timeline process; the host only relays. Measured here,
// inside the host (not asserted as timings): its heap and RSS, and the longest its event loop was
// blocked (monitorEventLoopDelay), while the panel opens the run and while windows are answered.
// The figures go to test-artifacts/vscode/long-run.json (BENCHMARKS.md, "Long runs in VS Code").
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { WindowRequest } from '../../../src/core/protocol/webview';
import { EXTENSION_ID, api, eventually, within } from './api';

const figures: Record<string, unknown>[] = [];
const runs = JSON.parse(process.env.INTERLEAVE_LONG_RUNS ?? '[]') as { path: string; events: number; durationNs: number }[];

describe('long runs', function () {
  this.timeout(15 * 60_000);
  // The extension runs from out/vsix: the repository is two folders up.
  const root = join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, '..', '..');
  after(() => {
    if (!figures.length) return;
    const out = join(root, 'test-artifacts', 'vscode');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'long-run.json'), `${JSON.stringify(figures, null, 1)}\n`);
  });
  if (!runs.length) it('(INTERLEAVE_E2E_LONG=1 measures long runs)');

  for (const written of runs) {
    it(`opens a ${Math.round(written.events / 1e6)} M-event binary trace from its summary, and answers the windows the panel zooms into`, async () => {
      const a = await api();
      const path = written.path;

      const delay = monitorEventLoopDelay({ resolution: 10 });
      let peakRss = 0;
      let peakHeap = 0;
      const sample = setInterval(() => {
        const m = process.memoryUsage();
        peakRss = Math.max(peakRss, m.rss);
        peakHeap = Math.max(peakHeap, m.heapUsed);
      }, 50);
      const before = process.memoryUsage();
      delay.enable();
      const opened = Date.now();
      try {
        await within('open', vscode.commands.executeCommand('interleave.openTrace', vscode.Uri.file(path)));
        const panel = a.panels.get(`trace:${path}`);
        assert.ok(panel, 'a panel for the trace');
        await within('the webview to say ready', panel.whenReady());
        const stored = await eventually('the whole run summarised', () => panel.stored?.done && panel.stored, 10 * 60_000);
        const summarisedMs = Date.now() - opened;
        assert.equal(stored.events, written.events, 'every event of the file is in the summary');
        // The panel's zoom asks through window/request: a window of 1/10,000 of the run comes back as its events.
        const answered = panel.stored!.windows;
        const relay = panel as unknown as { onMessage(m: unknown): void };
        for (let k = 1; k <= 10; k++) {
          const t0 = (written.durationNs * k) / 11;
          relay.onMessage(WindowRequest.create({ id: 1000 + k, t0, t1: t0 + written.durationNs / 10_000, width: 1200 }));
        }
        await eventually('ten windows answered', () => panel.stored!.windows >= answered + 10, 120_000);
        delay.disable();
        figures.push({
          events: written.events,
          summarisedMs,
          hostRssBeforeMB: Math.round(before.rss / 1e6),
          hostPeakRssMB: Math.round(peakRss / 1e6),
          hostPeakHeapMB: Math.round(peakHeap / 1e6),
          eventLoopMaxMs: Math.round(delay.max / 1e6),
          eventLoopP99Ms: Math.round(delay.percentile(99) / 1e6),
        });
        // Not a timing assertion: what the host holds does not grow with the run's events.
        assert.ok(peakHeap - before.heapUsed < 200e6, `the host's heap grew by ${Math.round((peakHeap - before.heapUsed) / 1e6)} MB`);
        panel.dispose();
      } finally {
        clearInterval(sample);
        delay.disable();
      }
    });
  }
});
