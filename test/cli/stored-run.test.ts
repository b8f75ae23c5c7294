// `interleave run` prints a run from the walk the runner made while it went (RunOptions.summarize):
// a long run's summary, from its own pass over the file when that walk does not fit it; a run of
// any length, byte for byte as its whole model prints it, when the walk rules as the model does.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { showRun } from '../../src/cli/stored-run';
import { buildModel } from '../../src/core/model/build';
import { headerLookups, SummaryWalk } from '../../src/core/render/summary';
import { renderTerminal } from '../../src/core/render/terminal';
import { splitTrace } from '../../src/core/trace/source';
import { builtinExamples, runScenario, type StoredRun } from '../../src/runtime/host/run';
import { fixture } from '../core/fixtures';
import { needsWholeModel } from '../helpers/whole-model';

test("a long run's summary is finished from the runner's walk when it covers the file, else made from the file", () => {
  const trace = fixture('lock-contention');
  const { header, events } = splitTrace(trace);
  const walk = new SummaryWalk(headerLookups(header));
  events.forEachChunk((b) => walk.feed(b));
  // A walk that says MainThread ran 1 s longer than its events do: what is printed tells which was used.
  const lane = walk.data.lanes.find((l) => l.id === header.threads[0].id)!;
  lane.ns[0] += 1e9;
  const run = (summary?: StoredRun['summary']): StoredRun => ({
    header,
    events: { ...events, bytes: 0, trace: () => trace, close: () => undefined },
    path: '',
    summary,
  });
  // A budget too small to model the run whole: the one-pass summary.
  const tiny = 1e-6;
  const fromFile = showRun(run(), tiny, { width: 100 }).text;
  const fromWalk = showRun(run(walk.data), tiny, { width: 100 }).text;
  assert.notEqual(fromWalk, fromFile);
  assert.match(fromWalk, /one-pass summary/);
  const row = (text: string) => text.split('\n').find((l) => l.startsWith(`  ${header.threads[0].name} `));
  assert.match(row(fromFile)!, /^ {2}MainThread +153 µs /);
  assert.match(row(fromWalk)!, /^ {2}MainThread +1 s /);
  // A walk of another number of events is not used.
  assert.equal(showRun(run({ ...walk.data, events: walk.data.events + 1 }), tiny, { width: 100 }).text, fromFile);
});

const dir = mkdtempSync(join(tmpdir(), 'interleave-stored-run-'));
const fixtures = resolve(__dirname, '..', 'fixtures', 'runtime');
/** Every TypeScript example, and runs that end otherwise or span many chunks. */
const runs: { name: string; file: string; scenario?: string; env?: Record<string, string>; deterministic?: boolean }[] = [
  ...builtinExamples()
    .filter((e) => e.language === 'typescript')
    .map((e) => ({ name: e.name, file: e.file })),
  { name: 'lock-deadlock (deterministic)', file: builtinExamples().find((e) => e.name === 'lock-deadlock')!.file, deterministic: true },
  { name: 'hammer over 8 chunks', file: join(fixtures, 'long-hammer.ts'), env: { HAMMER_OPS: '40000' } },
  ...['abbaDeadlock', 'stall', 'mainRaises', 'processExit'].map((scenario) => ({ name: scenario, file: join(fixtures, 'outcomes.ts'), scenario })),
];

for (const [i, r] of runs.entries())
  test(`a run that fits in the budget prints what its whole model prints: ${r.name}`, { timeout: 120_000 }, async () => {
    const path = join(dir, `run-${i}.ilt`);
    const handle = runScenario(
      {
        file: r.file,
        scenario: r.scenario,
        timeLimitS: 60,
        captureSites: true,
        sleepScale: 1,
        deterministic: r.deterministic ? { seed: 1, strategy: 'random' } : undefined,
        store: { path },
        liveEvents: false,
        summarize: true,
      },
      undefined,
      { env: r.env },
    );
    const stored = await handle.stored!();
    try {
      assert.ok(stored.summary, 'the runner sent its walk');
      const model = buildModel(stored.events.trace(stored.header.outcome));
      for (const width of [60, 120]) {
        const shown = showRun(stored, 512, { width });
        assert.equal(shown.text, renderTerminal(model, { width }));
        // Queue and barrier waits and pool tasks need the whole model; everything else is printed from the walk.
        const needsModel = needsWholeModel(stored.header, model);
        assert.equal(shown.model === undefined, !needsModel, needsModel ? 'modelled whole' : 'printed from the walk');
        // A caller that writes the events as objects gets them.
        assert.ok(showRun(stored, 512, { width }, true).trace);
      }
    } finally {
      stored.events.close();
      rmSync(path, { force: true });
    }
  });
