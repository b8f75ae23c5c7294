import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, api, eventually, workspaceFile } from './api';

describe('activation and contributions', () => {
  it('never activates on *, and is active once a scenario file is open', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const events: string[] = ext.packageJSON.activationEvents;
    assert.ok(!events.includes('*') && !events.includes('onStartupFinished'), events.join(', '));
    await vscode.window.showTextDocument(workspaceFile('lock.scenario.ts'));
    await eventually('activation', () => ext.isActive);
  });

  it('registers every contributed command', async () => {
    await api();
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const contributed: string[] = ext.packageJSON.contributes.commands.map((c: { command: string }) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(
      contributed.filter((c) => !registered.has(c)),
      [],
    );
    assert.ok(contributed.includes('interleave.run') && contributed.length >= 7);
  });

  it('puts ▶ Run above every scenario( with its export name', async () => {
    await api();
    const lenses = async (rel: string) => {
      const uri = workspaceFile(rel);
      await vscode.workspace.openTextDocument(uri);
      const all = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      return all.filter((l) => l.command?.command === 'interleave.runScenarioAt').map((l) => [l.range.start.line, l.command!.title, l.command!.arguments?.[1]]);
    };
    assert.deepEqual(await lenses('timing.scenario.ts'), [
      [7, '▶ Run', 'quick'],
      [14, '▶ Run', 'sleeper'],
    ]);
    assert.deepEqual(await lenses('lock.scenario.ts'), [[27, '▶ Run', 'default']]);
    // Not named *.scenario.ts, but it imports interleave.
    assert.deepEqual(await lenses('uses-runtime.ts'), [[7, '▶ Run', 'default']]);
  });
});
