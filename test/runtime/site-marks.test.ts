// Call sites from the bundle's site marks (runner/site-marks.ts, docs/call-sites.md) against the
// stack capture at every operation: for every built-in example and a fixture of awkward call
// forms, the same deterministic schedule gives the same trace, event for event and site for site;
// multiprocessing (real time only) records the same sites in its processes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinExamples } from '../../src/runtime/host/run';
import type { Trace, TraceEvent } from '../../src/core/trace/format';
import { comparable, runDet } from '../deterministic/det-run';
import { runScenario } from '../../src/runtime/host/run';
import { fixtures } from './run-fixture';
import { markSites } from '../../src/runtime/runner/site-marks';
import { shiftMappings } from '../../src/runtime/runner/map-shift';

/**
 * A site inside the bundle itself (esbuild's helpers, which map to no source) names the bundle's
 * temporary file: its line is kept by the marks, its column is the marked bundle's.
 */
function sameSites(t: Trace): Trace {
  return { ...t, sites: t.sites.map((s) => s.replace(/^(.*\/interleave-[^/]+\/scenario\.js:\d+):\d+$/, '$1:*').replace(/interleave-[^/]+/, 'interleave-*')) };
}

async function compare(file: string): Promise<Trace> {
  const det = { seed: 7, strategy: 'random' as const };
  const marked = await runDet(file, det);
  const captured = await runDet(file, det, { siteMarks: false });
  assert.equal(comparable(sameSites(marked)), comparable(sameSites(captured)), `${file}: marked and stack-captured sites differ`);
  return marked;
}

const siteOf = (t: Trace, e: TraceEvent) => t.sites[e.at ?? -1];
const lineOf = (file: string, mark: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .findIndex((l) => l.includes(mark)) + 1;

test('awkward call forms: the marked sites are the stack-captured ones, at the user line of the call', async () => {
  const file = join(fixtures, 'call-forms.ts');
  const t = await compare(file);
  const w1 = t.threads.find((x) => x.name === 'w1')!.id;
  const mine = t.events.filter((e) => e.th === w1);
  const at = (k: string, n = 0) => siteOf(t, mine.filter((e) => e.k === k)[n]);
  // A helper's operation is sited inside the helper; a call nested in an argument at its own line.
  assert.equal(at('acquireRequest'), `call-forms.ts:${lineOf(file, 'HELPER-ACQUIRE')}:5`);
  assert.match(at('queuePut', 1), new RegExp(`^call-forms\\.ts:${lineOf(file, 'NESTED-PUT')}:`));
  assert.match(at('queueGet'), new RegExp(`^call-forms\\.ts:${lineOf(file, 'OUTER-GET')}:`));
  assert.match(at('sharedRead'), new RegExp(`^call-forms\\.ts:${lineOf(file, 'SHARED-RW')}:`));
  assert.match(at('sharedWrite'), new RegExp(`^call-forms\\.ts:${lineOf(file, 'SHARED-RW')}:`));
  const inc = mine.filter((e) => e.k === 'sharedRead' && siteOf(t, e).startsWith(`call-forms.ts:${lineOf(file, 'SHARED-INC')}:`));
  assert.equal(inc.length, 1, 'counter.n++ reads once at its line');
  assert.ok(mine.some((e) => e.k === 'sharedRead' && siteOf(t, e).startsWith(`call-forms.ts:${lineOf(file, 'SHARED-IN-ARG')}:`)));
  const main = t.events.filter((e) => e.th === 1 && e.k === 'acquireRequest');
  assert.match(siteOf(t, main.at(-2)!), new RegExp(`^call-forms\\.ts:${lineOf(file, 'AFTER-AWAIT')}:`));
});

/** Real time: the runs differ in timing, not in which lines run. */
async function compareRealtime(file: string): Promise<Trace> {
  const run = (siteMarks: boolean) => runScenario({ file, timeLimitS: 30, captureSites: true, sleepScale: 1, siteMarks }).done;
  const marked = await run(true);
  const captured = await run(false);
  const used = (t: Trace) =>
    [...new Set(t.events.filter((e) => (e.at ?? -1) >= 0).map((e) => `${t.threads.find((x) => x.id === e.th)?.name} ${e.k} ${siteOf(t, e)}`))].sort();
  assert.equal(marked.outcome.kind, 'completed', marked.outcome.summary);
  assert.deepEqual(used(marked), used(captured));
  return marked;
}

const usesProcesses = (file: string) => /\b(Process|Pool)\b/.test(readFileSync(file, 'utf8'));

for (const ex of builtinExamples().filter((e) => e.language === 'typescript')) {
  test(`example ${ex.name}: marked sites equal stack-captured sites`, async () => {
    const t = usesProcesses(ex.file) ? await compareRealtime(ex.file) : await compare(ex.file);
    assert.ok(
      t.events.some((e) => (e.at ?? -1) >= 0 && !siteOf(t, e).includes('scenario.js')),
      'the run records sites in the example',
    );
  });
}

test('shared field reads and writes are marked: the register names each access while its trap runs', () => {
  const m = markSites('c.n = c.n + 1;\nc.n++;\nq.put(c.n);\n++c.n;\nconst { n } = c;\ndelete c.n;\n(a.b)();\n');
  const prologue = m.js.slice(0, m.js.indexOf('; ') + 2);
  assert.deepEqual(m.js.split('\n').slice(0, 7), [
    // A write's id is set once its value is computed; a read's (and an increment's) once its object is.
    `${prologue}__ilE(c.n = __ilS(1, __ilE((__ilS(2, c)).n) + 1));`,
    '__ilE((__ilS(3, c)).n++);',
    '__ilE(q.put(__ilS(4, __ilE((__ilS(5, c)).n))));',
    // Left to the stack capture: a prefix increment, a destructuring; references stay references
    // (`delete`, a parenthesized callee keeps its `this`).
    '++c.n;',
    'const { n } = c;',
    'delete c.n;',
    '__ilE((a.b)(...__ilZ(6)));',
  ]);
  assert.equal(m.calls, 6);
});

test('marks keep lines and move the source map past every insertion', () => {
  const js = 'function f(a) {\n  return a.b(g(1), h());\n}\n';
  const m = markSites(js);
  const lines = m.js.split('\n');
  assert.match(lines[0], /^var __ilR = .*function f\(a\) \{__ilC\(\);$/);
  assert.equal(lines[1], '  return __ilE(a.b(__ilE(g(__ilS(2, 1))), __ilS(1, __ilE(h(...__ilZ(3))))));');
  assert.equal(lines[2], '}');
  // Segments at line 0 column 0 (an insertion point: stays at the start of the inserted text),
  // line 1 column 2 (`return`, nothing inserted before it) and column 11 (`b`, after `__ilE(`: 17).
  assert.equal(shiftMappings('AAAA;EACA,SAAS', js, m.inserts), 'AAAA;EACA,eAAS');
});
