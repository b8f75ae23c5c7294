// Step mode from VS Code (the "Step" CodeLens, the timeline panel's step controls): a deterministic run that
// pauses at every scheduling point while the editor highlights each thread's next line. Back and
// fork start new runs that the replay makes identical up to the pause (runtime/host/step.ts); an
// Explore row replays its schedule the same way.
import * as vscode from 'vscode';
import type { ExploreRow, StepCommand } from '../core/protocol/runner';
import type { Trace } from '../core/trace/format';
import { backStepOptions, forkOptions, stepOptions } from '../runtime/host/step';
import type { RunController } from './run-controller';
import { targetKey, type RunTarget } from './run-target';
import { StepHighlights } from './step-highlights';

export class StepMode implements vscode.Disposable {
  readonly highlights = new StepHighlights();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly runs: RunController) {
    this.subscription = runs.onDidChangePause((pause) => this.highlights.show(pause));
  }

  start(target: RunTarget): Promise<Trace | undefined> {
    return this.runs.run(target, stepOptions);
  }

  choose(key: string, command: StepCommand): void {
    this.runs.step(key, command);
  }

  /** The pause before the current one, by a replay that stops one decision earlier. */
  back(key: string): Promise<Trace | undefined> | undefined {
    const c = this.runs.currentRun;
    if (!c?.pause || targetKey(c.target) !== key) return undefined;
    const { pause, options } = c;
    return this.runs.run(c.target, (base) => backStepOptions({ ...base, deterministic: options.deterministic }, pause));
  }

  /** The finished trace of panel `key` replayed up to `atNs`, paused there for another choice. */
  fork(key: string, atNs: number): Promise<Trace | undefined> | undefined {
    const last = this.runs.finishedRun(key);
    if (last?.trace.meta.mode !== 'deterministic') {
      void vscode.window.showInformationMessage(
        'Interleave: only a deterministic run can be forked. Run the scenario with Step, or replay an Explore outcome, first.',
      );
      return undefined;
    }
    return this.runs.run(last.target, (base) => forkOptions(base, last.trace, atNs));
  }

  /** One explored or confirming schedule, exactly as it ran, into the timeline. */
  replay(target: RunTarget, row: Pick<ExploreRow, 'seed' | 'schedule'>): Promise<Trace | undefined> {
    return this.runs.run(target, (base) => ({ ...base, deterministic: { seed: row.seed, strategy: 'replay', schedule: row.schedule } }));
  }

  dispose(): void {
    this.subscription.dispose();
    this.highlights.dispose();
  }
}
