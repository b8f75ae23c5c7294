// The extension's settings (package.json `contributes.configuration`), read at the moment of use.
import * as vscode from 'vscode';

export interface Settings {
  timeLimitS: number;
  captureSites: boolean;
  sleepScale: number;
  /** Folder Export Trace proposes; relative to the workspace folder; empty: the scenario's folder. */
  exportFolder: string;
  /** Schedules "⟳ Explore" runs. */
  exploreRuns: number;
  /** Confirm a real-time run's potential deadlocks and data races by replay (confirm-findings.ts). */
  confirmFindings: boolean;
  /** MB the host may spend on a run's events (run-controller.ts liveEventLimit). */
  memoryBudgetMB: number;
}

export function readSettings(scope?: vscode.Uri): Settings {
  const c = vscode.workspace.getConfiguration('interleave', scope);
  const positive = (v: number | undefined, fallback: number) => (typeof v === 'number' && v > 0 ? v : fallback);
  return {
    timeLimitS: positive(c.get<number>('timeLimit'), 60),
    captureSites: c.get<boolean>('captureCallSites') ?? true,
    sleepScale: positive(c.get<number>('sleepScale'), 1),
    exportFolder: c.get<string>('exportFolder') ?? '',
    exploreRuns: Math.round(positive(c.get<number>('exploreRuns'), 1000)),
    confirmFindings: c.get<boolean>('confirmFindings') ?? true,
    memoryBudgetMB: positive(c.get<number>('memoryBudgetMB'), 512),
  };
}
