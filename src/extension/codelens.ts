// "▶ Run", "Step" (with the step-over codicon: a ⏭ character is missing from common Linux fonts) and
// "⟳ Explore" above every `scenario(` of a scenario file (named
// *.scenario.ts/js/mjs, or importing `interleave`), and after a run the last outcome beside it
// ("deadlock", "completed in 1.2 s").
// The file's text is scanned, never executed, so lenses also show in untrusted workspaces.
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { RunLensProvider } from './run-lens-provider';
import { outcomeLabel } from './outcome-label';
import { importsInterleave, scanScenarios } from './scenario-scan';

export function isScenarioFile(document: vscode.TextDocument): boolean {
  return /\.scenario\.(ts|js|mjs)$/.test(document.fileName) || importsInterleave(document.getText());
}

export class ScenarioCodeLensProvider extends RunLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (document.uri.scheme !== 'file' || !isScenarioFile(document)) return [];
    const file = document.uri.fsPath;
    const lenses: vscode.CodeLens[] = [];
    for (const decl of scanScenarios(document.getText())) {
      const range = new vscode.Range(decl.line, decl.character, decl.line, decl.character);
      const target = { file, scenario: decl.exportName };
      const label = decl.title ?? (decl.exportName && decl.exportName !== 'default' ? decl.exportName : basename(file));
      const running = this.runs.running;
      if (running && running.file === file && running.scenario === decl.exportName) {
        lenses.push(new vscode.CodeLens(range, { title: '$(sync~spin) Running… (stop)', command: 'interleave.stop' }));
        continue;
      }
      const args = [document.uri, decl.exportName, label];
      lenses.push(
        new vscode.CodeLens(range, { title: '▶ Run', tooltip: `Run "${label}" and show its timeline`, command: 'interleave.runScenarioAt', arguments: args }),
        new vscode.CodeLens(range, {
          title: '$(debug-step-over) Step',
          tooltip: `Run "${label}" one scheduling point at a time: you choose which thread goes next`,
          command: 'interleave.step',
          arguments: args,
        }),
        new vscode.CodeLens(range, {
          title: '⟳ Explore',
          tooltip: `Run many schedules of "${label}" and group them by outcome`,
          command: 'interleave.explore',
          arguments: args,
        }),
      );
      const last = this.runs.lensOutcome(target);
      if (last) {
        lenses.push(
          new vscode.CodeLens(range, {
            title: outcomeLabel(last),
            tooltip: last.summary,
            command: 'interleave.showTimeline',
            arguments: [document.uri, decl.exportName],
          }),
        );
      }
    }
    if (lenses.length) this.runs.warm();
    return lenses;
  }
}
