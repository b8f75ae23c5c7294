// Shared by the extension-host specs: the extension under test, its API and the fixture workspace.
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { InterleaveApi } from '../../../src/extension/extension';

export const EXTENSION_ID = 'interleave.interleave';

export async function api(): Promise<InterleaveApi> {
  const ext = vscode.extensions.getExtension<InterleaveApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in this extension host`);
  return ext.activate();
}

export function workspaceFile(rel: string): vscode.Uri {
  const root = vscode.workspace.workspaceFolders?.[0];
  if (!root) throw new Error('the suite needs the fixture workspace open');
  return vscode.Uri.file(join(root.uri.fsPath, rel));
}

/** Polls `probe` until it returns a value other than undefined/false, or fails after `ms`. */
export async function eventually<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function within<T>(what: string, p: Thenable<T>, ms = 20_000): Promise<T> {
  return Promise.race([
    Promise.resolve(p),
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms)),
  ]);
}

export function ourDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Interleave');
}
