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
import { headerLookups, summarizeRun, SummaryWalk } from '../../src/core/render/summary';
import { renderTerminal, renderTerminalView, terminalBarWidth } from '../../src/core/render/terminal';
import type { TraceEvent } from '../../src/core/trace/format';
import { splitTrace, traceEventSource } from '../../src/core/trace/source';
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
  { name: 'producers and consumers of one Queue over several chunks', file: join(fixtures, 'long-queue.ts'), env: { QUEUE_OPS: '20000' } },
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
      if (r.env) assert.ok(stored.events.chunks.length > 1, `${stored.events.chunks.length} chunks`);
      const model = buildModel(stored.events.trace(stored.header.outcome));
      if (r.env?.QUEUE_OPS) {
        // The walk had queue waits to rule: puts into a full queue and gets from an empty one, and ones that did not wait.
        const queueWaits = model.spans.flat().filter((s) => s.state === 'waiting' && s.on >= 0).length;
        assert.ok(queueWaits > 100 && queueWaits < 4 * Number(r.env.QUEUE_OPS), `${queueWaits} queue waits`);
        // Drained late: one thread's events come a chunk after the others' (each thread's still in order).
        const trace = stored.events.trace(stored.header.outcome);
        for (const late of trace.threads.slice(1).map((t) => t.id)) {
          const events = lagged(trace.events, late, 5000);
          const lateTrace = { ...trace, events };
          const cells = terminalBarWidth(stored.header, { width: 100 });
          const walked = summarizeRun(stored.header, traceEventSource(lateTrace, 5000), cells);
          assert.ok(walked.sameAsModel, `thread ${late} a chunk late: the walk vouches for its rulings`);
          assert.equal(renderTerminalView(walked, { width: 100 }), renderTerminal(buildModel(lateTrace), { width: 100 }));
        }
      }
      for (const width of [60, 120]) {
        const shown = showRun(stored, 512, { width });
        assert.equal(shown.text, renderTerminal(model, { width }));
        // Queue and barrier waits and pool tasks need the whole model; everything else is printed from the walk.
        const needsModel = needsWholeModel(stored.header);
        assert.equal(shown.model === undefined, !needsModel, needsModel ? 'modelled whole' : 'printed from the walk');
        // A caller that writes the events as objects gets them.
        assert.ok(showRun(stored, 512, { width }, true).trace);
      }
    } finally {
      stored.events.close();
      rmSync(path, { force: true });
    }
  });

/** `events` with thread `th`'s events of each `chunk` events moved to the end of the next (the rest in place). */
function lagged(events: TraceEvent[], th: number, chunk: number): TraceEvent[] {
  const out: TraceEvent[] = [];
  let held: TraceEvent[] = [];
  for (let from = 0; from < events.length; from += chunk) {
    const next: TraceEvent[] = [];
    for (const e of events.slice(from, from + chunk)) (e.th === th ? next : out).push(e);
    out.push(...held);
    held = next;
  }
  out.push(...held);
  return out;
}
