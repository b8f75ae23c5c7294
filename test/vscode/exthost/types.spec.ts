import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { eventually, workspaceFile } from './api';

describe('types in the editor', () => {
  it('`interleave` resolves to the shipped declarations in a workspace without node_modules', async () => {
    const uri = workspaceFile('uses-runtime.ts');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const at = doc.positionAt(doc.getText().indexOf('scenario('));
    // The TypeScript server starts on demand: ask until it answers with our declaration.
    const text = await eventually(
      'a hover from the TypeScript server',
      async () => {
        const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, at);
        const t = hovers
          .flatMap((h) => h.contents)
          .map((c) => (typeof c === 'string' ? c : c.value))
          .join('\n');
        // Resolved, the hover shows the call signature; unresolved, `scenario` would be `any`.
        return /scenario\(/.test(t) ? t : undefined;
      },
      45_000,
    );
    assert.doesNotMatch(text, /: any\b/);
    const tsErrors = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'ts' && /Cannot find module 'interleave'/.test(d.message));
    assert.deepEqual(
      tsErrors.map((d) => d.message),
      [],
    );
  });

  it('completions and hovers show the Python-shaped API only, with its doc comments', async () => {
    const uri = workspaceFile('uses-runtime.ts');
    const doc = await vscode.workspace.openTextDocument(uri);
    const afterDot = doc.positionAt(doc.getText().indexOf('e.set()') + 2);
    const label = (i: vscode.CompletionItem) => (typeof i.label === 'string' ? i.label : i.label.label);
    const items = await eventually(
      'member completions from the TypeScript server',
      async () => {
        const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, afterDot);
        return list.items.some((i) => label(i) === 'wait') ? list.items : undefined;
      },
      45_000,
    );
    const members = items.filter(
      (i) => i.kind === vscode.CompletionItemKind.Method || i.kind === vscode.CompletionItemKind.Property || i.kind === vscode.CompletionItemKind.Field,
    );
    assert.deepEqual(members.map(label).sort(), ['clear', 'isSet', 'set', 'wait']);
    const ctor = doc.positionAt(doc.getText().indexOf('new Event(') + 5);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, ctor);
    const text = hovers
      .flatMap((h) => h.contents)
      .map((c) => (typeof c === 'string' ? c : c.value))
      .join('\n');
    assert.match(text, /Event\(options\?: PrimitiveOptions( \| undefined)?\)/, text);
    assert.match(text, /its flag false/, 'the constructor says what it makes');
    assert.doesNotMatch(text, /\bref\b/, text);
  });
});
