// Paints step mode's pause into the editors: every line where a thread waits to act is
// highlighted, with who and what after it (step-lines.ts). Cleared as soon as the run goes on.
import * as vscode from 'vscode';
import type { StepPause } from '../core/protocol/runner';
import { type StepLine, stepLines } from './step-lines';

export class StepHighlights implements vscode.Disposable {
  private lines: StepLine[] = [];
  private readonly next = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    backgroundColor: new vscode.ThemeColor('editor.stackFrameHighlightBackground'),
    after: { margin: '0 0 0 2em', color: new vscode.ThemeColor('editorCodeLens.foreground'), fontStyle: 'italic' },
  });
  private readonly waiting = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    after: { margin: '0 0 0 2em', color: new vscode.ThemeColor('editorCodeLens.foreground'), fontStyle: 'italic' },
  });
  private readonly disposables: vscode.Disposable[] = [this.next, this.waiting, vscode.window.onDidChangeVisibleTextEditors(() => this.paint())];

  show(pause: StepPause | undefined): void {
    this.lines = pause ? stepLines(pause) : [];
    this.paint();
  }

  /** The highlighted lines of a file (the tests read them). */
  linesOf(file: string): readonly StepLine[] {
    return this.lines.filter((l) => l.file === file);
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private paint(): void {
    for (const editor of vscode.window.visibleTextEditors) {
      const mine = this.linesOf(editor.document.uri.fsPath).filter((l) => l.line - 1 < editor.document.lineCount);
      const options = (ls: StepLine[]) =>
        ls.map((l) => ({ range: editor.document.lineAt(l.line - 1).range, renderOptions: { after: { contentText: l.text } } }));
      editor.setDecorations(this.next, options(mine.filter((l) => l.runnable)));
      editor.setDecorations(this.waiting, options(mine.filter((l) => !l.runnable)));
    }
  }
}
