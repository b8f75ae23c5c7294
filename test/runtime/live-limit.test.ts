// A run recorded into its binary trace with RunOptions.liveEventLimit (what the VS Code extension
// does): its first events stream to the host, then the runner says `liveStopped` and the rest go
// only to the file, which a timeline process follows to the run's outcome. A runner killed mid-run
// leaves a file whose summary carries the host's word on how it ended, never a run still "running".
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import type { RunnerToHost } from '../../src/core/protocol/runner';
import type { TimelineToHost } from '../../src/core/protocol/timeline';
import type { Trace } from '../../src/core/trace/format';
import { runScenario } from '../../src/runtime/host/run';
import { openTimeline } from '../../src/runtime/host/timeline';

const hammer = resolve(__dirname, '..', 'fixtures', 'runtime', 'long-hammer.ts');
const dir = mkdtempSync(join(tmpdir(), 'interleave-live-limit-'));

function summaries(path: string) {
  const got: Extract<TimelineToHost, { type: 'summary' }>[] = [];
  const errors: string[] = [];
  const handle = openTimeline(path, true, (m) => (m.type === 'summary' ? got.push(m) : m.type === 'error' && errors.push(m.message)));
  const done = async () => {
    for (let i = 0; i < 1200 && !got.some((s) => s.done) && !errors.length; i++) await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(errors, []);
    const last = got.find((s) => s.done);
    assert.ok(last, `no final summary (${got.length} summaries)`);
    return { last, trace: JSON.parse(last.params.json) as Trace };
  };
  return { handle, done };
}

test('past liveEventLimit the runner streams only to the store; the timeline process follows it to the outcome', { timeout: 300_000 }, async () => {
  const path = join(dir, 'limited.ilt');
  const messages: RunnerToHost[] = [];
  const handle = runScenario(
    { file: hammer, timeLimitS: 120, captureSites: false, sleepScale: 1, store: { path }, liveEventLimit: 5_000 },
    (m) => messages.push(m),
    { env: { HAMMER_OPS: '20000' } },
  );
  const ended = await handle.ended!;
  assert.equal(ended.outcome.kind, 'completed', ended.outcome.summary);
  const live = messages.filter((m) => m.type === 'events').reduce((n, m) => n + (m.type === 'events' ? m.batch.t.length : 0), 0);
  const stopped = messages.filter((m) => m.type === 'liveStopped');
  assert.equal(stopped.length, 1, 'one liveStopped message');
  assert.ok(stopped[0].type === 'liveStopped' && stopped[0].events === live, `liveStopped counts the ${live} events forwarded`);
  assert.ok(live <= 5_000, `${live} events forwarded live`);
  const at = messages.indexOf(stopped[0]);
  assert.ok(
    messages.slice(at).every((m) => m.type !== 'events'),
    'no events after liveStopped',
  );

  const stored = await handle.stored!();
  // Three events a pair per thread, and the threads' and main's own.
  assert.ok(stored.events.count > 4 * 20_000 * 3, `${stored.events.count} events in the file`);
  assert.equal(stored.events.count, ended.resources?.events, 'the file has every event the runner recorded');
  stored.events.close();

  const timeline = summaries(path);
  timeline.handle.ended(ended.outcome);
  const { last, trace } = await timeline.done();
  timeline.handle.close();
  assert.equal(last.events, stored.events.count);
  assert.equal(last.params.live, false);
  assert.equal(trace.outcome.kind, 'completed');
});

test('a runner killed mid-run: the summary ends with the host’s outcome (an error), not a run still going', { timeout: 300_000 }, async () => {
  const path = join(dir, 'killed.ilt');
  let stoppedLive = false;
  const handle = runScenario(
    { file: hammer, timeLimitS: 120, captureSites: false, sleepScale: 1, store: { path }, liveEventLimit: 1_000 },
    (m) => (stoppedLive ||= m.type === 'liveStopped'),
    { env: { HAMMER_OPS: '50000000' } },
  );
  const timeline = summaries(path);
  for (let i = 0; i < 600 && !stoppedLive; i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(stoppedLive, 'the run went past its live limit');
  await new Promise((r) => setTimeout(r, 1000));
  // The runner is this process's child running runner.js (the timeline process runs timeline.js).
  const children = execFileSync('pgrep', ['-P', String(process.pid)], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
  const runner = children.find((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('runner.js'));
  assert.ok(runner, `a runner among ${children.join(', ')}`);
  process.kill(Number(runner), 'SIGKILL');

  const ended = await handle.ended!;
  assert.equal(ended.outcome.kind, 'error');
  assert.match(ended.outcome.summary, /runner process ended unexpectedly \(SIGKILL\)/);
  timeline.handle.ended(ended.outcome);
  const { last, trace } = await timeline.done();
  timeline.handle.close();
  assert.ok(last.events > 1_000, `${last.events} events kept`);
  assert.equal(last.params.live, false, 'the panel is told the run is over');
  assert.equal(trace.outcome.kind, 'error');
  assert.match(trace.outcome.summary, /SIGKILL/);
});
