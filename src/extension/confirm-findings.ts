// After a real-time run of a TypeScript scenario with potential deadlocks or data races, confirms
// them by replay as `interleave run` does (runtime/host/confirm.ts): the deterministic schedules run
// in a runner child process, never in the extension host, under a cancellable progress
// notification, bounded in schedules and seconds. Meanwhile the Problems warnings say they are
// being confirmed; then "confirmed" (with the 'Replay the confirming schedule' quick fix) or "not
// reproduced in N schedules", and so does the run's timeline panel (its findings list, with a Replay
// button for each confirming schedule). A new run, an edit of the scenario or the setting
// `interleave.confirmFindings: false` stops or skips it.
import * as vscode from 'vscode';
import { findingsOf } from '../core/analysis/findings';
import type { Findings } from '../core/trace/format';
import { canConfirm, confirmFindings, confirmSummaryText, DEFAULT_CONFIRM_BUDGET_S, DEFAULT_CONFIRM_RUNS, hasConfirmable } from '../runtime/host/confirm';
import type { EditorFeedback } from './editor-feedback';
import type { Panels } from './panels';
import { targetKey } from './run-target';
import type { FinishedRun, RunController } from './run-controller';
import { runnerEnv } from './runner-env';
import { readSettings } from './settings';

/** Why a confirmation stopped when a newer run or an edit made its warnings stale. */
const SUPERSEDED = 'superseded';

export class FindingConfirmer implements vscode.Disposable {
  private current: { run: FinishedRun; abort: AbortController; done: Promise<void> } | undefined;
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly runs: RunController,
    private readonly panels: Panels,
    private readonly feedback: EditorFeedback,
    private readonly output: vscode.OutputChannel,
    private readonly extensionPath: string,
  ) {
    this.disposables = [
      runs.onDidStart(() => this.cancel(SUPERSEDED)),
      runs.onDidFinish((run) => this.start(run)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length && e.document.uri.fsPath === this.current?.run.target.file) this.cancel(SUPERSEDED);
      }),
    ];
  }

  /** The confirmation under way (tests wait for it). */
  get pending(): Promise<void> | undefined {
    return this.current?.done;
  }

  /** Stops the search; the warnings then say what it showed so far, unless `reason` is SUPERSEDED (they are gone or stale). */
  cancel(reason = 'cancelled'): void {
    this.current?.abort.abort(reason);
  }

  dispose(): void {
    this.cancel(SUPERSEDED);
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private start(run: FinishedRun): void {
    const { trace, target } = run;
    // A deterministic run is a replay, a step or a fork: its schedule is the one asked for.
    if (trace.meta.mode !== 'realtime' || !canConfirm(trace) || !readSettings(vscode.Uri.file(target.file)).confirmFindings) return;
    const all = findingsOf(trace);
    if (!all) return;
    // A cycle on the very locks the run deadlocked on happened: it is the run's error, nothing to confirm.
    const deadlocked = new Set(trace.outcome.kind === 'deadlock' ? (trace.outcome.stuck ?? []).map((s) => s.on) : []);
    const wanted: Findings = { cycles: all.cycles.filter((c) => !c.locks.every((l) => deadlocked.has(l))), races: all.races };
    if (!hasConfirmable(wanted)) return;
    trace.findings = all;
    const abort = new AbortController();
    const current = { run, abort, done: this.confirm(run, wanted, abort.signal) };
    this.current = current;
    void current.done.finally(() => {
      if (this.current === current) this.current = undefined;
    });
  }

  private async confirm(run: FinishedRun, wanted: Findings, signal: AbortSignal): Promise<void> {
    const { trace, target } = run;
    const count = wanted.cycles.filter((c) => c.kind === 'potentialDeadlock').length + wanted.races.length;
    const what = `${count} finding${count === 1 ? '' : 's'} of ${target.label}`;
    this.feedback.showAnalysis(trace, true);
    this.panels.get(targetKey(target))?.showFindings(trace.findings!, true);
    this.output.appendLine(`  confirming ${what} by replay: up to ${DEFAULT_CONFIRM_RUNS} deterministic schedules within ${DEFAULT_CONFIRM_BUDGET_S} s`);
    const summary = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Interleave: confirming ${what} by replay`, cancellable: true },
      (progress, token) => {
        token.onCancellationRequested(() => this.cancel());
        let reported = 0;
        return confirmFindings(trace, wanted, {
          runs: DEFAULT_CONFIRM_RUNS,
          budgetS: DEFAULT_CONFIRM_BUDGET_S,
          env: runnerEnv(this.extensionPath),
          signal,
          onProgress: (p) => {
            progress.report({ increment: (100 * (p.done - reported)) / Math.max(1, p.total), message: `${p.done} of ${p.total} schedules` });
            reported = p.done;
          },
        });
      },
    );
    this.output.appendLine(`  confirmation: ${confirmSummaryText(summary, DEFAULT_CONFIRM_BUDGET_S)}`);
    // Only while its warnings are still the ones shown: no newer run, no edit of the scenario since.
    if (signal.reason === SUPERSEDED || this.runs.lastRun !== run || this.runs.running) return;
    this.feedback.showAnalysis(trace, false);
    this.panels.get(targetKey(target))?.showFindings(trace.findings!, false);
  }
}
