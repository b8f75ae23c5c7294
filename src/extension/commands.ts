// The extension's commands (category "Interleave" in package.json). Each one is thin: it picks or
// finds a target and hands it to the run controller, the panels or the trace files.
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { Trace } from '../core/trace/format';
import { builtinExamples } from '../runtime/host/run';
import { explore } from './explore';
import type { Panels } from './panels';
import { isPythonTarget, type RunController } from './run-controller';
import { defaultLabel, targetKey, type RunTarget } from './run-target';
import { pickScenario } from './scenario-picker';
import { scanScenarios } from './scenario-scan';
import { starterScenario } from './starter';
import type { StepMode } from './step-mode';
import { runnerEnv } from './runner-env';
import { exportChromeTrace, openTraceFile } from './trace-files';

export interface CommandDeps {
  context: vscode.ExtensionContext;
  runs: RunController;
  panels: Panels;
  steps: StepMode;
  output: vscode.OutputChannel;
  /** The trace Export Trace writes: the last one run or opened. */
  currentTrace(): Trace | undefined;
  setOpenedTrace(trace: Trace): void;
}

export function registerCommands(d: CommandDeps): void {
  const { context, runs, panels } = d;
  const distDir = vscode.Uri.joinPath(context.extensionUri, 'dist').fsPath;
  const register = (id: string, fn: (...args: never[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));

  register('interleave.run', async () => {
    runs.warm();
    const target = await pickScenario(builtinExamples(distDir));
    return target ? runs.run(target) : undefined;
  });

  register('interleave.runScenarioAt', async (uri?: vscode.Uri, scenario?: string, label?: string) => {
    const target = await targetAt(uri, scenario, label);
    return target ? runs.run(target) : undefined;
  });

  // From a CodeLens (a file and export) or the palette (a quick pick, as Run).
  // Step and Explore need deterministic mode, which only TypeScript scenarios have.
  const chosen = async (title: string, placeholder: string, uri?: vscode.Uri, scenario?: string, label?: string) => {
    runs.warm();
    const target = uri
      ? await targetAt(uri, scenario, label)
      : await pickScenario(
          builtinExamples(distDir).filter((e) => e.language === 'typescript'),
          title,
          placeholder,
        );
    if (target && isPythonTarget(target)) {
      void vscode.window.showInformationMessage(
        `Interleave: ${title} needs a TypeScript scenario (deterministic mode); a Python script runs in real time with ▶ Run with Interleave.`,
      );
      return undefined;
    }
    return target;
  };

  register('interleave.step', async (uri?: vscode.Uri, scenario?: string, label?: string) => {
    const target = await chosen('Step Through Scenario', 'Pick a scenario to step through', uri, scenario, label);
    return target ? d.steps.start(target) : undefined;
  });

  register('interleave.explore', async (uri?: vscode.Uri, scenario?: string, label?: string) => {
    const target = await chosen('Explore Schedules of Scenario', 'Pick a scenario to explore', uri, scenario, label);
    return target ? explore(target, context.extensionPath, d.steps, d.output) : undefined;
  });

  // From the quick fix on a confirmed finding (editor-feedback.ts): the run it came from and the schedule.
  register('interleave.replaySchedule', async (target?: RunTarget, seed?: number, schedule?: number[]) => {
    const valid = typeof target?.file === 'string' && Number.isInteger(seed) && Array.isArray(schedule) && schedule.every((t) => Number.isInteger(t));
    if (!valid) {
      void vscode.window.showInformationMessage(
        'Interleave: Replay the Confirming Schedule is a quick fix on a confirmed potential deadlock or data race in Problems.',
      );
      return undefined;
    }
    return d.steps.replay(target!, { seed: seed!, schedule: schedule! });
  });

  register('interleave.rerun', async () => {
    const target = runs.lastTarget;
    if (!target) {
      void vscode.window.showInformationMessage('Interleave: nothing has run yet. Run a scenario first.');
      return undefined;
    }
    return runs.run(target);
  });

  register('interleave.stop', () => {
    if (runs.running) runs.stop();
    else void vscode.window.showInformationMessage('Interleave: no scenario is running.');
  });

  register('interleave.showTimeline', (uri?: vscode.Uri, scenario?: string) => {
    const key = uri ? targetKey({ file: uri.fsPath, scenario }) : runs.lastTarget && targetKey(runs.lastTarget);
    const panel = key ? panels.get(key) : undefined;
    const last = uri ? runs.outcomeOf({ file: uri.fsPath, scenario }) : runs.lastRun;
    if (panel) panel.reveal();
    else if (last?.store && key) panels.createOrShow(key, `Interleave: ${last.target.label}`).showStored(last.store, false, runnerEnv(context.extensionPath));
    else if (last && key) panels.createOrShow(key, `Interleave: ${last.target.label}`).showTrace(last.trace, last.target.label);
  });

  register('interleave.exportTrace', async (target?: vscode.Uri) => {
    const trace = d.currentTrace();
    if (!trace) {
      void vscode.window.showInformationMessage('Interleave: there is no trace to export yet. Run a scenario first.');
      return undefined;
    }
    const store = runs.lastRun?.trace === trace ? runs.lastRun.store : undefined;
    if (store) {
      // The host holds only a long run's header; the CLI streams its export from the binary trace.
      void vscode.window.showInformationMessage(
        `Interleave: this run is too long to export from the editor. Its binary trace is ${store}: \`interleave export ${store} --chrome-trace run.json.gz\` writes it.`,
      );
      return undefined;
    }
    const uri = await exportChromeTrace(trace, target);
    if (uri && !target) {
      void vscode.window.showInformationMessage(`Interleave: trace exported to ${basename(uri.fsPath)}. Open it in ui.perfetto.dev or chrome://tracing.`);
    }
    return uri;
  });

  register('interleave.openTrace', async (source?: vscode.Uri) => {
    const opened = await openTraceFile(source);
    if (!opened) return undefined;
    const title = `Interleave: ${basename(opened.uri.fsPath)}`;
    const panel = panels.createOrShow(`trace:${opened.uri.fsPath}`, title);
    if ('error' in opened) {
      panel.showError(`${basename(opened.uri.fsPath)} is not an Interleave trace.`, opened.error);
      void vscode.window.showErrorMessage(`Interleave: cannot open ${basename(opened.uri.fsPath)}: ${opened.error}`);
      return undefined;
    }
    if ('binary' in opened) {
      // A binary trace may hold any number of events: a timeline process summarises it and reads the windows the panel zooms into.
      panel.showStored(opened.uri.fsPath, false, runnerEnv(context.extensionPath));
      return undefined;
    }
    panel.showJson(opened.json, basename(opened.uri.fsPath));
    d.setOpenedTrace(opened.trace);
    void panels.persist(panel.key, title, opened.json);
    return opened.trace;
  });

  register('interleave.newScenarioFile', async () => {
    const doc = await vscode.workspace.openTextDocument(await newScenarioUri());
    const editor = await vscode.window.showTextDocument(doc);
    if (doc.isUntitled) {
      await editor.edit((e) => e.insert(new vscode.Position(0, 0), starterScenario));
      void vscode.window.showInformationMessage('Interleave: save it as NAME.scenario.ts, then click ▶ Run above the scenario.');
    } else {
      void vscode.window.showInformationMessage(`Interleave: created ${basename(doc.fileName)}. Click ▶ Run above the scenario.`);
    }
    return doc.uri;
  });
}

/** The scenario `scenario` of `uri` (default: the active editor's file), saved first: what runs is what the person sees. */
async function targetAt(uri?: vscode.Uri, scenario?: string, label?: string): Promise<RunTarget | undefined> {
  const file = (uri ?? vscode.window.activeTextEditor?.document.uri)?.fsPath;
  if (!file) return undefined;
  const doc = vscode.workspace.textDocuments.find((t) => t.uri.fsPath === file);
  if (doc?.isDirty) await doc.save();
  const text = doc?.getText() ?? Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.file(file))).toString('utf8');
  const title = label ?? scanScenarios(text).find((s) => s.exportName === scenario)?.title;
  return { file, scenario, label: title ?? defaultLabel(file, scenario), builtin: false };
}

/**
 * In a workspace, a fresh `new.scenario.ts` (`new-2…` if taken) holding the starter, so ▶ Run works at
 * once; without one, an untitled editor.
 */
async function newScenarioUri(): Promise<vscode.Uri> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder || folder.uri.scheme !== 'file') return vscode.Uri.parse('untitled:new.scenario.ts');
  for (let n = 1; ; n++) {
    const uri = vscode.Uri.joinPath(folder.uri, `new${n === 1 ? '' : `-${n}`}.scenario.ts`);
    try {
      await vscode.workspace.fs.stat(uri);
    } catch {
      await vscode.workspace.fs.writeFile(uri, Buffer.from(starterScenario));
      return uri;
    }
  }
}
