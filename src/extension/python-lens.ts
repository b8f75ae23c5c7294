// "▶ Run with Interleave" on Python files that use threading, queue, multiprocessing or
// concurrent.futures: above `if __name__ == "__main__":`, else on the first import of those
// modules; after a run, the last outcome beside it. Found by reading the text, never running it.
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { RunLensProvider } from './run-lens-provider';
import { outcomeLabel } from './outcome-label';
import { pythonLensLine } from './python-scan';

export class PythonCodeLensProvider extends RunLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (document.uri.scheme !== 'file') return [];
    const line = pythonLensLine(document.getText());
    if (line === undefined) return [];
    const file = document.uri.fsPath;
    const range = new vscode.Range(line, 0, line, 0);
    if (this.runs.running?.file === file) return [new vscode.CodeLens(range, { title: '$(sync~spin) Running… (stop)', command: 'interleave.stop' })];
    const label = basename(file);
    const lenses = [
      new vscode.CodeLens(range, {
        title: '▶ Run with Interleave',
        tooltip: `Run ${label} with Python, traced, and show its timeline`,
        command: 'interleave.runScenarioAt',
        arguments: [document.uri, undefined, label],
      }),
    ];
    const last = this.runs.lensOutcome({ file });
    if (last) {
      lenses.push(
        new vscode.CodeLens(range, {
          title: outcomeLabel(last),
          tooltip: last.summary,
          command: 'interleave.showTimeline',
          arguments: [document.uri],
        }),
      );
    }
    return lenses;
  }
}
