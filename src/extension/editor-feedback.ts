// What a finished run leaves in the editors: Problems entries for a deadlock cycle, a stall or a
// syntax error (errors), the trace analyses' potential deadlocks and data races (warnings, with
// code actions that explore the scenario's schedules or, once confirmed, replay the confirming one;
// findings.ts, confirm-findings.ts), and an
// inline hint after each line where threads blocked (blocked-hints.ts; above a line too long to show it after the
// code, as a CodeLens that runs nothing). All clear on the next run;
// hints and a file's diagnostics also clear when that file is edited, since their line numbers no longer hold.
import * as vscode from 'vscode';
import type { Model } from '../core/model/types';
import type { Trace } from '../core/trace/format';
import { blockedHints, hintPlacement, type LineHint } from './blocked-hints';
import { analysisFindings, findings, type Finding, type ScheduleReplay } from './findings';
import type { RunTarget } from './run-target';

interface Explorable {
  line: number;
  message: string;
  replays?: ScheduleReplay[];
}

export const DIAGNOSTIC_SOURCE = 'Interleave';

export class EditorFeedback implements vscode.Disposable, vscode.CodeActionProvider, vscode.CodeLensProvider {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('interleave');
  private readonly hintType = vscode.window.createTextEditorDecorationType({
    after: { margin: '0 0 0 2em', color: new vscode.ThemeColor('editorCodeLens.foreground'), fontStyle: 'italic' },
    isWholeLine: true,
  });
  private hints = new Map<string, LineHint[]>();
  private readonly lensesChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.lensesChanged.event;
  /** The warnings that offer a code action, by file, and the run they came from. */
  private actions = new Map<string, Explorable[]>();
  private target: RunTarget | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor() {
    this.disposables.push(
      this.diagnostics,
      this.hintType,
      this.lensesChanged,
      vscode.window.onDidChangeVisibleTextEditors(() => this.paintHints()),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length === 0) return;
        const file = e.document.uri.fsPath;
        if (this.hints.delete(file)) this.paintHints();
        this.diagnostics.delete(e.document.uri);
        this.actions.delete(file);
      }),
      vscode.languages.registerCodeActionsProvider({ scheme: 'file' }, this, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
      vscode.languages.registerCodeLensProvider({ scheme: 'file' }, this),
    );
  }

  clear(): void {
    this.diagnostics.clear();
    this.actions.clear();
    this.hints.clear();
    this.paintHints();
  }

  show(trace: Trace, model: Model | undefined, target: RunTarget | undefined): void {
    this.clear();
    this.target = target;
    this.showFindings([...findings(trace), ...analysisFindings(trace)]);
    if (model) {
      for (const h of blockedHints(model)) {
        const list = this.hints.get(h.file) ?? [];
        list.push(h);
        this.hints.set(h.file, list);
      }
      this.paintHints();
    }
  }

  /** The run's Problems entries again, its hints kept: its findings are being confirmed by replay, or were. */
  showAnalysis(trace: Trace, confirming: boolean): void {
    this.diagnostics.clear();
    this.actions.clear();
    this.showFindings([...findings(trace), ...analysisFindings(trace, confirming)]);
  }

  /** Current diagnostics of a file (tests read them through the API). */
  diagnosticsOf(uri: vscode.Uri): readonly vscode.Diagnostic[] {
    return this.diagnostics.get(uri) ?? [];
  }

  hintsOf(file: string): readonly LineHint[] {
    return this.hints.get(file) ?? [];
  }

  /** The hints of lines too long to show them after the code, above those lines. */
  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const tabSize = tabSizeOf(doc);
    return this.linesOf(doc, this.hints.get(doc.uri.fsPath) ?? [])
      .filter(({ hint, line }) => hintPlacement(line.text, hint.text, tabSize) === 'above')
      .map(
        ({ hint, line }) =>
          new vscode.CodeLens(line.range, { title: hint.text, command: '', tooltip: 'Interleave: time threads spent waiting at this line in the last run' }),
      );
  }

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const list = this.actions.get(doc.uri.fsPath);
    const target = this.target;
    if (!list || !target) return [];
    const out: vscode.CodeAction[] = [];
    for (const d of context.diagnostics) {
      if (d.source !== DIAGNOSTIC_SOURCE) continue;
      const x = list.find((x) => x.line === d.range.start.line + 1 && x.message === d.message);
      if (!x) continue;
      for (const r of x.replays ?? []) {
        const replay = new vscode.CodeAction(r.title, vscode.CodeActionKind.QuickFix);
        replay.diagnostics = [d];
        replay.isPreferred = true;
        replay.command = { title: r.title, command: 'interleave.replaySchedule', arguments: [target, r.seed, r.schedule] };
        out.push(replay);
      }
      const fix = new vscode.CodeAction('Explore schedules of this scenario', vscode.CodeActionKind.QuickFix);
      fix.diagnostics = [d];
      fix.command = { title: fix.title, command: 'interleave.explore', arguments: [vscode.Uri.file(target.file), target.scenario, target.label] };
      out.push(fix);
    }
    return out;
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private showFindings(list: Finding[]): void {
    const byFile = new Map<string, vscode.Diagnostic[]>();
    const range = (f: { line: number; col: number }) => {
      const p = new vscode.Position(Math.max(0, f.line - 1), Math.max(0, f.col - 1));
      // To the end of the line: VS Code clamps the character to the line's length.
      return new vscode.Range(p, p.with(undefined, Number.MAX_SAFE_INTEGER));
    };
    for (const f of list) {
      const d = new vscode.Diagnostic(range(f), f.message, f.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
      d.source = DIAGNOSTIC_SOURCE;
      d.relatedInformation = f.related.map((r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(vscode.Uri.file(r.file), range(r)), r.message));
      if (f.explore) {
        const acts = this.actions.get(f.file) ?? [];
        acts.push({ line: f.line, message: f.message, replays: f.replays });
        this.actions.set(f.file, acts);
      }
      const arr = byFile.get(f.file) ?? [];
      arr.push(d);
      byFile.set(f.file, arr);
    }
    for (const [file, diags] of byFile) this.diagnostics.set(vscode.Uri.file(file), diags);
  }

  private paintHints(): void {
    for (const editor of vscode.window.visibleTextEditors) {
      const tabSize = typeof editor.options.tabSize === 'number' ? editor.options.tabSize : tabSizeOf(editor.document);
      editor.setDecorations(
        this.hintType,
        this.linesOf(editor.document, this.hints.get(editor.document.uri.fsPath) ?? [])
          .filter(({ hint, line }) => hintPlacement(line.text, hint.text, tabSize) === 'after')
          .map(({ hint, line }) => ({ range: line.range, renderOptions: { after: { contentText: hint.text } } })),
      );
    }
    this.lensesChanged.fire();
  }

  private linesOf(doc: vscode.TextDocument, hints: readonly LineHint[]): { hint: LineHint; line: vscode.TextLine }[] {
    return hints.filter((h) => h.line - 1 < doc.lineCount).map((hint) => ({ hint, line: doc.lineAt(hint.line - 1) }));
  }
}

function tabSizeOf(doc: vscode.TextDocument): number {
  const size = vscode.workspace.getConfiguration('editor', doc).get<number>('tabSize');
  return typeof size === 'number' ? size : 4;
}
