// A Python run recorded into the binary trace store as a TypeScript run is (docs/trace-store.md):
// a long run completes from the CLI in bounded memory with its file readable, limits end it plainly,
// and the binary and JSON forms of one run agree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { batchToEvents } from '../../src/core/trace/batch';
import type { TraceEvent } from '../../src/core/trace/format';
import { parseTrace } from '../../src/core/trace/parse';
import { openTraceStore } from '../../src/runtime/store/file';
import { CLI, FIXTURES, interpreters } from './pythons';

const py = interpreters().at(-1)!;
const dir = mkdtempSync(join(tmpdir(), 'interleave-py-store-'));
const hammer = join(FIXTURES, 'long_hammer.py');
const cli = (ops: number, ...args: string[]) =>
  spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: FIXTURES, env: { ...process.env, HAMMER_OPS: String(ops) }, timeout: 900_000 });

function byThread(events: TraceEvent[]): Map<number, TraceEvent[]> {
  const out = new Map<number, TraceEvent[]>();
  for (const e of events) {
    let list = out.get(e.th);
    if (!list) out.set(e.th, (list = []));
    list.push(e);
  }
  return out;
}

test(`${py.label}: a 3 M-event Python run completes from the CLI into its binary trace, summarised within the memory budget`, { timeout: 900_000 }, () => {
  const file = join(dir, 'long.ilt');
  const r = cli(500_000, 'run', '--python', py.path, '--no-color', '--timeout', '800', '--trace', file, '--stats', '--memory-budget', '64', hammer);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /^1000000\n/);
  assert.match(r.stdout, /Outcome: completed — Completed in/);
  assert.match(r.stdout, /one-pass summary/);
  const m = /stats: ([\d,]+) events; trace \d+ MB .*cli (\d+) MB/.exec(r.stdout);
  assert.ok(m, r.stdout);
  const events = Number(m[1].replace(/,/g, ''));
  // The CLI reads the run back chunk by chunk: it never holds the 3 M events (~1 GB as objects).
  assert.ok(Number(m[2]) < 256, `cli ${m[2]} MB`);
  // Per thread: start, end, and 3 per round; MainThread's starts, joins and the Lock's creation.
  assert.ok(events >= 3_000_000, `${events} events`);
  const reader = openTraceStore(file);
  assert.equal(reader.count, events);
  assert.equal(reader.complete, true);
  assert.equal(reader.header().meta.language, 'python');
  assert.deepEqual(
    reader.header().threads.map((t) => t.name),
    ['MainThread', 'hammer-0', 'hammer-1'],
  );
  reader.close();
  const check = spawnSync(process.execPath, [CLI, 'check', file], { encoding: 'utf8' });
  assert.equal(check.status, 0, check.stderr);
  assert.match(check.stdout, new RegExp(`valid binary trace .*, 3 threads, ${events} events`));
});

test(`${py.label}: an event limit stops a Python run plainly, its prefix kept`, { timeout: 300_000 }, () => {
  const file = join(dir, 'limited.ilt');
  const r = cli(200_000, 'run', '--python', py.path, '--no-color', '--timeout', '200', '--trace', file, '--max-events', '50000', hammer);
  assert.equal(r.status, 1, r.stderr + r.stdout);
  assert.match(r.stdout, /Outcome: stopped — Recording stopped: the event limit \(50,000 events\) was reached\. 50,000 events are kept/);
  assert.match(r.stdout, /raise the event limit \(--max-events\)/);
  const reader = openTraceStore(file);
  assert.equal(reader.count, 50_000);
  assert.equal(reader.header().outcome.kind, 'stopped');
  reader.close();
});

test(`${py.label}: the binary and JSON traces of one Python run agree event for event`, { timeout: 300_000 }, () => {
  for (const budget of ['512', '1']) {
    const bin = join(dir, `both-${budget}.ilt`);
    const json = join(dir, `both-${budget}.json`);
    const r = cli(5_000, 'run', '--python', py.path, '--no-color', '--trace', bin, '--memory-budget', budget, hammer);
    assert.equal(r.status, 0, r.stderr);
    const j = cli(0, 'export', bin, '--trace', json, '--memory-budget', budget);
    assert.equal(j.status, 0, j.stderr);
    const trace = parseTrace(readFileSync(json, 'utf8'));
    const reader = openTraceStore(bin);
    const events: TraceEvent[] = [];
    reader.forEachChunk((c) => events.push(...batchToEvents(c)));
    assert.equal(trace.events.length, events.length);
    assert.ok(events.length > 30_000, `${events.length} events`);
    assert.deepEqual(byThread(trace.events), byThread(events));
    const { threads, primitives, sites, outcome } = reader.header();
    assert.deepEqual(
      { threads: trace.threads, primitives: trace.primitives, sites: trace.sites, outcome: trace.outcome },
      JSON.parse(JSON.stringify({ threads, primitives, sites, outcome })),
    );
    assert.ok(
      trace.sites.some((s) => s.startsWith('long_hammer.py:13:')),
      trace.sites.join(', '),
    );
    reader.close();
  }
});
