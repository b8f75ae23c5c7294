// `interleave run` prints a long run's summary from the walk the runner made while it went
// (RunOptions.summarize), and from its own pass over the file when that walk does not fit it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { showRun } from '../../src/cli/stored-run';
import { headerLookups, SummaryWalk } from '../../src/core/render/summary';
import { splitTrace } from '../../src/core/trace/source';
import type { StoredRun } from '../../src/runtime/host/run';
import { fixture } from '../core/fixtures';

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
