// What a finished run leaves in the editors: Problems entries for a deadlock cycle, a stall or a
// syntax error (findings.ts), and an inline hint after each line where threads blocked
// (blocked-hints.ts). Both clear on the next run; hints and a file's diagnostics also clear when
// that file is edited, since their line numbers no longer hold.
import * as vscode from 'vscode';
import type { Model } from '../core/model/types';
import type { Trace } from '../core/trace/format';
import { blockedHints, type LineHint } from './blocked-hints';
import { findings, type Finding } from './findings';

export class EditorFeedback implements vscode.Disposable {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('interleave');
  private readonly hintType = vscode.window.createTextEditorDecorationType({
    after: { margin: '0 0 0 2em', color: new vscode.ThemeColor('editorCodeLens.foreground'), fontStyle: 'italic' },
    isWholeLine: true,
  });
  private hints = new Map<string, LineHint[]>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor() {
    this.disposables.push(
      this.diagnostics,
      this.hintType,
      vscode.window.onDidChangeVisibleTextEditors(() => this.paintHints()),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length === 0) return;
        const file = e.document.uri.fsPath;
        if (this.hints.delete(file)) this.paintHints();
        this.diagnostics.delete(e.document.uri);
      }),
    );
  }

  clear(): void {
    this.diagnostics.clear();
    this.hints.clear();
    this.paintHints();
  }

  show(trace: Trace, model: Model | undefined): void {
    this.clear();
    this.showFindings(findings(trace));
    if (model) {
      for (const h of blockedHints(model)) {
        const list = this.hints.get(h.file) ?? [];
        list.push(h);
        this.hints.set(h.file, list);
      }
      this.paintHints();
    }
  }

  /** Current diagnostics of a file (tests read them through the API). */
  diagnosticsOf(uri: vscode.Uri): readonly vscode.Diagnostic[] {
    return this.diagnostics.get(uri) ?? [];
  }

  hintsOf(file: string): readonly LineHint[] {
    return this.hints.get(file) ?? [];
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
      const d = new vscode.Diagnostic(
        range(f),
        f.message,
        f.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
      );
      d.source = 'interleave';
      d.relatedInformation = f.related.map(
        (r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(vscode.Uri.file(r.file), range(r)), r.message),
      );
      const arr = byFile.get(f.file) ?? [];
      arr.push(d);
      byFile.set(f.file, arr);
    }
    for (const [file, diags] of byFile) this.diagnostics.set(vscode.Uri.file(file), diags);
  }

  private paintHints(): void {
    for (const editor of vscode.window.visibleTextEditors) {
      const hints = this.hints.get(editor.document.uri.fsPath) ?? [];
      editor.setDecorations(
        this.hintType,
        hints
          .filter((h) => h.line - 1 < editor.document.lineCount)
          .map((h) => ({
            range: editor.document.lineAt(h.line - 1).range,
            renderOptions: { after: { contentText: h.text } },
          })),
      );
    }
  }
}
