// RunOptions.summarize (what the CLI asks): the runner walks each chunk for the terminal summary as
// it writes it, and the host only finishes the walk. Finished, it must be the one-shot summary of
// the same file, bar for bar, for runs that end mid-chunk in every way: completed over several
// chunks, deadlock, stall, an exception, a thread that exits the process, a barrier's waits.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { finishSummary, summarizeRun } from '../../src/core/render/summary';
import { renderTerminalView, terminalBarWidth } from '../../src/core/render/terminal';
import { runScenario } from '../../src/runtime/host/run';

const fixtures = resolve(__dirname, '..', 'fixtures', 'runtime');
const dir = mkdtempSync(join(tmpdir(), 'interleave-live-summary-'));

const runs: { file: string; scenario?: string; outcome: string; env?: Record<string, string> }[] = [
  { file: 'long-hammer.ts', outcome: 'completed', env: { HAMMER_OPS: '40000' } },
  { file: 'outcomes.ts', scenario: 'abbaDeadlock', outcome: 'deadlock' },
  { file: 'outcomes.ts', scenario: 'stall', outcome: 'stall' },
  { file: 'outcomes.ts', scenario: 'mainRaises', outcome: 'exception' },
  { file: 'outcomes.ts', scenario: 'processExit', outcome: 'exited' },
  { file: 'barrier-queue.ts', scenario: 'Barrier_indices', outcome: 'completed' },
];

for (const [i, r] of runs.entries())
  test(`the runner's walk finishes to the one-shot summary of its file: ${r.scenario ?? r.file} (${r.outcome})`, { timeout: 120_000 }, async () => {
    const path = join(dir, `run-${i}.ilt`);
    const handle = runScenario(
      {
        file: join(fixtures, r.file),
        scenario: r.scenario,
        timeLimitS: 60,
        captureSites: false,
        sleepScale: 1,
        store: { path },
        liveEvents: false,
        summarize: true,
      },
      undefined,
      { env: r.env },
    );
    const stored = await handle.stored!();
    try {
      assert.equal(stored.header.outcome.kind, r.outcome, stored.header.outcome.summary);
      assert.ok(stored.summary, 'the runner sent its walk');
      assert.equal(stored.summary.events, stored.events.count);
      if (r.file === 'long-hammer.ts') assert.ok(stored.events.chunks.length > 1, `${stored.events.chunks.length} chunks`);
      for (const width of [40, 100]) {
        const cells = terminalBarWidth(stored.header, { width });
        const live = finishSummary(stored.summary, stored.header, stored.events, cells);
        assert.ok(live, 'the walk finishes: what it read of the header as the run went is what the file says');
        const oneShot = summarizeRun(stored.header, stored.events, cells);
        assert.equal(live.durationNs, oneShot.durationNs);
        assert.deepEqual(live.lanes(cells), oneShot.lanes(cells));
        assert.deepEqual(live.splits, oneShot.splits);
        assert.deepEqual(live.contention, oneShot.contention);
        assert.equal(renderTerminalView(live, { width }), renderTerminalView(oneShot, { width }));
      }
    } finally {
      stored.events.close();
    }
  });

test('a walk of other events than the file holds is not finished (the caller makes the one-shot pass)', { timeout: 120_000 }, async () => {
  const path = join(dir, 'other.ilt');
  const handle = runScenario({
    file: join(fixtures, 'outcomes.ts'),
    scenario: 'abbaDeadlock',
    timeLimitS: 60,
    captureSites: false,
    sleepScale: 1,
    store: { path },
    liveEvents: false,
    summarize: true,
  });
  const stored = await handle.stored!();
  try {
    assert.ok(stored.summary);
    const width = terminalBarWidth(stored.header, { width: 80 });
    assert.equal(finishSummary({ ...stored.summary, events: stored.summary.events - 1 }, stored.header, stored.events, width), undefined);
    // A thread the walk saw that the header does not have.
    const header = { ...stored.header, threads: stored.header.threads.slice(1) };
    assert.equal(finishSummary(stored.summary, header, stored.events, width), undefined);
  } finally {
    stored.events.close();
  }
});
