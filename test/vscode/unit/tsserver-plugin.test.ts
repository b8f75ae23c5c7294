import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import ts from 'typescript';
import { installResolver } from '../../../src/extension/tsserver-plugin';
import { scenarioHost } from '../../helpers/language-service';

const dir = mkdtempSync(join(tmpdir(), 'interleave-plugin-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const typesFile = join(dir, 'shipped', 'index.d.ts');
ts.sys.createDirectory(join(dir, 'shipped'));
writeFileSync(typesFile, 'export declare class Lock { acquire(blocking?: boolean, timeout?: number): boolean; release(): void; }\n');

/** A language service over one in-memory file, the way tsserver hosts a loose scenario file. */
function service(text: string, plugin: boolean) {
  const file = join(dir, 'demo.scenario.ts');
  const host = scenarioHost(
    file,
    dir,
    () => text,
    () => '1',
  );
  if (plugin) installResolver(ts, host, typesFile);
  return { ls: ts.createLanguageService(host), file };
}

const source = "import { Lock } from 'interleave';\nconst lock = new Lock();\nlock.";

test('without the plugin the import is an error; with it, it resolves to the shipped declarations', () => {
  const messages = (plugin: boolean) => {
    const { ls, file } = service(source + 'release();\n', plugin);
    return ls.getSemanticDiagnostics(file).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  };
  assert.ok(messages(false).some((m) => m.includes("Cannot find module 'interleave'")));
  assert.deepEqual(messages(true), []);
});

test('completions come from the shipped declarations', () => {
  const { ls, file } = service(source, true);
  const names = ls.getCompletionsAtPosition(file, source.length, {})?.entries.map((e) => e.name) ?? [];
  assert.ok(names.includes('acquire') && names.includes('release'), names.join(','));
});

test('a project that resolves interleave itself keeps its own copy', () => {
  const own = join(dir, 'node_modules', 'interleave');
  ts.sys.createDirectory(join(dir, 'node_modules'));
  ts.sys.createDirectory(own);
  writeFileSync(join(own, 'package.json'), JSON.stringify({ name: 'interleave', types: 'own.d.ts' }));
  writeFileSync(join(own, 'own.d.ts'), 'export declare class Lock { ownMethod(): void; }\n');
  try {
    const { ls, file } = service(source, true);
    const names = ls.getCompletionsAtPosition(file, source.length, {})?.entries.map((e) => e.name) ?? [];
    assert.ok(names.includes('ownMethod') && !names.includes('acquire'), names.join(','));
  } finally {
    rmSync(join(dir, 'node_modules'), { recursive: true, force: true });
  }
});
