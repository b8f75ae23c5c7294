// `interleave run` and `check` print the analyses' sections; `--trace` keeps the findings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { acquireModes, confirmationStatuses, findingKinds } from '../../src/core/trace/kinds';
import { parseTrace } from '../../src/core/trace/parse';

const root = resolve(__dirname, '..', '..');
const cli = (...args: string[]) => spawnSync(process.execPath, [join(root, 'bin', 'interleave'), ...args], { encoding: 'utf8', cwd: root });
const fixture = (f: string) => join(root, 'test', 'fixtures', 'analyses', f);
const schema = JSON.parse(readFileSync(join(root, 'schema', 'trace.schema.json'), 'utf8'));

test('run prints both sections after the outcome; --trace keeps the findings, valid by parser and schema; check prints them again', () => {
  const dir = mkdtempSync(join(tmpdir(), 'interleave-findings-'));
  const out = join(dir, 't.json');
  const r = cli('run', fixture('lock-orders.ts'), '--scenario', 'bare', '--no-color', '--trace', out);
  assert.equal(r.status, 0, r.stderr); // a finding beside a completed run does not change the exit code
  const outcomeAt = r.stdout.indexOf('Outcome: completed');
  const deadlocksAt = r.stdout.indexOf('Potential deadlocks\n  1. Potential deadlock: t1 and t2 take Locks `a` and `b`');
  const racesAt = r.stdout.indexOf('Data races\n  none');
  assert.ok(outcomeAt >= 0 && deadlocksAt > outcomeAt && racesAt > deadlocksAt, r.stdout);
  assert.match(r.stdout, /t1 acquires `b` at lock-orders\.ts:8 while holding `a` \(acquired at lock-orders\.ts:7\)/);

  const trace = parseTrace(readFileSync(out, 'utf8'));
  assert.equal(trace.findings!.cycles.length, 1);
  assert.equal(trace.findings!.cycles[0].kind, 'potentialDeadlock');
  const validate = new Ajv2020({ allErrors: true }).compile(schema);
  assert.ok(validate(trace), JSON.stringify(validate.errors));

  const c = cli('check', out);
  assert.equal(c.status, 0, c.stderr);
  assert.match(c.stdout, /Potential deadlocks\n {2}1\. Potential deadlock: t1 and t2/);

  // A broken finding is named by its path.
  const bad = JSON.parse(readFileSync(out, 'utf8'));
  bad.findings.cycles[0].edges[1].mode = 'sometimes';
  writeFileSync(out, JSON.stringify(bad));
  const b = cli('check', out);
  assert.equal(b.status, 1);
  assert.match(b.stderr, /findings\.cycles\[0\]\.edges\[1\]\.mode: expected one of blocking, timed, nonBlocking/);
});

test('the lost update prints one race with both lines', () => {
  const r = cli('run', '--example', 'lost-update', '--no-color');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Data races\n {2}1\. Data race on counter\.count: adder-\d and adder-\d access it unordered/);
  assert.match(r.stdout, /reads counter\.count \(\d+\) at lost-update\.ts:\d+, holding no lock/);
  assert.match(r.stdout, /writes counter\.count = \d+ at lost-update\.ts:\d+, holding no lock/);
  assert.doesNotMatch(r.stdout, /Data races[\s\S]*\n {2}2\./);
});

test('the lost update is confirmed with the final counts seen, and a replay line reproduces its count', () => {
  const r = cli('run', '--example', 'lost-update', '--no-color');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /access it unordered \(confirmed: counter\.count = \d+ in \d+ of \d+, counter\.count = \d+ in \d+ of \d+/);
  const lines = [
    ...r.stdout.matchAll(
      /counter\.count = (\d+) in \d+ of \d+ schedules?; replay with interleave run (--example lost-update --deterministic --seed \d+ --schedule[ =][-\d,]+)\n/g,
    ),
  ];
  assert.ok(lines.length >= 2, r.stdout);
  const [, count, command] = lines.find((l) => Number(l[1]) < 10)!;
  const replay = cli('run', ...command.split(' '), '--no-confirm', '--no-color');
  assert.equal(replay.status, 0, replay.stderr);
  assert.match(replay.stdout, new RegExp(`\\nShared values at the end: counter\\.count = ${count}\\n`));
});

test('the schema lists the findings vocabularies of kinds.ts', () => {
  const d = schema.$defs;
  assert.deepEqual([...d.lockCycle.properties.kind.enum, d.dataRace.properties.kind.const], [...findingKinds]);
  assert.deepEqual(d.lockOrderEdge.properties.mode.enum, [...acquireModes]);
  assert.deepEqual(d.confirmation.properties.status.enum, [...confirmationStatuses]);
});

test('--strict: a completed run with a finding exits 5; without findings 0; a deadlock keeps 2', () => {
  assert.equal(cli('run', '--example', 'lost-update', '--no-color', '--strict', '--no-confirm').status, 5);
  assert.equal(cli('run', '--example', 'lost-update', '--no-color', '--no-confirm').status, 0);
  assert.equal(cli('run', '--example', 'semaphore', '--no-color', '--strict').status, 0);
  // Deterministic: in real time the philosophers sometimes complete (then 5 would be right).
  assert.equal(cli('run', '--example', 'dining-philosophers', '--seed', '1', '--no-confirm', '--no-color', '--strict').status, 2);
});

test("a built-in example's replay hint names it (--example NAME), and that command replays the deadlock", () => {
  // Deterministic philosophers deadlock on every seed; their lock-order cycle is still confirmed by a search of its own.
  const r = cli('run', '--example', 'dining-philosophers', '--seed', '1', '--no-color');
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stdout, /\nconfirming by replay: up to 200 deterministic schedules within 20 s \(--no-confirm skips this\)… \d+ schedules? in [\d.]+ s \(/);
  const hint = /replay with interleave run (--example dining-philosophers --deterministic --seed \d+ --schedule [\d,]+)\n/.exec(r.stdout);
  assert.ok(hint, r.stdout);
  const replay = cli('run', ...hint[1].split(' '), '--no-confirm', '--no-color');
  assert.equal(replay.status, 2, replay.stderr);
  assert.match(replay.stdout, /Outcome: deadlock — Deadlock: Aristotle, Kant, Spinoza, Marx, Russell wait for each other in a cycle/);
});

test('--no-confirm prints the findings unconfirmed and says so; --confirm-runs bounds the search and the line says what ran', () => {
  const off = cli('run', '--example', 'lost-update', '--no-color', '--no-confirm');
  assert.equal(off.status, 0, off.stderr);
  assert.match(off.stdout, /\nnot confirmed by replay \(--no-confirm\)\n\nPotential deadlocks/);
  assert.doesNotMatch(off.stdout, /confirming by replay|schedules\)/);
  assert.match(off.stdout, /Data race on counter\.count: adder-\d and adder-\d access it unordered\n/);

  const one = cli('run', '--example', 'lost-update', '--no-color', '--confirm-runs', '1');
  assert.equal(one.status, 0, one.stderr);
  assert.match(one.stdout, /up to 1 deterministic schedules within 20 s .*… 1 schedule in [\d.]+ s \(all of them run\)\n/);
  assert.match(one.stdout, /access it unordered \(one final value in 1 schedules?\)/);

  const both = cli('run', '--example', 'lost-update', '--no-confirm', '--confirm-budget', '5');
  assert.equal(both.status, 1);
  assert.match(both.stderr, /--no-confirm and --confirm-budget contradict each other: give one/);
  assert.match(cli('run', '--example', 'lost-update', '--confirm-budget', '0').stderr, /--confirm-budget must be a positive number, got '0'/);
});

test("explore's replay lines name a built-in example by --example NAME", () => {
  const r = cli('explore', '--example', 'dining-philosophers', '--runs', '2', '--seed', '1', '--no-color');
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stdout, /\n {4}interleave run --example dining-philosophers --deterministic --schedule [\d,]+\n/);
});
