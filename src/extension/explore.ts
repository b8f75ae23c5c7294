// "⟳ Explore": runs many deterministic schedules of a scenario in the runner process (never in the
// extension host) under a cancellable progress notification, then lists the outcomes in a quick
// pick; picking one replays its schedule into the timeline. Cancelling keeps the outcomes so far.
import * as vscode from 'vscode';
import type { ExploreResult } from '../core/protocol/runner';
import { exploreScenario } from '../runtime/host/explore';
import { exploreSummary, outcomeItems, progressMessage, type OutcomeItem } from './explore-items';
import type { RunTarget } from './run-target';
import { runnerEnv } from './runner-env';
import { readSettings } from './settings';
import type { StepMode } from './step-mode';
import { mayRun } from './trust';

/** Resolves with the exploration once it ends (the quick pick of its outcomes stays open on its own). */
export async function explore(target: RunTarget, extensionPath: string, steps: StepMode, output: vscode.OutputChannel): Promise<ExploreResult | undefined> {
  if (!mayRun(target)) return undefined;
  const settings = readSettings(vscode.Uri.file(target.file));
  output.appendLine(`⟳ ${target.label}: exploring ${settings.exploreRuns} schedules`);
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Interleave: exploring ${target.label}`, cancellable: true },
    (progress, token) => {
      let reported = 0;
      const run = exploreScenario(
        { file: target.file, scenario: target.scenario, runs: settings.exploreRuns, strategy: 'pct', seed: 1, sleepScale: settings.sleepScale },
        (p) => {
          progress.report({ increment: (100 * (p.done - reported)) / Math.max(1, p.total), message: progressMessage(p) });
          reported = p.done;
        },
        runnerEnv(extensionPath),
      );
      token.onCancellationRequested(() => run.cancel());
      return run.done;
    },
  );
  output.appendLine(`  ${exploreSummary(result)}`);
  if (result.error) {
    output.appendLine(`  ${result.error.kind} error: ${result.error.message}`);
    void vscode.window.showErrorMessage(`Interleave: exploring ${target.label} failed: ${result.error.message.split('\n')[0]}`);
  }
  if (result.rows.length) void pickReplay(target, result, steps);
  return result;
}

async function pickReplay(target: RunTarget, result: ExploreResult, steps: StepMode): Promise<void> {
  const picked = await vscode.window.showQuickPick<OutcomeItem>(outcomeItems(result), {
    title: `${target.label}: ${exploreSummary(result)}`,
    placeHolder: 'Pick an outcome to replay its first schedule into the timeline',
    matchOnDetail: true,
  });
  if (picked) await steps.replay(target, picked.row);
}
