// The status-bar item: the running scenario (click to stop), then its outcome (click to show the
// timeline again).
import * as vscode from 'vscode';
import type { Outcome } from '../core/trace/format';
import { outcomeIcon, outcomeLabel } from './outcome-label';
import type { RunTarget } from './run-target';

export class StatusView implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('interleave.status', vscode.StatusBarAlignment.Left, 10);

  constructor() {
    this.item.name = 'Interleave';
  }

  running(target: RunTarget): void {
    this.item.text = `$(sync~spin) ${target.label}`;
    this.item.tooltip = `Interleave is running ${target.label}. Click to stop it.`;
    this.item.command = 'interleave.stop';
    this.item.backgroundColor = undefined;
    this.item.show();
  }

  finished(target: RunTarget, outcome: Outcome): void {
    this.item.text = `${outcomeIcon(outcome)} ${target.label}: ${outcomeLabel(outcome)}`;
    this.item.tooltip = `${outcome.summary}\nClick to show the timeline.`;
    this.item.command = 'interleave.showTimeline';
    const bad = outcome.kind !== 'completed' && outcome.kind !== 'stopped';
    this.item.backgroundColor = bad ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
