import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExploreResult, StepPause } from '../../../src/core/protocol/runner';
import type { Trace } from '../../../src/core/trace/format';
import { targetKey } from '../../../src/extension/run-target';
import { api, eventually, within, workspaceFile } from './api';

const FILE = 'lost-update.scenario.ts';
const key = () => targetKey({ file: workspaceFile(FILE).fsPath, scenario: 'default' });

describe('step mode and exploration', () => {
  it('puts Step and ⟳ Explore beside ▶ Run', async () => {
    await api();
    const uri = workspaceFile(FILE);
    await vscode.workspace.openTextDocument(uri);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    const at = lenses.filter((l) => l.range.start.line === 9).map((l) => [l.command?.title, l.command?.command, l.command?.arguments?.[1]]);
    assert.deepEqual(at, [
      ['▶ Run', 'interleave.runScenarioAt', 'default'],
      ['$(debug-step-over) Step', 'interleave.step', 'default'],
      ['⟳ Explore', 'interleave.explore', 'default'],
    ]);
  });

  it('Explore finds both outcomes of the lost update, and a picked row replays exactly', async () => {
    const a = await api();
    const config = vscode.workspace.getConfiguration('interleave');
    await config.update('exploreRuns', 200, vscode.ConfigurationTarget.Workspace);
    try {
      const result = await within(
        'the exploration',
        vscode.commands.executeCommand<ExploreResult>('interleave.explore', workspaceFile(FILE), 'default'),
        50_000,
      );
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      assert.equal(result.done, 200);
      assert.deepEqual(result.rows.map((r) => r.label).sort(), ['x = 1', 'x = 2']);
      const lost = result.rows.find((r) => r.label === 'x = 1')!;
      const trace = await within(
        'the replay',
        a.steps.replay({ file: workspaceFile(FILE).fsPath, scenario: 'default', label: 'replay', builtin: false }, lost),
      );
      assert.deepEqual(trace?.outcome.shared, { d: { x: 1 } });
      assert.deepEqual(trace?.meta.schedule, lost.schedule);
    } finally {
      await config.update('exploreRuns', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('Step pauses with each thread’s next line highlighted; choose, back, run to end, fork', async () => {
    const a = await api();
    const file = workspaceFile(FILE).fsPath;
    await vscode.window.showTextDocument(workspaceFile(FILE));
    const pauseAfter = async (step: number) =>
      eventually(`a pause after step ${step}`, () => {
        const p = a.runs.currentRun?.pause;
        return p && p.step > step ? p : undefined;
      });
    const pending = vscode.commands.executeCommand<Trace | undefined>('interleave.step', workspaceFile(FILE), 'default');
    let pause: StepPause = await pauseAfter(-1);
    // Let threads go until a or b stands at its read or write (lines 6-7).
    while (!pause.threads.some((t) => t.file === file && t.status === 'runnable' && (t.line === 6 || t.line === 7))) {
      a.steps.choose(key(), { kind: 'thread', thread: pause.candidates[pause.candidates.length - 1] });
      pause = await pauseAfter(pause.step);
    }
    const lines = a.steps.highlights.linesOf(file);
    assert.ok(
      lines.some((l) => l.runnable && /may go next/.test(l.text)),
      JSON.stringify(lines),
    );

    const before = pause;
    a.steps.choose(key(), { kind: 'thread', thread: pause.candidates[0] });
    pause = await pauseAfter(before.step);
    assert.equal(a.steps.highlights.linesOf(file).length > 0, true);
    void a.steps.back(key());
    await pending;
    const back = await eventually('the pause before', () => {
      const p = a.runs.currentRun?.pause;
      return p && p.step === pause.step - 1 ? p : undefined;
    });
    assert.deepEqual(back, before, 'back replays to exactly the pause before');
    const running = a.runs.currentRun!;
    a.steps.choose(key(), { kind: 'toEnd' });
    const finished = await within('the stepped run', running.handle.done);
    assert.equal(finished.outcome.kind, 'completed');
    await eventually('the run to be over', () => a.runs.currentRun === undefined && a.runs.finishedRun(key()));
    assert.equal(a.steps.highlights.linesOf(file).length, 0, 'highlights clear when the run ends');

    const write = finished.events.find((e) => e.k === 'sharedWrite')!;
    void a.steps.fork(key(), write.t);
    const forked = await eventually('the fork’s pause', () => a.runs.currentRun?.pause);
    assert.equal(forked.timeNs, write.t);
    await vscode.commands.executeCommand('interleave.stop');
    await eventually('the fork to stop', () => a.runs.currentRun === undefined);
  });
});
