import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Trace } from '../../../src/core/trace/format';
import { targetKey } from '../../../src/extension/run-target';
import { scanScenarios } from '../../../src/extension/scenario-scan';
import { EXTENSION_ID, api, within, workspaceFile } from './api';

describe('an untrusted workspace', () => {
  it('is untrusted (the runner opened it in restricted mode)', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  it('refuses to run a workspace scenario, and opens no panel', async () => {
    const a = await api();
    const uri = workspaceFile('lock.scenario.ts');
    const result = await vscode.commands.executeCommand<Trace | undefined>('interleave.runScenarioAt', uri, 'default');
    assert.equal(result, undefined);
    assert.equal(a.runs.lastRun, undefined);
    assert.equal(a.panels.get(targetKey({ file: uri.fsPath, scenario: 'default' })), undefined);
  });

  it('refuses to step through or explore a workspace scenario', async () => {
    const a = await api();
    const uri = workspaceFile('lock.scenario.ts');
    assert.equal(await vscode.commands.executeCommand('interleave.step', uri, 'default'), undefined);
    assert.equal(await vscode.commands.executeCommand('interleave.explore', uri, 'default'), undefined);
    assert.equal(a.runs.lastRun, undefined);
  });

  it('still runs a built-in example', async () => {
    const a = await api();
    const examples = join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'examples');
    const file = join(
      examples,
      readdirSync(examples)
        .filter((f) => f.endsWith('.ts'))
        .sort()[0],
    );
    const scenario = scanScenarios(readFileSync(file, 'utf8'))[0]?.exportName;
    const trace = await within('the built-in run', a.runs.run({ file, scenario, label: 'example', builtin: true }));
    assert.ok(trace && trace.events.length > 0, 'a trace with events');
  });

  it('still shows CodeLens (it only reads the text)', async () => {
    await api();
    const uri = workspaceFile('lock.scenario.ts');
    await vscode.workspace.openTextDocument(uri);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    assert.ok(lenses.some((l) => l.command?.title === '▶ Run'));
  });
});
