// "Run Concurrency Scenario": a quick pick of the scenarios in the active file, then the
// workspace's scenario files, then the built-in library. Everything is found by reading text;
// nothing runs before the person picks.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { BuiltinExample } from '../runtime/host/run';
import { defaultLabel, type RunTarget } from './run-target';
import { importsInterleave, scanScenarios, scenarioFileGlob } from './scenario-scan';

interface TargetItem extends vscode.QuickPickItem {
  target?: RunTarget;
  /** A workspace file whose scenarios are chosen in a second step. */
  file?: vscode.Uri;
}

const EXCLUDE = '{**/node_modules/**,**/dist/**,**/out/**,**/.vscode-test/**}';
/** Files read to find `import ... 'interleave'` beyond the *.scenario.* names. */
const MAX_SCANNED_FILES = 400;

export async function pickScenario(
  builtins: BuiltinExample[],
  title = 'Run Concurrency Scenario',
  placeholder = 'Pick a scenario to run',
): Promise<RunTarget | undefined> {
  const qp = vscode.window.createQuickPick<TargetItem>();
  qp.title = title;
  qp.placeholder = placeholder;
  qp.matchOnDescription = true;
  qp.matchOnDetail = true;
  qp.busy = true;
  const builtinItems = builtinSection(builtins);
  const activeItems = activeFileSection();
  qp.show();
  const activeFile = vscode.window.activeTextEditor?.document.uri.fsPath;
  // The list appears once, complete: workspace files found later would push the rows below them
  // down under a pointer about to click one.
  void workspaceSection(activeFile)
    .catch((): TargetItem[] => [])
    .then((ws) => {
      qp.items = [...activeItems, ...ws, ...builtinItems];
      qp.busy = false;
    });
  const picked = await new Promise<TargetItem | undefined>((resolve) => {
    qp.onDidAccept(() => resolve(qp.selectedItems[0]));
    qp.onDidHide(() => resolve(undefined));
  });
  qp.dispose();
  if (!picked) return undefined;
  if (picked.target) return picked.target;
  if (picked.file) return pickInFile(picked.file);
  return undefined;
}

function separator(label: string): TargetItem {
  return { label, kind: vscode.QuickPickItemKind.Separator };
}

function fileTargets(file: string, text: string): TargetItem[] {
  return scanScenarios(text).map((d) => ({
    label: `$(play) ${d.title ?? d.exportName ?? basename(file)}`,
    description: d.exportName && d.exportName !== 'default' ? d.exportName : undefined,
    detail: vscode.workspace.asRelativePath(file),
    target: { file, scenario: d.exportName, label: d.title ?? defaultLabel(file, d.exportName), builtin: false },
  }));
}

function activeFileSection(): TargetItem[] {
  const doc = vscode.window.activeTextEditor?.document;
  if (!doc || doc.uri.scheme !== 'file') return [];
  const file = doc.uri.fsPath;
  const items: TargetItem[] = file.endsWith('.py')
    ? [
        {
          label: `$(play) Run ${basename(file)} with Interleave`,
          detail: vscode.workspace.asRelativePath(file),
          target: { file, label: basename(file), builtin: false },
        },
      ]
    : fileTargets(file, doc.getText());
  return items.length ? [separator(`In ${basename(doc.fileName)}`), ...items] : [];
}

async function workspaceSection(exclude: string | undefined): Promise<TargetItem[]> {
  const named = await vscode.workspace.findFiles(scenarioFileGlob, EXCLUDE, 200);
  const found = new Map(named.map((u) => [u.fsPath, u]));
  for (const u of await vscode.workspace.findFiles('**/*.{ts,mts,cts,js,mjs,cjs}', EXCLUDE, MAX_SCANNED_FILES)) {
    if (found.has(u.fsPath) || u.fsPath.endsWith('.d.ts')) continue;
    const text = Buffer.from(await vscode.workspace.fs.readFile(u)).toString('utf8');
    if (importsInterleave(text)) found.set(u.fsPath, u);
  }
  const items = [...found.values()]
    .filter((u) => u.fsPath !== exclude)
    .sort((a, b) => a.fsPath.localeCompare(b.fsPath))
    .map((u) => ({ label: `$(file-code) ${vscode.workspace.asRelativePath(u)}`, file: u }));
  return items.length ? [separator('Workspace scenario files'), ...items] : [];
}

function builtinSection(builtins: BuiltinExample[]): TargetItem[] {
  if (!builtins.length) return [];
  const items: TargetItem[] = [];
  for (const b of builtins) {
    // A library file may hold several scenarios (a naive version and its fix): one item each.
    const decls = b.language === 'python' ? [] : scanScenarios(readFileSync(b.file, 'utf8'));
    const several = decls.length > 1;
    for (const d of several ? decls : [undefined]) {
      const title = d?.title ?? b.title;
      items.push({
        label: `$(book) ${title}${b.language === 'python' ? ' (Python)' : ''}`,
        description: b.name,
        detail: b.description,
        target: { file: b.file, scenario: d?.exportName, label: title, builtin: true },
      });
    }
  }
  return [separator('Built-in examples'), ...items];
}

async function pickInFile(uri: vscode.Uri): Promise<RunTarget | undefined> {
  const text = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
  const items = fileTargets(uri.fsPath, text);
  if (items.length === 0) {
    // No declaration found by reading (built dynamically, say): let the runner take the only one.
    return { file: uri.fsPath, label: basename(uri.fsPath), builtin: false };
  }
  if (items.length === 1) return items[0].target;
  return (await vscode.window.showQuickPick(items, { title: basename(uri.fsPath), placeHolder: 'Pick a scenario' }))?.target;
}
