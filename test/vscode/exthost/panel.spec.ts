import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Trace } from '../../../src/core/trace/format';
import { targetKey } from '../../../src/extension/run-target';
import { TIMELINE_VIEW_TYPE } from '../../../src/extension/timeline-panel';
import { api, eventually, within, workspaceFile } from './api';

describe('timeline panel', () => {
  it('one panel per target, reused on rerun; the view loads under the CSP and says ready', async () => {
    const a = await api();
    const uri = workspaceFile('uses-runtime.ts');
    const key = targetKey({ file: uri.fsPath, scenario: 'default' });
    const trace = await within('run', vscode.commands.executeCommand<Trace>('interleave.runScenarioAt', uri, 'default'));
    assert.equal(trace.outcome.kind, 'completed', trace.outcome.summary);
    const panel = a.panels.get(key);
    assert.ok(panel, 'a panel for the target');
    await within('the webview to say ready', panel.whenReady());
    assert.equal(panel.showing, 'trace');
    assert.equal(panel.title, 'Interleave: An event set by another thread');
    await within('rerun', vscode.commands.executeCommand('interleave.runScenarioAt', uri, 'default'));
    assert.equal(a.panels.get(key), panel, 'the same panel is reused');
  });

  it('a panel restored after a reload gets its trace back from storage', async () => {
    const a = await api();
    const uri = workspaceFile('uses-runtime.ts');
    const key = targetKey({ file: uri.fsPath, scenario: 'default' });
    const original = a.panels.get(key)!;
    const title = original.title;
    original.dispose();
    assert.equal(a.panels.get(key), undefined);
    // What VS Code does on reload: a bare panel of our view type, handed to the serializer with
    // the state the webview last stored.
    const bare = vscode.window.createWebviewPanel(TIMELINE_VIEW_TYPE, title, vscode.ViewColumn.Beside, {});
    await eventually('the trace to be persisted', async () => {
      await a.panels.deserializeWebviewPanel(bare, { panelKey: key });
      return a.panels.get(key)?.showing === 'trace';
    });
    await within('the restored webview to say ready', a.panels.get(key)!.whenReady());
  });

  it('the last run is kept with what ran, for a reload to bring back its outcome', async () => {
    const a = await api();
    const uri = workspaceFile('uses-runtime.ts');
    const key = targetKey({ file: uri.fsPath, scenario: 'default' });
    const ran = await within('run', vscode.commands.executeCommand<Trace>('interleave.runScenarioAt', uri, 'default'));
    const kept = await eventually('the run to be kept', async () => {
      const r = await a.panels.lastRun();
      return r?.key === key && r.json.includes(ran.meta.startedAt) ? r : undefined;
    });
    assert.equal(kept.target.file, uri.fsPath);
    assert.equal(kept.target.scenario, 'default');
    // What a reload's restore does with it: nothing for a target whose run is known already…
    assert.equal(a.runs.restore(kept), undefined);
    // …and for one it does not know, the outcome and trace come back for the CodeLens and export.
    const target = { ...kept.target, scenario: 'elsewhere' };
    const elsewhere = { ...kept, key: targetKey(target), target };
    const back = a.runs.restore(elsewhere);
    assert.equal(back?.trace.meta.startedAt, ran.meta.startedAt);
    assert.equal(a.runs.outcomeOf({ file: uri.fsPath, scenario: 'elsewhere' })?.trace.outcome.kind, 'completed');
  });

  it('Open Trace File shows a saved trace, and explains a file that is not one', async () => {
    const a = await api();
    const last = a.runs.lastRun!.trace;
    const dir = workspaceFile('.').fsPath;
    const good = join(dir, 'saved.trace.json');
    writeFileSync(good, JSON.stringify(last));
    const opened = await vscode.commands.executeCommand<Trace>('interleave.openTrace', vscode.Uri.file(good));
    assert.equal(opened?.meta.title, last.meta.title);
    const panel = a.panels.get(`trace:${good}`);
    assert.equal(panel?.showing, 'trace');

    const bad = join(dir, 'not-a-trace.json');
    writeFileSync(bad, '{"hello": 1}');
    assert.equal(await vscode.commands.executeCommand('interleave.openTrace', vscode.Uri.file(bad)), undefined);
    assert.equal(a.panels.get(`trace:${bad}`)?.showing, 'error');
  });
});
