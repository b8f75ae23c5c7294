// The base of the run CodeLens providers (TypeScript scenarios, Python scripts): their labels show
// the run state, so they are redrawn whenever a run starts, ends, is restored or its outcome changes.
import * as vscode from 'vscode';
import type { RunController } from './run-controller';

export abstract class RunLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(protected readonly runs: RunController) {
    this.subscriptions = [
      runs.onDidStart(() => this.changed.fire()),
      runs.onDidFinish(() => this.changed.fire()),
      runs.onDidRestore(() => this.changed.fire()),
      runs.onDidChangeOutcomes(() => this.changed.fire()),
    ];
  }

  abstract provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[];

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
