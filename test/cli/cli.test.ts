// The CLI as a person uses it: exit codes, one-line reasons, written files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseTrace } from '../../src/core/trace/parse';

const root = resolve(__dirname, '..', '..');
const cli = (...args: string[]) => spawnSync(process.execPath, [join(root, 'bin', 'interleave'), ...args], { encoding: 'utf8', cwd: root });
const fixture = (f: string) => join(root, 'test', 'fixtures', 'runtime', f);

test('the default example deadlocks: exit 2, swimlane, explanation, contention', () => {
  const r = cli('run', '--example', 'lock-deadlock', '--no-color');
  assert.equal(r.status, 2);
  assert.match(r.stdout, /MainThread\s+│/);
  assert.match(r.stdout, /Outcome: deadlock — Deadlock: .* waits for Lock `lock`, which it already holds/);
  assert.match(r.stdout, /Contention/);
});

test('--trace, --chrome-trace and --html write valid files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'interleave-cli-'));
  const r = cli('run', '--example', 'semaphore', '--trace', join(dir, 't.json'), '--chrome-trace', join(dir, 'c.json'), '--html', join(dir, 'r.html'));
  assert.equal(r.status, 0, r.stderr);
  const trace = parseTrace(readFileSync(join(dir, 't.json'), 'utf8'));
  assert.equal(trace.outcome.kind, 'completed');
  const chrome = JSON.parse(readFileSync(join(dir, 'c.json'), 'utf8')) as { traceEvents: { ph: string }[] };
  assert.ok(chrome.traceEvents.some((e) => e.ph === 'B'));
  const html = readFileSync(join(dir, 'r.html'), 'utf8');
  assert.match(html, /Content-Security-Policy/);
  assert.doesNotMatch(html, /<script[^>]+src=["']https?:/);
});

test('usage mistakes: one line with the reason, then the usage, exit 1', () => {
  for (const [args, reason] of [
    [['run'], /run takes exactly one FILE/],
    [['run', 'nope.ts'], /no such file: nope\.ts/],
    [['run', fixture('outcomes.ts'), '--bogus'], /unknown option --bogus/],
    [['run', fixture('outcomes.ts')], /several scenarios .*--scenario NAME/],
    [['frobnicate'], /unknown command 'frobnicate'/],
  ] as [string[], RegExp][]) {
    const r = cli(...args);
    assert.equal(r.status, 1, args.join(' '));
    assert.match(r.stderr.split('\n')[0], reason);
    assert.match(r.stderr, /usage:/);
  }
});

test("--help: the commands, and each command's own options, exit 0", () => {
  const top = cli('--help');
  assert.equal(top.status, 0, top.stderr);
  for (const c of ['run', 'explore', 'list', 'examples', 'check', 'export']) assert.match(top.stdout, new RegExp(`interleave ${c}`));
  const check = cli('check', '--help');
  assert.equal(check.status, 0, check.stderr);
  assert.match(check.stdout, /^usage: interleave check TRACE\b/);
  const run = cli('run', 'anything.ts', '--help');
  assert.equal(run.status, 0, run.stderr);
  for (const o of ['--scenario NAME', '--trace FILE', '--seed S', '--schedule']) assert.ok(run.stdout.includes(o), `run --help lists ${o}`);
  assert.doesNotMatch(run.stdout, /--runs/, 'an option of explore is not listed for run');
  assert.match(cli('explore', '--help').stdout, /--runs N/);
});

test('an option of another command, or one without its value, says so', () => {
  for (const [args, reason] of [
    [['run', fixture('outcomes.ts'), '--runs', '3'], /--runs is not an option of run \(it is one of explore\)/],
    [['explore', fixture('outcomes.ts'), '--trace', 'x.json'], /--trace is not an option of explore/],
    [['run', fixture('outcomes.ts'), '--trace'], /--trace needs a value/],
    [['run', fixture('outcomes.ts'), '--no-sites=1'], /--no-sites takes no value/],
    [['list', fixture('outcomes.ts'), '--scenario', 'x'], /--scenario is not an option of list/],
  ] as [string[], RegExp][]) {
    const r = cli(...args);
    assert.equal(r.status, 1, args.join(' '));
    assert.match(r.stderr.split('\n')[0], reason);
    assert.match(r.stderr, new RegExp(`usage: interleave ${args[0]}`), 'the help of that command follows');
  }
});

test('a syntax error prints file:line:col, the line and a caret', () => {
  const r = cli('run', fixture('broken-syntax.ts'));
  assert.equal(r.status, 1);
  assert.match(r.stderr, /broken-syntax\.ts:4:13: syntax error: Unexpected ";"/);
  assert.match(r.stderr, /4 \|   const x = ;\n {16}\^/);
});

test('check names a bad trace file and what is wrong', () => {
  const dir = mkdtempSync(join(tmpdir(), 'interleave-cli-'));
  writeFileSync(join(dir, 'bad.json'), '{"version": 1, "meta": {');
  const r = cli('check', join(dir, 'bad.json'));
  assert.equal(r.status, 1);
  assert.match(r.stderr, /bad\.json: the trace looks truncated/);
});

test('examples lists every example with a description', () => {
  const r = cli('examples');
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^lock-deadlock\s+\S.+$/m);
  assert.match(r.stdout, /^semaphore\s+\S.+$/m);
});
