// What an editor shows for `import ... from 'interleave'` in a scenario file: the declarations the
// build serves (scripts/emit-types.mjs, resolved by the TS server plugin) read through TypeScript's
// language service, as VS Code does. Only the Python-shaped API: no runtime internals in
// completions or constructor signatures, and every public member says what it does.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import ts from 'typescript';
import { installResolver } from '../../src/extension/tsserver-plugin';
import { scenarioHost } from '../helpers/language-service';
// @ts-expect-error: a plain ES module without declarations
import { emitTypes } from '../../scripts/emit-types.mjs';

const dir = mkdtempSync(join(tmpdir(), 'interleave-surface-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const served: string = emitTypes(join(dir, 'types'));

/** Names the runtime uses between its own modules (revival, recording, the Condition protocol). */
const INTERNAL = new Set(['ref', 'id', 'tid', 'c', 'i32', 'w', 'cond', 'storage', 'pipe', 'end', 'forTid', 'adopt', 'of']);
/** Constructor parameters that only the runtime passes. */
const INTERNAL_PARAMS = new Set(['quiet', 'ref', 'existing', 'existingTid', 'kind', 'kindCode', 'bytes', 'pipe', 'end', 'pool', 'tasks']);
/** Members every function object has, listed after `Class.`. */
const FUNCTION_MEMBERS = new Set(['prototype', 'apply', 'call', 'bind', 'toString', 'length', 'arguments', 'caller', 'name']);

const file = join(dir, 'surface.scenario.ts');
let text = '';
const host = scenarioHost(
  file,
  dir,
  () => text,
  () => text,
  { lib: ['lib.es2023.d.ts', 'lib.esnext.disposable.d.ts'] },
);
installResolver(ts, host, served);
const ls = ts.createLanguageService(host);

/** Completions (with their documentation) at the end of `source`, but those JavaScript gives every object (Error's message, ...). */
function completions(source: string): { name: string; doc: string }[] {
  text = source;
  const entries = ls.getCompletionsAtPosition(file, source.length, {})?.entries ?? [];
  const program = ls.getProgram()!;
  return entries
    .filter((e) => {
      const at = ls.getCompletionEntrySymbol(file, source.length, e.name, e.source);
      return !at?.declarations?.every((d) => program.isSourceFileDefaultLibrary(d.getSourceFile()));
    })
    .map((e) => {
      const d = ls.getCompletionEntryDetails(file, source.length, e.name, {}, e.source, {}, e.data);
      return { name: e.name, doc: ts.displayPartsToString(d?.documentation).trim() };
    });
}

interface ClassInfo {
  path: string;
  typeArgs: number;
}

/** Every class the module exports, directly or under `mp`. */
function exportedClasses(): ClassInfo[] {
  text = "import * as il from 'interleave';\n";
  const program = ls.getProgram()!;
  const checker = program.getTypeChecker();
  const sf = program.getSourceFile(file)!;
  const moduleSym = checker.getSymbolAtLocation((sf.statements[0] as ts.ImportDeclaration).moduleSpecifier)!;
  const out: ClassInfo[] = [];
  const seen = new Set<ts.Symbol>();
  const walk = (exports: ts.Symbol[], prefix: string) => {
    for (const e of exports) {
      const s = e.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(e) : e;
      if (s.flags & ts.SymbolFlags.Class && !seen.has(s)) {
        seen.add(s);
        const declared = checker.getDeclaredTypeOfSymbol(s) as ts.InterfaceType;
        out.push({ path: prefix + e.name, typeArgs: declared.typeParameters?.length ?? 0 });
      } else if (s.flags & ts.SymbolFlags.Module && prefix === '') walk(checker.getExportsOfModule(s), `${e.name}.`);
    }
  };
  walk(checker.getExportsOfModule(moduleSym), '');
  return out;
}

const classes = exportedClasses();
const head = "import * as il from 'interleave';\n";

test('the module exports the Python-shaped classes, threading and multiprocessing', () => {
  const names = classes.map((c) => c.path);
  for (const n of [
    'Lock',
    'RLock',
    'Condition',
    'Semaphore',
    'BoundedSemaphore',
    'Event',
    'Barrier',
    'Queue',
    'LifoQueue',
    'PriorityQueue',
    'SimpleQueue',
    'Thread',
    'Timer',
    'local',
    'Process',
    'Pool',
    'Connection',
    'mp.Lock',
    'mp.Queue',
    'mp.JoinableQueue',
    'mp.Event',
    'mp.Semaphore',
  ]) {
    assert.ok(names.includes(n) || names.includes(`mp.${n}`), `${n} among ${names.join(', ')}`);
  }
});

test('completions after `lock.` list the Python API only, each with a doc comment', () => {
  const got = completions(`${head}const lock = new il.Lock();\nlock.`);
  assert.deepEqual(got.map((e) => e.name).sort(), ['acquire', 'hold', 'locked', 'release', 'toString', 'with']);
  for (const e of got) assert.notEqual(e.doc, '', `lock.${e.name} has a doc comment`);
});

for (const c of classes) {
  const type = `il.${c.path}${c.typeArgs ? `<${Array(c.typeArgs).fill('any').join(', ')}>` : ''}`;
  test(`${c.path}: members without internals, each documented`, () => {
    const problems: string[] = [];
    for (const [where, source] of [
      ['instance', `${head}declare const x: ${type};\nx.`],
      ['class', `${head}il.${c.path}.`],
    ] as const) {
      for (const e of completions(source)) {
        if (where === 'class' && FUNCTION_MEMBERS.has(e.name)) continue;
        if (e.name.startsWith('_') || INTERNAL.has(e.name)) problems.push(`${where} member ${e.name} is internal`);
        else if (!e.doc) problems.push(`${where} member ${e.name} has no doc comment`);
      }
    }
    assert.deepEqual(problems, []);
  });

  test(`${c.path}: constructor signatures without internal parameters`, () => {
    const source = `${head}new il.${c.path}(`;
    text = source;
    const help = ls.getSignatureHelpItems(file, source.length, undefined);
    const params = (help?.items ?? []).flatMap((i) => i.parameters.map((p) => p.name));
    const internal = params.filter((p) => INTERNAL_PARAMS.has(p));
    assert.deepEqual(internal, [], `new ${c.path}(${params.join(', ')})`);
  });
}

test('every export of the module and of mp says what it is', () => {
  // `mp` itself is a namespace re-export, which TypeScript gives no doc comment.
  const all = [...completions(`${head}il.`).filter((e) => e.name !== 'mp'), ...completions(`${head}il.mp.`).map((e) => ({ ...e, name: `mp.${e.name}` }))];
  const missing = all.filter((e) => !e.doc);
  assert.deepEqual(
    missing.map((e) => e.name),
    [],
  );
});
