// Runs one scenario at a time: starts the runner child process through the runtime host, streams
// its messages into the target's panel, and when it ends shows the outcome everywhere a person
// looks (panel, status bar, output channel, CodeLens, Problems, inline hints). The extension host
// only relays batches; every scenario thread lives in the runner process.
// A TypeScript scenario's run is recorded into its binary trace (docs/trace-store.md) under the
// extension's storage. Its first events stream live as before; a run longer than the host should
// carry (liveEventLimit) goes on only into the file, which the panel then follows through a
// timeline process: the host keeps the run's header (threads, primitives, outcome), never its events.
import * as vscode from 'vscode';
import { buildModel } from '../core/model/build';
import type { Model } from '../core/model/types';
import type { RunOptions, RunnerToHost, StepCommand, StepPause } from '../core/protocol/runner';
import type { Outcome, Trace } from '../core/trace/format';
import { parseTrace } from '../core/trace/parse';
import { prepareSpareRunner, runScenario, type RunHandle } from '../runtime/host/run';
import { type EarlyTimeline, prepareSpareTimeline, startTimelineEarly } from '../runtime/host/timeline';
import { runPython } from '../runtime/host/python/run';
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pythonFor } from './python-env';
import type { EditorFeedback } from './editor-feedback';
import { outcomeLabel } from './outcome-label';
import type { Panels, RestoredRun } from './panels';
import type { Quiet } from './quiet';
import type { TimelinePanel } from './timeline-panel';
import { runnerEnv } from './runner-env';
import { targetKey, type RunTarget } from './run-target';
import { readSettings } from './settings';
import type { StatusView } from './status-view';
import { mayRun } from './trust';

export interface FinishedRun {
  target: RunTarget;
  /** The whole trace; for a run too long to hold (`store` set), its header with no events. */
  trace: Trace;
  /** A run too long for the host: its binary trace, which the panel reads through a timeline process. */
  store?: string;
  /** ms from the Run request to the first event batch handed to the panel (undefined: none came). */
  firstBatchMs?: number;
  /** Date.now() when the runner reported the run's end (or was lost). */
  endedAt?: number;
}

const LAST_TARGET_KEY = 'interleave.lastTarget';

/**
 * Events a run streams live to the host and the panel at most: the live view, step highlights,
 * editor hints and the findings' analyses hold one object per event (~150 B in the host, as much
 * again in the view). Past it the run is followed from its file. Lowered by a small memory budget.
 */
const LIVE_EVENTS = 200_000;
/** A recorded run still going after this long gets its timeline process (it may turn out long). */
const EARLY_TIMELINE_MS = 1000;
/** Bytes the host's whole model of a run costs per event (the CLI's MODEL_BYTES_PER_EVENT). */
const HOST_BYTES_PER_EVENT = 400;

/** Events streamed live under `interleave.memoryBudgetMB`. */
export function liveEventLimit(memoryBudgetMB: number): number {
  return Math.max(1, Math.min(LIVE_EVENTS, Math.floor((memoryBudgetMB * 2 ** 20) / HOST_BYTES_PER_EVENT)));
}

/** The run in progress: what it runs, with which options, and (step mode) where it waits now. */
export interface CurrentRun {
  target: RunTarget;
  options: RunOptions;
  handle: RunHandle;
  pause?: StepPause;
  /** The runner reported how the run ended (its panel shows it); the run may still be winding down. */
  outcome?: Outcome;
}

export class RunController implements vscode.Disposable {
  private current: CurrentRun | undefined;
  private readonly outcomes = new Map<string, FinishedRun>();
  private last: FinishedRun | undefined;
  private readonly started = new vscode.EventEmitter<RunTarget>();
  private readonly finished = new vscode.EventEmitter<FinishedRun>();
  private readonly paused = new vscode.EventEmitter<StepPause | undefined>();
  private readonly restored = new vscode.EventEmitter<FinishedRun>();
  private readonly outcomesChanged = new vscode.EventEmitter<void>();
  private readonly saves = vscode.workspace.onDidSaveTextDocument((d) => this.fileSaved(d.uri.fsPath));
  readonly onDidStart = this.started.event;
  /** What the CodeLens says changed outside a start or finish: the running scenario's outcome is known, a saved file's stale error dropped. */
  readonly onDidChangeOutcomes = this.outcomesChanged.event;
  readonly onDidFinish = this.finished.event;
  /** A run from before a window reload is known again (its panel came back). */
  readonly onDidRestore = this.restored.event;
  /** Step mode: the run waits at a pause, or (undefined) goes on or ended. */
  readonly onDidChangePause = this.paused.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly panels: Panels,
    private readonly feedback: EditorFeedback,
    private readonly status: StatusView,
    private readonly output: vscode.OutputChannel,
    private readonly quiet: Quiet,
  ) {
    void this.setContext();
  }

  /** The scenario running now; no longer once its outcome is known (the run only winds down then). */
  get running(): RunTarget | undefined {
    return this.current?.outcome ? undefined : this.current?.target;
  }

  get currentRun(): CurrentRun | undefined {
    return this.current;
  }

  get lastRun(): FinishedRun | undefined {
    return this.last;
  }

  get lastTarget(): RunTarget | undefined {
    return this.current?.target ?? this.last?.target ?? this.context.workspaceState.get<RunTarget>(LAST_TARGET_KEY);
  }

  /**
   * A run may come soon (a scenario is on screen, the scenario picker opened, a run just ended): have
   * a runner and a timeline process boot ahead, so the run forks nothing (a fork blocks the host's
   * thread). Not at activation: any TypeScript file activates us, and a waiting runner holds ~115 MB.
   * Only at a quiet moment: not during a run (it would compete with the scenario for the cores), nor
   * while a panel is being fed.
   */
  warm(): void {
    const env = runnerEnv(this.context.extensionPath);
    // One fork a turn: two in a row would block the host twice as long.
    this.quiet.whenQuiet(() => {
      if (this.current) return;
      prepareSpareRunner(env);
      this.quiet.whenQuiet(() => void (this.current || prepareSpareTimeline(env)));
    });
  }

  /** The last finished run of a target. */
  outcomeOf(target: Pick<RunTarget, 'file' | 'scenario'>): FinishedRun | undefined {
    return this.finishedRun(targetKey(target));
  }

  /** What the CodeLens says of a target: its running run's outcome as soon as it is known, else its last one's. */
  lensOutcome(target: Pick<RunTarget, 'file' | 'scenario'>): Outcome | undefined {
    const c = this.current;
    if (c?.outcome && targetKey(c.target) === targetKey(target)) return c.outcome;
    return this.outcomeOf(target)?.trace.outcome;
  }

  /**
   * `file` was saved: the outcome of a run of it that never started (a syntax or load error) told of
   * the text it had, and is dropped, so a fixed file's lens no longer says "syntax error".
   */
  fileSaved(file: string): void {
    const stale = [...this.outcomes].filter(([, r]) => r.target.file === file && r.trace.outcome.kind === 'error' && r.trace.threads.length === 0);
    for (const [key] of stale) this.outcomes.delete(key);
    if (stale.length) this.outcomesChanged.fire();
  }

  /**
   * Runs `target` (stopping any run in progress); `shape` turns the settings' options into a
   * deterministic run (step mode, back-step, fork, replay). Resolves with the trace, or undefined if refused.
   */
  async run(target: RunTarget, shape: (base: RunOptions) => RunOptions = (o) => o): Promise<Trace | undefined> {
    if (!mayRun(target)) return undefined;
    const python = isPythonTarget(target) ? await pythonFor(vscode.Uri.file(target.file)) : undefined;
    if (python && 'error' in python) {
      void vscode.window.showErrorMessage(python.error, 'Open Settings').then((choice) => {
        if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', 'interleave.pythonPath');
      });
      return undefined;
    }
    if (this.current) await this.stopAndWait();
    const settings = readSettings(vscode.Uri.file(target.file));
    const key = targetKey(target);
    const requested = Date.now();
    let firstBatchMs: number | undefined;

    this.feedback.clear();
    const panel = this.panels.createOrShow(key, `Interleave: ${target.label}`);
    panel.beginLive();
    this.output.appendLine(`▶ ${target.label} (${target.file}${target.scenario ? ` › ${target.scenario}` : ''})`);

    // Called from the runner's message handler: whatever the panel does, the run must go on.
    const onMessage = (m: RunnerToHost) => {
      this.quiet.busy();
      if (m.type === 'events') {
        if (firstBatchMs === undefined) firstBatchMs = Date.now() - requested;
        liveEvents += m.batch.t.length;
        if (liveEvents >= options.liveEventLimit! / 4) startEarly();
      }
      if (m.type === 'liveStopped' && store) {
        long = true;
        this.output.appendLine(`  (a long run: past ${m.events.toLocaleString('en')} events the timeline follows its trace file)`);
        panel.showStored(store, true, runnerEnv(this.context.extensionPath), undefined, early);
        return;
      }
      if (m.type === 'paused' && this.current?.handle === handle) {
        this.current.pause = m.pause;
        this.paused.fire(m.pause);
      }
      if (m.type === 'outcome' && this.current?.handle === handle) {
        this.current.outcome = m.outcome;
        this.outcomesChanged.fire();
      }
      try {
        panel.accept(m);
      } catch (e) {
        this.output.appendLine(`  (the timeline missed an update: ${e instanceof Error ? e.message : e})`);
      }
    };
    const shaped = shape({
      file: target.file,
      scenario: target.scenario,
      timeLimitS: settings.timeLimitS,
      captureSites: settings.captureSites,
      sleepScale: settings.sleepScale,
    });
    // A person stepping makes a short run: it stays in memory, as it always was.
    const store = python || shaped.deterministic?.step ? undefined : this.storePath(key);
    const options: RunOptions = store ? { ...shaped, store: { path: store }, liveEventLimit: liveEventLimit(settings.memoryBudgetMB) } : shaped;
    let long = false;
    let liveEvents = 0;
    let early: EarlyTimeline | undefined;
    // A run a quarter of the way to the live limit, or still going after EARLY_TIMELINE_MS, may well
    // pass the limit (a busy runner forwards its live events late, at worst all at its end): its
    // timeline process starts following the file now, so at the limit only the tail is left to read.
    const startEarly = () => {
      if (store && !early) early = startTimelineEarly(store, runnerEnv(this.context.extensionPath));
    };
    const earlyTimer = store ? setTimeout(startEarly, EARLY_TIMELINE_MS) : undefined;
    const handle = python
      ? runPython({ file: target.file, args: [], python: python.path, timeLimitS: settings.timeLimitS, cwd: dirname(target.file) }, onMessage, {
          distDir: join(this.context.extensionPath, 'dist'),
          // The script's own output goes to the Interleave output channel, as it comes.
          onOutput: (text) => this.output.append(text),
        })
      : runScenario(options, onMessage, runnerEnv(this.context.extensionPath));
    this.current = { target, options, handle };
    this.status.running(target);
    this.started.fire(target);
    void this.context.workspaceState.update(LAST_TARGET_KEY, target);
    await this.setContext();

    let endedAt: number | undefined;
    void handle.ended?.then(() => {
      endedAt = Date.now();
      clearTimeout(earlyTimer);
    });
    let trace: Trace;
    try {
      trace = await this.finish(handle, store, panel, () => long);
    } catch (e) {
      clearTimeout(earlyTimer);
      if (!long) early?.close();
      // The trace cannot be read back (its file is gone or damaged): the panel must not stay on "running…".
      const why = e instanceof Error ? e.message : String(e);
      if (this.current?.handle === handle) this.current = undefined;
      panel.showError(`The run of ${target.label} ended, but its trace cannot be read.`, why);
      this.output.appendLine(`  the trace cannot be read: ${why}`);
      this.status.finished(target, { kind: 'error', summary: 'its trace cannot be read', explanation: why, durationNs: 0 });
      await this.setContext();
      return undefined;
    }
    // A run that stayed short is shown whole: the process started early on its file is not needed.
    clearTimeout(earlyTimer);
    if (!long) early?.close();
    if (this.current?.handle === handle) {
      this.current = undefined;
      this.paused.fire(undefined);
    }
    // A long run's header has no events to model: its Problems come from its outcome (the cycle, the stall, the error).
    const model = long ? undefined : safeModel(trace, this.output);
    const run: FinishedRun = { target, trace, firstBatchMs, endedAt, ...(long && store ? { store } : {}) };
    this.outcomes.set(key, run);
    this.last = run;

    const json = long ? JSON.stringify(trace) : panel.showTrace(trace, target.label);
    this.feedback.show(trace, model, target);
    this.status.finished(target, trace.outcome);
    this.report(trace, firstBatchMs);
    await this.setContext();
    this.finished.fire(run);
    // The next run's runner boots now after a short run (a person re-runs at once; the host is idle),
    // and after a long one once its panel is no longer fed (the host is still busy relaying then).
    if (!long && !python) prepareSpareRunner(runnerEnv(this.context.extensionPath));
    this.warm();
    void this.panels
      .persist(key, panel.title, json, target, run.store)
      .catch((e) => this.output.appendLine(`could not keep the trace for a reload: ${e instanceof Error ? e.message : e}`));
    return trace;
  }

  stop(): void {
    this.current?.handle.stop();
  }

  /** The binary trace runs of `key` are recorded into (each run replaces its target's last). */
  private storePath(key: string): string {
    const dir = join((this.context.storageUri ?? this.context.globalStorageUri).fsPath, 'runs');
    mkdirSync(dir, { recursive: true });
    return join(dir, `${createHash('sha1').update(key).digest('hex').slice(0, 16)}.ilt`);
  }

  /**
   * The ended run's trace: the whole of a short one (its file, read back, is then removed: the panel
   * keeps its JSON); the header of a long one, whose panel reads the file with the run's outcome.
   */
  private async finish(handle: RunHandle, store: string | undefined, panel: TimelinePanel, long: () => boolean): Promise<Trace> {
    if (!handle.stored || !store) return handle.done;
    const { outcome } = await handle.ended!;
    if (!long()) {
      const trace = await handle.done;
      rmSync(store, { force: true });
      return trace;
    }
    panel.storedRunEnded(outcome);
    const { header, events } = await handle.stored();
    events.close();
    return { ...header, events: [] };
  }

  /** A run from before a window reload (its panel came back): its outcome and trace return (CodeLens, export, fork). */
  restore(r: RestoredRun): FinishedRun | undefined {
    if (this.outcomes.has(r.key)) return undefined;
    let trace: Trace;
    try {
      trace = parseTrace(r.json);
    } catch {
      return undefined;
    }
    const run: FinishedRun = { target: r.target, trace, ...(r.store && { store: r.store }) };
    this.outcomes.set(r.key, run);
    this.restored.fire(run);
    return run;
  }

  /**
   * At activation: the last run before a window reload is the last run again; unless its scenario
   * file changed since (their lines would no longer hold), its Problems entries, hints and status bar come back.
   */
  async restoreLast(): Promise<void> {
    const r = await this.panels.lastRun();
    // Its panel may have come back first.
    const run = r && !this.last && !this.current ? (this.outcomes.get(r.key) ?? this.restore(r)) : undefined;
    if (!run) return;
    this.last = run;
    await this.setContext();
    if (!(await this.unchangedSince(run.target.file, r!.savedAt)) || this.last !== run || this.current) return;
    this.feedback.show(run.trace, run.store ? undefined : safeModel(run.trace, this.output), run.target);
    this.status.finished(run.target, run.trace.outcome);
  }

  private async unchangedSince(file: string, at: number): Promise<boolean> {
    if (vscode.workspace.textDocuments.some((d) => d.uri.fsPath === file && d.isDirty)) return false;
    try {
      return (await vscode.workspace.fs.stat(vscode.Uri.file(file))).mtime <= at;
    } catch {
      return false;
    }
  }

  /** Step mode: answers the current pause of the run of `key` (a stale panel's answer is ignored). */
  step(key: string, command: StepCommand): void {
    const c = this.current;
    if (!c?.pause || targetKey(c.target) !== key) return;
    c.pause = undefined;
    this.paused.fire(undefined);
    c.handle.step(command);
  }

  /** The last outcome of the panel `key`'s target (fork reads its trace). */
  finishedRun(key: string): FinishedRun | undefined {
    return this.outcomes.get(key);
  }

  async stopAndWait(): Promise<void> {
    const c = this.current;
    if (!c) return;
    c.handle.stop();
    await c.handle.done;
  }

  dispose(): void {
    this.stop();
    this.started.dispose();
    this.finished.dispose();
    this.paused.dispose();
    this.restored.dispose();
    this.outcomesChanged.dispose();
    this.saves.dispose();
  }

  private report(trace: Trace, firstBatchMs: number | undefined): void {
    const o = trace.outcome;
    this.output.appendLine(`  ${outcomeLabel(o)} — ${o.summary}`);
    if (firstBatchMs !== undefined) this.output.appendLine(`  (the first events reached the timeline ${firstBatchMs} ms after Run)`);
    if (o.explanation && o.explanation !== o.summary) for (const l of o.explanation.split('\n')) this.output.appendLine(`    ${l}`);
    for (const t of trace.threads) {
      if (t.exit === 'exception' && t.error) {
        this.output.appendLine(`  ${t.name} raised: ${t.error.message}`);
        for (const l of (t.error.stack ?? '').split('\n').filter(Boolean)) this.output.appendLine(`    ${l}`);
      }
    }
    if (o.error) {
      const where = o.error.file ? ` (${o.error.file}${o.error.line ? `:${o.error.line}:${o.error.col ?? 1}` : ''})` : '';
      this.output.appendLine(`  ${o.error.kind} error${where}: ${o.error.message}`);
    }
  }

  private async setContext(): Promise<void> {
    await vscode.commands.executeCommand('setContext', 'interleave.running', this.current !== undefined);
    await vscode.commands.executeCommand('setContext', 'interleave.hasLastRun', this.lastTarget !== undefined);
    await vscode.commands.executeCommand('setContext', 'interleave.hasTrace', this.last !== undefined);
  }
}

/** A Python script (run by the tracer with the chosen interpreter), not a TypeScript scenario. */
export function isPythonTarget(target: Pick<RunTarget, 'file'>): boolean {
  return target.file.endsWith('.py');
}

/** A trace the model cannot explain (a partial or malformed one) still shows in the panel. */
function safeModel(trace: Trace, output: vscode.OutputChannel): Model | undefined {
  try {
    return buildModel(trace);
  } catch (e) {
    output.appendLine(`  (no editor hints: ${e instanceof Error ? e.message : e})`);
    return undefined;
  }
}
