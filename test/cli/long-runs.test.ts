// Long runs from the CLI (issue 17): any length ends with its outcome and whole trace in bounded
// memory; limits and kills keep a readable prefix; the binary and JSON traces agree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { batchToEvents } from '../../src/core/trace/batch';
import type { TraceEvent } from '../../src/core/trace/format';
import { parseTrace } from '../../src/core/trace/parse';
import { openTraceStore } from '../../src/runtime/store/file';

const root = resolve(__dirname, '..', '..');
const hammer = join(root, 'test', 'fixtures', 'runtime', 'long-hammer.ts');
const cli = (ops: number, ...args: string[]) =>
  spawnSync(process.execPath, [join(root, 'bin', 'interleave'), ...args], { encoding: 'utf8', cwd: root, env: { ...process.env, HAMMER_OPS: String(ops) } });
const dir = mkdtempSync(join(tmpdir(), 'interleave-long-'));
const MB = 2 ** 20;

/** The figures of `--stats`: events, trace bytes, peak RSS of the runner and the CLI, as each process reported them. */
function stats(stdout: string) {
  const m = /stats: ([\d,]+) events; trace \d+ MB \(([\d.]+) bytes\/event\); peak memory: runner (\d+) MB, cli (\d+) MB/.exec(stdout);
  assert.ok(m, `no stats line in:\n${stdout}`);
  return { events: Number(m[1].replace(/,/g, '')), bytesPerEvent: Number(m[2]), runnerMB: Number(m[3]), cliMB: Number(m[4]) };
}

/** Each thread's events in order: what two forms of one trace must agree on, whatever their interleaving. */
function byThread(events: TraceEvent[]): Map<number, TraceEvent[]> {
  const out = new Map<number, TraceEvent[]>();
  for (const e of events) {
    let list = out.get(e.th);
    if (!list) out.set(e.th, (list = []));
    list.push(e);
  }
  return out;
}

test('a 30 M-event run completes from the CLI: outcome, whole trace, memory under the budget', { timeout: 1_800_000 }, () => {
  const file = join(dir, 'h30.ilt');
  const r = cli(2_500_000, 'run', hammer, '--no-sites', '--no-color', '--timeout', '1500', '--trace', file, '--stats', '--memory-budget', '512');
  assert.equal(r.status, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /Outcome: completed — Completed in/);
  assert.match(r.stdout, /one-pass summary/);
  const s = stats(r.stdout);
  assert.ok(s.events >= 30_000_000, `${s.events} events`);
  assert.ok(s.runnerMB < 512 && s.cliMB < 512, `runner ${s.runnerMB} MB, cli ${s.cliMB} MB`);
  const check = spawnSync(process.execPath, [join(root, 'bin', 'interleave'), 'check', file], { encoding: 'utf8' });
  assert.equal(check.status, 0, check.stderr);
  assert.match(check.stdout, new RegExp(`valid binary trace .*, 5 threads, ${s.events} events`));
  const reader = openTraceStore(file);
  assert.equal(reader.count, s.events);
  assert.equal(reader.complete, true);
  reader.close();
});

test('an event limit ends the run plainly, with its prefix kept', { timeout: 600_000 }, () => {
  const file = join(dir, 'limited.ilt');
  const r = cli(250_000, 'run', hammer, '--no-sites', '--no-color', '--timeout', '600', '--trace', file, '--max-events', '100000');
  assert.equal(r.status, 1, r.stderr + r.stdout);
  assert.match(
    r.stdout,
    /Outcome: stopped — Recording stopped: the event limit \(100,000 events\) was reached\. 100,000 events are kept, up to \d+\.\d{3} s\./,
  );
  assert.match(r.stdout, /raise the event limit \(--max-events\)/);
  const reader = openTraceStore(file);
  assert.equal(reader.count, 100_000);
  assert.equal(reader.complete, true);
  assert.equal(reader.header().outcome.kind, 'stopped');
  reader.close();
});

test('a size limit on the trace ends the run plainly, with a readable prefix', { timeout: 600_000 }, () => {
  const file = join(dir, 'small.ilt');
  // With call sites every event carries its site: about a byte more per event.
  const r = cli(1_000_000, 'run', hammer, '--no-color', '--timeout', '600', '--trace', file, '--max-trace-mb', '0.25');
  assert.equal(r.status, 1, r.stderr + r.stdout);
  assert.match(r.stdout, /Outcome: stopped — Recording stopped: the trace file reached its size limit \(0 MB\)\. [\d,]+ events are kept/);
  const reader = openTraceStore(file);
  assert.ok(reader.count > 0 && reader.count < 12_000_000, `${reader.count} events`);
  assert.ok(statSync(file).size <= 0.25 * MB + 64 * 1024, `${statSync(file).size} bytes`);
  reader.close();
});

test('a killed run leaves its trace readable up to the kill', { timeout: 600_000 }, async () => {
  const file = join(dir, 'killed.ilt');
  const child = spawn(process.execPath, [join(root, 'bin', 'interleave'), 'run', hammer, '--no-sites', '--timeout', '600', '--trace', file], {
    cwd: root,
    env: { ...process.env, HAMMER_OPS: '50000000' },
    stdio: 'ignore',
  });
  // Kill once the file holds a few chunks of events (it is written while the run goes).
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline && !(existsSync(file) && statSync(file).size > 64 * 1024)) await new Promise((r) => setTimeout(r, 200));
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  const reader = openTraceStore(file);
  assert.ok(reader.count > 0, 'events before the kill are kept');
  assert.equal(reader.complete, false);
  assert.match(reader.header().outcome.summary, /The recording ends after [\d,]+ events, without the run's outcome/);
  let n = 0;
  reader.forEachChunk((c) => (n += c.t.length));
  assert.equal(n, reader.count);
  reader.close();
  const check = spawnSync(process.execPath, [join(root, 'bin', 'interleave'), 'check', file], { encoding: 'utf8' });
  assert.equal(check.status, 0, check.stderr);
  assert.match(check.stdout, /unfinished/);
});

test('the binary and JSON traces of one run agree event for event, also when the JSON is streamed', { timeout: 600_000 }, () => {
  for (const budget of ['512', '1']) {
    const bin = join(dir, `both-${budget}.ilt`);
    const json = join(dir, `both-${budget}.json`);
    // One run, two forms: the binary kept by one --trace, its JSON export written from it by check's reader.
    const r = cli(20_000, 'run', hammer, '--no-color', '--trace', bin, '--memory-budget', budget);
    assert.equal(r.status, 0, r.stderr);
    const j = cli(0, 'export', bin, '--trace', json, '--memory-budget', budget);
    assert.equal(j.status, 0, j.stderr);
    const trace = parseTrace(readFileSync(json, 'utf8'));
    const reader = openTraceStore(bin);
    const events: TraceEvent[] = [];
    reader.forEachChunk((c) => events.push(...batchToEvents(c)));
    assert.equal(trace.events.length, events.length);
    assert.deepEqual(byThread(trace.events), byThread(events));
    const { threads, primitives, sites, outcome } = reader.header();
    assert.deepEqual(
      { threads: trace.threads, primitives: trace.primitives, sites: trace.sites, outcome: trace.outcome },
      JSON.parse(JSON.stringify({ threads, primitives, sites, outcome })),
    );
    reader.close();
  }
});
