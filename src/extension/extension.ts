// Entry point: wires the run controller, panels, CodeLens, editor feedback and commands into VS
// Code. Everything heavy happens in the runner child process; this only relays.
import * as vscode from 'vscode';
import type { Trace } from '../core/trace/format';
import { disposeSpares } from '../runtime/host/spares';
import { registerCommands } from './commands';
import { ScenarioCodeLensProvider } from './codelens';
import { PythonCodeLensProvider } from './python-lens';
import { Quiet } from './quiet';
import { EditorFeedback } from './editor-feedback';
import { FindingConfirmer } from './confirm-findings';
import { Panels, TIMELINE_VIEW_TYPE } from './panels';
import { RunController } from './run-controller';
import { StatusView } from './status-view';
import { StepMode } from './step-mode';

/** What activate() returns: the extension-host tests drive and observe the extension through it. */
export interface InterleaveApi {
  readonly runs: RunController;
  readonly panels: Panels;
  readonly feedback: EditorFeedback;
  readonly codeLenses: ScenarioCodeLensProvider;
  readonly pythonLenses: PythonCodeLensProvider;
  readonly steps: StepMode;
  readonly confirmer: FindingConfirmer;
}

/** Calm this long (nothing relayed, no run) before the spares for the next run are forked (quiet.ts). */
const QUIET_MS = 1000;

/** The panels of this activation, for deactivate() to wait for their records. */
let activePanels: Panels | undefined;

export function activate(context: vscode.ExtensionContext): InterleaveApi {
  const output = vscode.window.createOutputChannel('Interleave');
  const feedback = new EditorFeedback();
  const status = new StatusView();
  // The panels' step controls reach the runs through `steps`, which needs the runs, which need the panels.
  let steps: StepMode | undefined;
  const quiet = new Quiet(QUIET_MS);
  const panels = new Panels(context, {
    busy: () => quiet.busy(),
    reveal: (file, line, col) => void revealSource(file, line, col),
    viewError: (message) => output.appendLine(`timeline: ${message}`),
    step: (key, command) => steps?.choose(key, command),
    stepBack: (key) => void steps?.back(key),
    fork: (key, atNs) => void steps?.fork(key, atNs),
    // The run comes from the panel's own last run, never from the view: the view gives only the schedule.
    replay: (key, seed, schedule) => {
      const last = runs.finishedRun(key);
      if (last) void steps?.replay(last.target, { seed, schedule });
    },
  });
  activePanels = panels;
  const runs = new RunController(context, panels, feedback, status, output, quiet);
  steps = new StepMode(runs);
  const confirmer = new FindingConfirmer(runs, panels, feedback, output, context.extensionPath);
  const codeLenses = new ScenarioCodeLensProvider(runs);
  const pythonLenses = new PythonCodeLensProvider(runs);
  let opened: Trace | undefined;
  runs.onDidFinish(() => (opened = undefined));
  context.subscriptions.push(panels.onDidRestore((r) => runs.restore(r)));
  void runs.restoreLast();

  context.subscriptions.push(
    quiet,
    output,
    feedback,
    status,
    runs,
    steps,
    confirmer,
    codeLenses,
    vscode.window.registerWebviewPanelSerializer(TIMELINE_VIEW_TYPE, panels),
    vscode.languages.registerCodeLensProvider(
      [
        { language: 'typescript', scheme: 'file' },
        { language: 'javascript', scheme: 'file' },
      ],
      codeLenses,
    ),
    pythonLenses,
    vscode.languages.registerCodeLensProvider({ language: 'python', scheme: 'file' }, pythonLenses),
  );
  registerCommands({
    context,
    runs,
    panels,
    steps,
    output,
    currentTrace: () => opened ?? runs.lastRun?.trace,
    setOpenedTrace: (t) => (opened = t),
  });
  return { runs, panels, feedback, codeLenses, pythonLenses, steps, confirmer };
}

/** VS Code waits for the returned promise (within limits) before a reload ends the extension host. */
export function deactivate(): Promise<void> {
  disposeSpares();
  return activePanels?.flush() ?? Promise.resolve();
}

/** Opens `file` at line:col (1-based) in an editor column other than the timeline's. */
async function revealSource(file: string, line: number, col: number): Promise<void> {
  const uri = vscode.Uri.file(file);
  const pos = new vscode.Position(Math.max(0, line - 1), Math.max(0, col - 1));
  const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.fsPath === uri.fsPath);
  try {
    const editor = await vscode.window.showTextDocument(uri, {
      viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One,
      selection: new vscode.Range(pos, pos),
      preserveFocus: false,
    });
    editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  } catch (e) {
    void vscode.window.showWarningMessage(`Interleave: cannot open ${file}: ${e instanceof Error ? e.message : e}`);
  }
}
