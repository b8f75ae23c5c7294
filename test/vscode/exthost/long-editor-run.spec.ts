// Long runs started as a person starts them (the Run command on a scenario file), not opened from a
// trace file: past the live limit the panel follows the run's binary trace through a timeline
// process, and ends with the run's outcome even when the runner dies. A tiny
// `interleave.memoryBudgetMB` makes a short hammer "long" in every suite run.
// INTERLEAVE_E2E_LONG=1 adds the 3 M- and 30 M-event hammers with the default settings, measured
// inside the host (not asserted as timings): RSS, the event loop's longest block
// (monitorEventLoopDelay), and how long after the runner's end the panel had the outcome. Figures:
// test-artifacts/vscode/long-editor-run.json (BENCHMARKS.md, "Long runs in the timeline").
// INTERLEAVE_E2E_PROFILE=1 also writes a CPU profile of the host's thread per run (<name>.cpuprofile).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Session } from 'node:inspector';
import { PerformanceObserver, constants as perf, monitorEventLoopDelay } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { Trace } from '../../../src/core/trace/format';
import { targetKey } from '../../../src/extension/run-target';
import { EXTENSION_ID, api, eventually, within, workspaceFile } from './api';

/** A hammer of `ops` Lock pairs in each of 4 threads (3 events a pair), written into the workspace. */
function hammerFile(ops: number): vscode.Uri {
  const uri = workspaceFile(`hammer-${ops}.scenario.ts`);
  writeFileSync(
    uri.fsPath,
    `import { scenario, Thread, Lock } from 'interleave';

export function work(lock: Lock) {
  for (let i = 0; i < ${ops}; i++) {
    lock.acquire();
    lock.release();
  }
}

export default scenario('4 threads hammer one Lock', () => {
  const lock = new Lock();
  const threads = Array.from({ length: 4 }, () => new Thread({ target: work, args: [lock] }));
  threads.forEach((t) => t.start());
  threads.forEach((t) => t.join());
});
`,
  );
  return uri;
}

const run = (uri: vscode.Uri) => vscode.commands.executeCommand<Trace | undefined>('interleave.runScenarioAt', uri, 'default');
const config = () => vscode.workspace.getConfiguration('interleave');

/** This host's children running `script`, read from /proc (a pgrep would fork: a block the figures would count). */
function childPids(script: string): number[] {
  const pids: number[] = [];
  for (const p of readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      // stat: "pid (comm) state ppid …"; comm may hold spaces, so read after its closing parenthesis.
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid && readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(script)) pids.push(Number(p));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** The runner of the run in progress: this host's child running runner.js. */
const runnerPid = (): number | undefined => childPids('runner.js')[0];

describe('long runs from the editor', function () {
  this.timeout(10 * 60_000);
  afterEach(async () => {
    for (const key of ['memoryBudgetMB', 'timeLimit', 'captureCallSites']) await config().update(key, undefined, vscode.ConfigurationTarget.Workspace);
  });
  /** The suite's short runs: 1 MB lets 2,621 events stream live (run-controller.ts liveEventLimit); no call sites, to be quick. */
  const small = async () => {
    await config().update('memoryBudgetMB', 1, vscode.ConfigurationTarget.Workspace);
    await config().update('captureCallSites', false, vscode.ConfigurationTarget.Workspace);
  };

  it('past the live limit the panel follows the run’s file and ends with its outcome; the host keeps only its header', async () => {
    const a = await api();
    await small();
    const uri = hammerFile(20_000);
    const trace = await within('the hammer', run(uri), 120_000);
    assert.equal(trace?.outcome.kind, 'completed', trace?.outcome.summary);
    assert.equal(trace.events.length, 0, 'the host holds no event of a long run');
    const finished = a.runs.lastRun!;
    assert.ok(finished.store, 'the run is kept in its binary trace');
    const panel = a.panels.get(targetKey({ file: uri.fsPath, scenario: 'default' }))!;
    assert.equal(panel.showing, 'stored');
    const stored = await eventually('the panel’s last summary', () => panel.stored?.done && panel.stored, 30_000);
    assert.ok(stored.events > 4 * 20_000 * 3, `${stored.events} events summarised`);
    await vscode.workspace.openTextDocument(uri);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    assert.ok(
      lenses.some((l) => /^completed/.test(l.command?.title ?? '')),
      lenses.map((l) => l.command?.title).join(', '),
    );
  });

  it('a runner killed in a long run: the panel ends with the error, never stuck on running', async () => {
    const a = await api();
    await small();
    await config().update('timeLimit', 300, vscode.ConfigurationTarget.Workspace);
    const uri = hammerFile(50_000_000);
    const key = targetKey({ file: uri.fsPath, scenario: 'default' });
    const done = run(uri);
    const panel = await eventually('the panel to follow the file', () => a.panels.get(key)?.showing === 'stored' && a.panels.get(key), 60_000);
    await eventually('some events summarised', () => (panel.stored?.events ?? 0) > 10_000, 60_000);
    const pid = await eventually('the runner', runnerPid);
    process.kill(pid, 'SIGKILL');
    const trace = await within('the run to end', done, 60_000);
    assert.equal(trace?.outcome.kind, 'error');
    assert.match(trace!.outcome.summary, /runner process ended unexpectedly \(SIGKILL\)/);
    const stored = await eventually('the panel’s last summary', () => panel.stored?.done && panel.stored, 30_000);
    assert.ok(stored.events > 10_000, `${stored.events} events kept`);
    const shown = (panel as unknown as { content: { summary?: { json: string; live: boolean } } }).content.summary!;
    assert.equal(shown.live, false, 'the view is told the run is over');
    assert.equal((JSON.parse(shown.json) as Trace).outcome.kind, 'error');
    assert.equal(a.runs.running, undefined);
  });

  const long = process.env.INTERLEAVE_E2E_LONG ? [250_000, 2_500_000] : [];
  const figures: Record<string, unknown>[] = [];
  /** test-artifacts/vscode of the repository the extension under test was staged from (out/vsix). */
  const artifacts = () => {
    const out = join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, '..', '..', 'test-artifacts', 'vscode');
    mkdirSync(out, { recursive: true });
    return out;
  };
  after(() => {
    if (figures.length) writeFileSync(join(artifacts(), 'long-editor-run.json'), `${JSON.stringify(figures, null, 1)}\n`);
  });
  for (const ops of long) {
    it(`a ${(ops * 12) / 1e6} M-event hammer run from the editor (measured)`, async function () {
      this.timeout(40 * 60_000);
      const a = await api();
      await config().update('timeLimit', 1800, vscode.ConfigurationTarget.Workspace);
      const uri = hammerFile(ops);
      const key = targetKey({ file: uri.fsPath, scenario: 'default' });
      // As a person opens the scenario before clicking Run: the extension forks the runner and the
      // timeline process ahead, at a quiet moment (run-controller.ts warm()), so the run forks nothing.
      // (Each panel showing a stored run has its own timeline process; a spare is one more.)
      const spares = () => childPids('runner.js').length > 0 && childPids('timeline.js').length > a.panels.all().filter((p) => p.showing === 'stored').length;
      a.runs.warm();
      await eventually('the spare runner and timeline process', spares, 60_000);
      const delay = monitorEventLoopDelay({ resolution: 10 });
      /** The event loop's longest block per phase: the run, its end until the whole run is summarised, ten windows, zooming. */
      const phases: Record<string, ReturnType<typeof monitorEventLoopDelay>> = {};
      let current = '';
      const phase = (name: string) => {
        for (const h of Object.values(phases)) h.disable();
        (phases[(current = name)] = monitorEventLoopDelay({ resolution: 10 })).enable();
      };
      /** The host's garbage collections of ≥ 50 ms: phase, s since the click, ms, kind (major, minor, incremental). */
      const longGcs: (string | number)[][] = [];
      const gcKinds: Record<number, string> = {
        [perf.NODE_PERFORMANCE_GC_MAJOR]: 'major',
        [perf.NODE_PERFORMANCE_GC_MINOR]: 'minor',
        [perf.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
        [perf.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
      };
      /** Per phase and kind: how many collections, their total and longest ms. */
      const gcByPhase: Record<string, Record<string, { n: number; ms: number; max: number }>> = {};
      const gcs = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          if (!current) continue;
          const code = (e as { detail?: { kind?: number } }).detail?.kind ?? -1;
          const kind = gcKinds[code] ?? String(code);
          const g = ((gcByPhase[current] ??= {})[kind] ??= { n: 0, ms: 0, max: 0 });
          g.n++;
          g.ms = Math.round(g.ms + e.duration);
          g.max = Math.max(g.max, Math.round(e.duration));
          if (e.duration >= 50) longGcs.push([current, Math.round((performance.timeOrigin + e.startTime - started) / 100) / 10, Math.round(e.duration), kind]);
        }
      });
      gcs.observe({ entryTypes: ['gc'] });
      let peakRss = 0;
      let outcomeShownAt = 0;
      let summarisedAt = 0;
      let storedAt = 0;
      const before = process.memoryUsage().rss;
      const started = Date.now();
      /** Every half second: s since the click, host RSS, heap, external (of which ArrayBuffers) in MB. */
      const series: number[][] = [];
      const sample = setInterval(() => {
        // rss() alone is cheap; the whole memoryUsage() (heap statistics) only twice a second.
        peakRss = Math.max(peakRss, process.memoryUsage.rss());
        const s = (Date.now() - started) / 1000;
        if (s >= series.length / 2) {
          const m = process.memoryUsage();
          series.push([s, m.rss, m.heapUsed, m.external, m.arrayBuffers].map((x, i) => (i ? Math.round(x / 1e6) : Math.round(x * 10) / 10)));
        }
        if (!storedAt && a.panels.get(key)?.showing === 'stored') storedAt = Date.now();
        const stored = a.panels.get(key)?.stored;
        if (!outcomeShownAt && stored?.over) outcomeShownAt = Date.now();
        if (!summarisedAt && stored?.done) summarisedAt = Date.now();
      }, 20);
      // INTERLEAVE_E2E_PROFILE=1: a CPU profile of the host's thread over the run and the zooming, to find what blocks it
      // (started before the event loop is watched: starting it blocks the host for ~0.4 s).
      const profiler = process.env.INTERLEAVE_E2E_PROFILE ? new Session() : undefined;
      const post = (method: string, params?: object) =>
        new Promise<unknown>((resolve, reject) => profiler!.post(method, params, (e, r) => (e ? reject(e) : resolve(r))));
      if (profiler) {
        profiler.connect();
        await post('Profiler.enable');
        await post('Profiler.setSamplingInterval', { interval: 1000 });
        await post('Profiler.start');
      }
      delay.enable();
      phase('run');
      try {
        const trace = await within('the run', run(uri), 40 * 60_000);
        assert.equal(trace?.outcome.kind, 'completed', trace?.outcome.summary);
        phase('summarising');
        const panel = a.panels.get(key)!;
        await eventually('the panel’s last summary', () => panel.stored?.done, 120_000);
        phase('windows');
        const finished = a.runs.lastRun!;
        // After the run: the panel answers ten windows across the run (what zooming asks).
        const durationNs = trace.outcome.durationNs;
        const answered = panel.stored!.windows;
        const relay = panel as unknown as { onMessage(m: unknown): void };
        const { WindowRequest } = await import('../../../src/core/protocol/webview');
        for (let k = 1; k <= 10; k++) {
          const t0 = (durationNs * k) / 11;
          relay.onMessage(WindowRequest.create({ id: 5000 + k, t0, t1: t0 + durationNs / 10_000, width: 1200 }));
        }
        await eventually('ten windows answered', () => panel.stored!.windows >= answered + 10, 120_000);
        phase('zooming');
        // The panel alone, wide; the workbench page (run-exthost.ts) zooms it and takes screenshots on
        // this line, then writes <name>.done beside them.
        // Focused (the commands below act on the active group and editor).
        panel.panel.reveal(undefined, false);
        await vscode.commands.executeCommand('workbench.action.closeEditorsInOtherGroups');
        await vscode.commands.executeCommand('workbench.action.closeOtherEditors');
        await vscode.commands.executeCommand('workbench.action.closeSidebar');
        const shot = `long-editor-run-${(ops * 12) / 1e6}M`;
        const marker = join(artifacts(), `${shot}.done`);
        rmSync(marker, { force: true });
        console.log(`[ext-test] screenshot ${shot}`);
        const screenshots = await eventually('the screenshots', () => existsSync(marker) && readFileSync(marker, 'utf8'), 5 * 60_000);
        delay.disable();
        // Then the host is quiet: the spares for the next run are forked now, measured apart.
        phase('quiet');
        await eventually('the next spares', spares, 60_000);
        await new Promise((r) => setTimeout(r, 500));
        phase('');
        if (profiler) {
          const { profile } = (await post('Profiler.stop')) as { profile: unknown };
          writeFileSync(join(artifacts(), `${shot}.cpuprofile`), JSON.stringify(profile));
          profiler.disconnect();
        }
        figures.push({
          events: panel.stored!.events,
          captureSites: config().get('captureCallSites'),
          runMs: (finished.endedAt ?? 0) - started,
          outcomeShownAfterRunnerEndMs: outcomeShownAt - (finished.endedAt ?? 0),
          wholeRunSummarisedAfterRunnerEndMs: summarisedAt - (finished.endedAt ?? 0),
          hostRssBeforeMB: Math.round(before / 1e6),
          hostPeakRssMB: Math.round(peakRss / 1e6),
          followsFileAfterMs: storedAt - started,
          endedAfterMs: (finished.endedAt ?? 0) - started,
          rssSeries: series,
          eventLoopMaxMs: Math.round(delay.max / 1e6),
          eventLoopP99Ms: Math.round(delay.percentile(99) / 1e6),
          longGcs,
          gcByPhase,
          eventLoopMaxMsByPhase: Object.fromEntries(
            Object.entries(phases)
              .filter(([k]) => k)
              .map(([k, h]) => [k, Math.round(h.max / 1e6)]),
          ),
          screenshots,
        });
        console.log(`[ext-test] ${JSON.stringify(figures.at(-1))}`);
      } finally {
        clearInterval(sample);
        delay.disable();
        for (const h of Object.values(phases)) h.disable();
        gcs.disconnect();
      }
    });
  }
});
