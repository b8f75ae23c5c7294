// Export Trace (Chrome/Perfetto JSON) and Open Trace File…: the two ways a trace leaves or enters
// the editor as a file.
import { closeSync, openSync, readSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import { buildModel } from '../core/model/build';
import type { Trace } from '../core/trace/format';
import { FILE_HEADER_BYTES, isTraceStore } from '../core/trace/binary/records';
import { parseTrace } from '../core/trace/parse';
import { writeChromeTraceFile } from '../runtime/host/chrome-file';
import { readSettings } from './settings';

/** Where Export Trace proposes to save: the `exportFolder` setting, else beside the scenario. */
export function exportDefaultUri(trace: Trace): vscode.Uri {
  const file = trace.meta.file;
  const { exportFolder } = readSettings(vscode.Uri.file(file));
  const wsFolder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file)) ?? vscode.workspace.workspaceFolders?.[0];
  let dir = dirname(file);
  if (exportFolder) dir = isAbsolute(exportFolder) || !wsFolder ? exportFolder : join(wsFolder.uri.fsPath, exportFolder);
  const stem = basename(file, extname(file)).replace(/\.scenario$/, '');
  const scenario = trace.meta.scenario && trace.meta.scenario !== 'default' ? `.${trace.meta.scenario}` : '';
  return vscode.Uri.file(join(dir, `${stem}${scenario}.chrome-trace.json`));
}

/** Writes `trace` as Chrome Trace Event JSON to `target` (asked for when omitted); returns where. */
export async function exportChromeTrace(trace: Trace, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const uri =
    target ??
    (await vscode.window.showSaveDialog({
      title: 'Export Trace (Chrome/Perfetto JSON)',
      defaultUri: exportDefaultUri(trace),
      filters: { 'Chrome Trace JSON': ['json'], 'Chrome Trace JSON, gzipped': ['gz'] },
    }));
  if (!uri) return undefined;
  await vscode.workspace.fs.createDirectory(vscode.Uri.file(dirname(uri.fsPath)));
  await writeChromeTraceFile(uri.fsPath, buildModel(trace));
  return uri;
}

export type OpenedTrace =
  | { uri: vscode.Uri; json: string; trace: Trace }
  /** A binary trace (docs/trace-store.md): never read into the host; a timeline process shows it. */
  | { uri: vscode.Uri; binary: true }
  | { uri: vscode.Uri; error: string };

/** Reads and validates an Interleave trace file (`interleave run --trace`), asking for it when omitted. */
export async function openTraceFile(source?: vscode.Uri): Promise<OpenedTrace | undefined> {
  const uri =
    source ??
    (
      await vscode.window.showOpenDialog({
        title: 'Open Trace File',
        canSelectMany: false,
        filters: { 'Interleave trace': ['json', 'ilvtrace'] },
      })
    )?.[0];
  if (!uri) return undefined;
  try {
    if (startsLikeTraceStore(uri.fsPath)) return { uri, binary: true };
    const json = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
    return { uri, json, trace: parseTrace(json) };
  } catch (e) {
    return { uri, error: e instanceof Error ? e.message : String(e) };
  }
}

/** Whether the file begins with the binary trace's magic (read from its first bytes only: it may be gigabytes). */
function startsLikeTraceStore(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = new Uint8Array(FILE_HEADER_BYTES);
    return isTraceStore(head.subarray(0, readSync(fd, head, 0, head.length, 0)));
  } finally {
    closeSync(fd);
  }
}
