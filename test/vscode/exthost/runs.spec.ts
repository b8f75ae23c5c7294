import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Trace } from '../../../src/core/trace/format';
import { targetKey } from '../../../src/extension/run-target';
import { api, eventually, ourDiagnostics, within, workspaceFile } from './api';

const run = (rel: string, scenario?: string) => vscode.commands.executeCommand<Trace | undefined>('interleave.runScenarioAt', workspaceFile(rel), scenario);

describe('runs and editor feedback', () => {
  it('the seed Lock scenario deadlocks: Problems on the wait with related locations, a hint, an outcome lens', async () => {
    const a = await api();
    const uri = workspaceFile('lock.scenario.ts');
    const trace = await within('the Lock run', run('lock.scenario.ts', 'default'));
    assert.equal(trace?.outcome.kind, 'deadlock', trace?.outcome.summary);

    const diags = ourDiagnostics(uri);
    assert.equal(diags.length, 1, diags.map((d) => d.message).join('\n'));
    const [d] = diags;
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(d.range.start.line, 9, 'the `lock.with` of worker1 (line 10)');
    assert.match(d.message, /^Deadlock: worker1 waits for Lock `lock`, held by worker1/);
    const related = (d.relatedInformation ?? []).map((r) => [r.location.range.start.line, r.message]);
    assert.deepEqual(related, [[6, 'worker1 acquired Lock `lock` here']]);

    assert.ok((a.runs.lastRun?.firstBatchMs ?? 0) > 0, 'the time to the first events is measured');

    const hints = a.feedback.hintsOf(uri.fsPath);
    assert.ok(
      hints.some((h) => h.line === 10 && /^blocked, never returned \(deadlock\)/.test(h.text)),
      JSON.stringify(hints),
    );

    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    assert.ok(
      lenses.some((l) => l.command?.title === 'deadlock' && l.range.start.line === 27),
      lenses.map((l) => l.command?.title).join(', '),
    );
  });

  it('an edit clears the file’s hints and diagnostics', async () => {
    const a = await api();
    const uri = workspaceFile('lock.scenario.ts');
    const editor = await vscode.window.showTextDocument(uri);
    assert.ok(a.feedback.hintsOf(uri.fsPath).length > 0, 'hints from the previous test');
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), '// edited\n'));
    assert.equal(a.feedback.hintsOf(uri.fsPath).length, 0);
    assert.equal(ourDiagnostics(uri).length, 0);
    await vscode.commands.executeCommand('undo');
    await editor.document.save();
  });

  it('the lost update: a data-race warning at an access, related to the other one, with Explore as its code action', async () => {
    const uri = workspaceFile('lost-update.scenario.ts');
    const trace = await within('the lost-update run', run('lost-update.scenario.ts'));
    assert.equal(trace?.outcome.kind, 'completed', trace?.outcome.summary);
    const diags = ourDiagnostics(uri);
    assert.equal(diags.length, 1, diags.map((d) => d.message).join('\n'));
    const [d] = diags;
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(d.message, /^Data race on d\.x: [ab] and [ab] access it unordered .*not confirmed by replay/);
    // `const seen = d.x` (line 6) or `d.x = seen + 1` (line 7): the other access is the related location.
    assert.ok([5, 6].includes(d.range.start.line), `line ${d.range.start.line + 1}`);
    const related = d.relatedInformation ?? [];
    assert.equal(related.length, 1);
    assert.ok([5, 6].includes(related[0].location.range.start.line));
    assert.equal(related[0].location.uri.fsPath, uri.fsPath);
    assert.match(related[0].message, /^[ab] (reads|writes) it here, unordered with this access$/);

    await vscode.window.showTextDocument(uri);
    const at = new vscode.Range(d.range.start, d.range.start);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, at);
    const explore = actions.find((a) => a.title === 'Explore schedules of this scenario');
    assert.ok(explore, actions.map((a) => a.title).join(', '));
    assert.equal(explore.command?.command, 'interleave.explore');
    assert.equal((explore.command?.arguments?.[0] as vscode.Uri).fsPath, uri.fsPath);
  });

  it('a syntax error becomes a diagnostic on its line', async () => {
    const trace = await within('the broken run', run('broken.scenario.js'));
    assert.equal(trace?.outcome.kind, 'error');
    assert.equal(trace?.outcome.error?.kind, 'syntax');
    const diags = ourDiagnostics(workspaceFile('broken.scenario.js'));
    assert.equal(diags.length, 1);
    assert.equal(diags[0].range.start.line, 4);
    assert.match(diags[0].message, /^Syntax error: /);
  });

  it('Stop ends a running scenario as stopped and keeps its partial trace', async () => {
    const a = await api();
    const pending = run('timing.scenario.ts', 'sleeper');
    await eventually('the run to start', () => a.runs.running?.scenario === 'sleeper');
    await vscode.commands.executeCommand('interleave.stop');
    const trace = await within('the stopped run', pending, 10_000);
    assert.equal(trace?.outcome.kind, 'stopped');
    assert.equal(a.runs.running, undefined);
  });

  it('closing the panel while its scenario runs does not disturb the run', async () => {
    const a = await api();
    const pending = run('timing.scenario.ts', 'sleeper');
    await eventually('the run to start', () => a.runs.running?.scenario === 'sleeper');
    const panel = a.panels.get(targetKey({ file: workspaceFile('timing.scenario.ts').fsPath, scenario: 'sleeper' }));
    assert.ok(panel);
    panel.dispose();
    await vscode.commands.executeCommand('interleave.stop');
    const trace = await within('the stopped run', pending, 10_000);
    assert.equal(trace?.outcome.kind, 'stopped');
  });

  it('Rerun runs the last target again', async () => {
    const first = await within('quick', run('timing.scenario.ts', 'quick'));
    assert.equal(first?.outcome.kind, 'completed', first?.outcome.summary);
    const again = await within('rerun', vscode.commands.executeCommand<Trace>('interleave.rerun'));
    assert.equal(again.meta.scenario, 'quick');
    assert.equal(again.outcome.kind, 'completed');
    assert.notEqual(again.meta.startedAt, first!.meta.startedAt);
  });

  it('settings reach the runner: sleep scale and time limit', async () => {
    const config = vscode.workspace.getConfiguration('interleave');
    try {
      await config.update('sleepScale', 0.5, vscode.ConfigurationTarget.Workspace);
      const scaled = await within('scaled run', run('timing.scenario.ts', 'quick'));
      assert.equal(scaled?.meta.sleepScale, 0.5);
      await config.update('timeLimit', 1, vscode.ConfigurationTarget.Workspace);
      const limited = await within('limited run', run('timing.scenario.ts', 'sleeper'));
      assert.equal(limited?.outcome.kind, 'timeout');
      assert.equal(limited?.meta.timeLimitS, 1);
    } finally {
      await config.update('sleepScale', undefined, vscode.ConfigurationTarget.Workspace);
      await config.update('timeLimit', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('Export Trace writes Chrome trace JSON of the last run', async () => {
    const target = vscode.Uri.file(join(workspaceFile('.').fsPath, 'exported', 'quick.chrome-trace.json'));
    await within('quick', run('timing.scenario.ts', 'quick'));
    const written = await vscode.commands.executeCommand<vscode.Uri>('interleave.exportTrace', target);
    assert.equal(written?.fsPath, target.fsPath);
    const chrome = JSON.parse(readFileSync(target.fsPath, 'utf8')) as { traceEvents: { ph: string; name: string; args?: { name?: string } }[] };
    const names = chrome.traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => e.args?.name);
    assert.ok(names.includes('holder-1') && names.includes('holder-3'), names.join(', '));
  });
});
