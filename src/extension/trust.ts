// Workspace Trust: in an untrusted workspace nothing the workspace authored runs (a scenario is
// code); the built-in examples are ours and may. package.json declares `supported: "limited"`.
import * as vscode from 'vscode';
import type { RunTarget } from './run-target';

export const UNTRUSTED_MESSAGE =
  'Interleave runs scenario files of this workspace only once you trust it: a scenario is code. The built-in examples still run.';

/** Whether `target` may run now; explains why not (with a way to manage trust) when it may not. */
export function mayRun(target: RunTarget): boolean {
  if (target.builtin || vscode.workspace.isTrusted) return true;
  void vscode.window.showWarningMessage(UNTRUSTED_MESSAGE, 'Manage Workspace Trust').then((choice) => {
    if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
  });
  return false;
}
