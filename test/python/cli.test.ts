// `interleave run SCRIPT.py` as a person types it: exit codes, the script's own stdin/stdout, the
// outputs, and the errors that say what to do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTrace } from '../../src/core/trace/parse';
import { CLI, FIXTURES, interpreters } from './pythons';
import { runPython } from '../../src/runtime/host/python/run';
import { openTraceStore } from '../../src/runtime/store/file';

const py = interpreters().at(-1)!;
const cli = (args: string[], input?: string) =>
  spawnSync(process.execPath, [CLI, 'run', '--python', py.path, '--no-color', ...args], { encoding: 'utf8', cwd: FIXTURES, input, timeout: 60000 });

test('the Lock program: exit 2, the script output first, then lanes and the explanation with .py lines', () => {
  const r = cli(['lock_deadlock.py']);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /Thread-1( \(worker1\))?: start/); // the script's logging, on the terminal's stderr
  assert.match(r.stdout, /Thread-2( \(worker2\))?\s+│/);
  assert.match(r.stdout, /Outcome: deadlock — Deadlock: Thread-1( \(worker1\))? waits for Lock `lock`, which it already holds/);
  assert.match(r.stdout, /asks for it again at lock_deadlock\.py:12:/);
});

test('the Lock program recorded into a binary trace is explained as in memory: where the lock was taken and when', () => {
  const dir = mkdtempSync(join(tmpdir(), 'interleave-py-cli-'));
  const explanation = (out: string) => /Outcome: deadlock — [^\n]*\n(?: {2}[^\n]*\n)+/.exec(out)?.[0].replace(/\(at [\d.]+ ms\)/, '(at T)');
  const inMemory = cli(['lock_deadlock.py']);
  const stored = cli(['--trace', join(dir, 'lock.ilt'), 'lock_deadlock.py']);
  assert.equal(stored.status, 2, stored.stderr);
  assert.match(stored.stdout, /acquired Lock `lock` at lock_deadlock\.py:9:\d+ \(at [\d.]+ ms\) and asks for it again at lock_deadlock\.py:12:\d+/);
  assert.equal(explanation(stored.stdout), explanation(inMemory.stdout));
  // The file keeps the same outcome.
  const reader = openTraceStore(join(dir, 'lock.ilt'));
  assert.match(reader.header().outcome.explanation, /acquired Lock `lock` at lock_deadlock\.py:9:\d+ \(at [\d.]+ ms\)/);
  reader.close();
});

test("script arguments after the script pass through; stdin is the script's", () => {
  const r = cli(['hostile_stdin.py', '--not-an-interleave-option', 'x'], 'a\nb\n');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^\['--not-an-interleave-option', 'x'\]\nread a\nread b\n/);
});

test('exit codes: syntax error 1 with file:line, sys.exit(3) 1, raise 1, stall 3, endless loop under --timeout 4', () => {
  const syntax = cli(['hostile_syntax.py']);
  assert.equal(syntax.status, 1);
  assert.match(syntax.stderr, /hostile_syntax\.py:2:\d+: syntax error: SyntaxError: /);
  assert.match(syntax.stderr, /2 \| def f\(:/);
  const exit3 = cli(['hostile_exit3.py']);
  assert.equal(exit3.status, 1);
  assert.match(exit3.stdout, /Outcome: exited — Exited: the script called sys\.exit\(3\)/);
  const raised = cli(['hostile_raise.py']);
  assert.equal(raised.status, 1);
  assert.match(raised.stderr, /ValueError: top level boom/);
  assert.doesNotMatch(raised.stderr, /interleave_trace/);
  assert.equal(cli(['stall.py']).status, 3);
  const started = Date.now();
  const loop = cli(['--timeout', '1', 'hostile_loop.py']);
  assert.equal(loop.status, 4, loop.stdout + loop.stderr);
  assert.match(loop.stdout, /Outcome: timeout — Timeout: the scenario ran longer than its limit of 1 s/);
  assert.ok(Date.now() - started < 20000);
});

test("--trace, --chrome-trace and --html of a Python run are the same formats as a scenario's", () => {
  const dir = mkdtempSync(join(tmpdir(), 'interleave-py-cli-'));
  const r = cli(['--trace', join(dir, 't.json'), '--chrome-trace', join(dir, 'c.json'), '--html', join(dir, 'r.html'), 'features.py']);
  assert.equal(r.status, 0, r.stderr);
  const trace = parseTrace(readFileSync(join(dir, 't.json'), 'utf8'));
  assert.equal(trace.meta.language, 'python');
  assert.ok(trace.sites.some((s) => s.startsWith('features.py:')));
  const chrome = JSON.parse(readFileSync(join(dir, 'c.json'), 'utf8')) as { traceEvents: { ph: string; name?: string; args?: { name?: string } }[] };
  assert.ok(chrome.traceEvents.some((e) => e.ph === 'M' && e.args?.name === 'producer'));
  assert.match(readFileSync(join(dir, 'r.html'), 'utf8'), /Content-Security-Policy/);
});

test('Stop (Ctrl-C in the CLI, Stop in VS Code) ends a running script as stopped and keeps its trace so far', async () => {
  // hostile_loop.py never ends by itself.
  // Stopped once the script is running (its MainThread announced, at the run's time 0), not after a
  // fixed time: an interpreter starting on a loaded machine can take longer than any fixed wait (and
  // its first message, the process's hello, comes before the tracer is installed).
  let running!: () => void;
  const started = new Promise<void>((r) => (running = r));
  const loop = runPython({ file: 'hostile_loop.py', args: [], python: py.path, timeLimitS: 60, cwd: FIXTURES }, (m) => m.type === 'thread' && running(), {
    onOutput: () => undefined,
  });
  await started;
  await new Promise((r) => setTimeout(r, 700));
  loop.stop();
  const trace = await loop.done;
  assert.equal(trace.outcome.kind, 'stopped', trace.outcome.summary);
  assert.equal(trace.threads[0].name, 'MainThread');
  assert.equal(trace.threads[0].exit, 'stopped');
  assert.ok(trace.outcome.durationNs > 0.5e9);
});

test('a missing or too old interpreter: one line that says what to do', () => {
  const missing = spawnSync(process.execPath, [CLI, 'run', '--python', '/nonexistent/python3', 'features.py'], { encoding: 'utf8', cwd: FIXTURES });
  assert.equal(missing.status, 1);
  assert.match(
    missing.stderr,
    /no Python interpreter found: '\/nonexistent\/python3' is not a program that exists\. Install Python 3\.9 or newer, or pass --python PATH/,
  );
  const old = join(process.env.PYENV_ROOT ?? join(require('node:os').homedir(), '.pyenv'), 'versions', '3.8.18', 'bin', 'python3');
  if (require('node:fs').existsSync(old)) {
    const r = spawnSync(process.execPath, [CLI, 'run', '--python', old, 'features.py'], { encoding: 'utf8', cwd: FIXTURES });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /is Python 3\.8\.18; the tracer needs 3\.9 or newer/);
  }
  const misuse = spawnSync(process.execPath, [CLI, 'run', '--sleep-scale', '2', 'features.py'], { encoding: 'utf8', cwd: FIXTURES });
  assert.match(misuse.stderr, /--sleep-scale applies to TypeScript scenarios, not to a Python script/);
});
