// The timeline panels: one per run target (reused on rerun), restored after a window reload by a
// WebviewPanelSerializer. The last trace of each panel is written to the workspace's storage
// folder and indexed in workspace state, so a reload brings back the trace, not a blank panel.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { isPanelWebviewState } from './panel-html';
import { isRunTarget, type RunTarget } from './run-target';
import { runnerEnv } from './runner-env';
import { TIMELINE_VIEW_TYPE, TimelinePanel, type PanelEvents } from './timeline-panel';

interface PanelRecord {
  key: string;
  title: string;
  /** File name inside the traces folder. */
  traceFile?: string;
  savedAt: number;
  /** What ran (records written before it was kept have none). */
  target?: RunTarget;
  /** A long run: its binary trace, which the panel reads (the trace file then holds only its header). */
  store?: string;
}

/** A panel brought back by a window reload, with its run's trace. */
export interface RestoredRun {
  key: string;
  target: RunTarget;
  json: string;
  /** Date.now() when the run ended. */
  savedAt: number;
  /** A long run's binary trace (`json` is then its header, without events). */
  store?: string;
}

/** The records, beside the trace files. A file, not workspace state: it is on disk when written, while a
 *  browser workbench (code-server) reloaded right after a run can lose the last seconds of workspace state. */
const INDEX_FILE = 'index.json';
/** Records (and trace files) kept; older ones are pruned. */
const MAX_RECORDS = 20;

export class Panels implements vscode.WebviewPanelSerializer {
  private readonly open = new Map<string, TimelinePanel>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when a panel opens or closes. */
  readonly onDidChange = this.changed.event;
  private readonly restored = new vscode.EventEmitter<RestoredRun>();
  private persisting: Promise<void> = Promise.resolve();
  /** The records as last read or written (this window is their only writer). */
  private cached: PanelRecord[] | undefined;
  /** Fires when a reload brought a panel back with its trace. */
  readonly onDidRestore = this.restored.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly handlers: Omit<PanelEvents, 'disposed'>,
  ) {}

  get(key: string): TimelinePanel | undefined {
    return this.open.get(key);
  }

  all(): TimelinePanel[] {
    return [...this.open.values()];
  }

  /** The panel for `key`, created beside the editor if it is not open; revealed either way. */
  createOrShow(key: string, title: string): TimelinePanel {
    let p = this.open.get(key);
    if (p) {
      p.title = title;
      p.reveal();
    } else {
      p = TimelinePanel.create(key, title, this.context.extensionUri, this.events());
      this.open.set(key, p);
      this.changed.fire();
    }
    return p;
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const records = await this.records();
    const record = isPanelWebviewState(state) ? records.find((r) => r.key === state.panelKey) : records.find((r) => r.title === panel.title);
    const key = record?.key ?? (isPanelWebviewState(state) ? state.panelKey : `restored:${panel.title}`);
    const p = new TimelinePanel(key, panel, this.context.extensionUri, this.events());
    this.open.set(key, p);
    this.changed.fire();
    const json = record?.traceFile ? await this.readStored(record.traceFile) : undefined;
    const store = record?.store && existsSync(record.store) ? record.store : undefined;
    if (json !== undefined && (store || !record!.store)) {
      if (store) p.showStored(store, false, runnerEnv(this.context.extensionPath));
      else p.showJson(json, `the last run (${new Date(record!.savedAt).toLocaleString()})`);
      if (isRunTarget(record!.target)) this.restored.fire({ key, target: record!.target, json, savedAt: record!.savedAt, ...(store && { store }) });
    } else p.showError('The trace of this panel is no longer available.', 'Run the scenario again to see its timeline.');
  }

  /** The last run kept (before a window reload), with its trace. */
  async lastRun(): Promise<RestoredRun | undefined> {
    const record = (await this.records()).find((r) => isRunTarget(r.target) && r.traceFile);
    const json = record ? await this.readStored(record.traceFile!) : undefined;
    return json === undefined
      ? undefined
      : { key: record!.key, target: record!.target!, json, savedAt: record!.savedAt, ...(record!.store && { store: record!.store }) };
  }

  /** Keeps `json` as the panel's trace for the next reload (`store`: a long run's binary trace, `json` its header). */
  persist(key: string, title: string, json: string, target?: RunTarget, store?: string): Promise<void> {
    // One at a time, in call order: two runs' writes must not interleave, and the last run must be the newest record.
    const savedAt = Date.now();
    const done = this.persisting.then(() => this.write({ key, title, savedAt, target, ...(store && { store }) }, json));
    this.persisting = done.catch(() => undefined);
    return done;
  }

  /** Resolves when every persist so far is on disk (a window reload deactivates us: the last run must not be lost). */
  flush(): Promise<void> {
    return this.persisting;
  }

  private async write(record: PanelRecord, json: string): Promise<void> {
    const dir = this.tracesDir();
    const traceFile = `${createHash('sha1').update(record.key).digest('hex').slice(0, 16)}.json`;
    await vscode.workspace.fs.createDirectory(dir);
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(dir, traceFile), Buffer.from(json));
    const records = [{ ...record, traceFile }, ...(await this.records()).filter((r) => r.key !== record.key)];
    for (const old of records.splice(MAX_RECORDS)) {
      if (old.traceFile) await Promise.resolve(vscode.workspace.fs.delete(vscode.Uri.joinPath(dir, old.traceFile))).catch(() => {});
      if (old.store) await Promise.resolve(vscode.workspace.fs.delete(vscode.Uri.file(old.store))).catch(() => {});
    }
    this.cached = records;
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(dir, INDEX_FILE), Buffer.from(JSON.stringify(records)));
  }

  private events(): PanelEvents {
    return {
      ...this.handlers,
      disposed: (p) => {
        if (this.open.get(p.key) === p) this.open.delete(p.key);
        this.changed.fire();
      },
    };
  }

  private async records(): Promise<PanelRecord[]> {
    if (this.cached) return this.cached;
    const text = await this.readStored(INDEX_FILE);
    let parsed: unknown;
    try {
      parsed = text === undefined ? [] : JSON.parse(text);
    } catch {
      parsed = [];
    }
    this.cached = Array.isArray(parsed) ? parsed.filter(isPanelRecord) : [];
    return this.cached;
  }

  private tracesDir(): vscode.Uri {
    return vscode.Uri.joinPath(this.context.storageUri ?? this.context.globalStorageUri, 'traces');
  }

  private async readStored(file: string): Promise<string | undefined> {
    try {
      return Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(this.tracesDir(), file))).toString('utf8');
    } catch {
      return undefined;
    }
  }
}

export { TIMELINE_VIEW_TYPE };

function isPanelRecord(x: unknown): x is PanelRecord {
  const r = x as PanelRecord;
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof r.key === 'string' &&
    typeof r.title === 'string' &&
    typeof r.savedAt === 'number' &&
    (r.traceFile === undefined || (typeof r.traceFile === 'string' && /^[0-9a-f]{16}\.json$/.test(r.traceFile))) &&
    (r.store === undefined || typeof r.store === 'string')
  );
}
