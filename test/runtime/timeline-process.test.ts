// The timeline process over a real binary trace: it follows the file while it is written, sends
// the run's summary as it grows and at its end, and answers window requests with the window's
// events read from the file — the host only relays messages.
import assert from 'node:assert/strict';
import { mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { TimelineToHost } from '../../src/core/protocol/timeline';
import { SummaryShow, WindowShow } from '../../src/core/protocol/webview';
import { unpackEvents } from '../../src/core/protocol/packed-events';
import { TraceStoreWriter } from '../../src/core/trace/binary/writer';
import { openTimeline, prepareSpareTimeline } from '../../src/runtime/host/timeline';
import type { HostEnv } from '../../src/runtime/host/run';
import { disposeSpares } from '../../src/runtime/host/spares';
import { nodeStoreCodec } from '../../src/runtime/store/codec';
import { FileSink } from '../../src/runtime/store/file';
import { longRun } from '../../bench/long-run';

async function next(queue: TimelineToHost[], pred: (m: TimelineToHost) => boolean, what: string): Promise<TimelineToHost> {
  for (let i = 0; i < 600; i++) {
    const k = queue.findIndex(pred);
    if (k >= 0) return queue.splice(k, 1)[0];
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no ${what} from the timeline process: ${JSON.stringify(queue.map((m) => m.type))}`);
}

test('the timeline process follows a trace being written, then answers windows from the file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'interleave-timeline-'));
  const path = join(dir, 'run.ilvtrace');
  const sink = new FileSink(path);
  const writer = new TraceStoreWriter(sink, nodeStoreCodec, { chunkEvents: 8192 });
  const got: TimelineToHost[] = [];
  let handle: ReturnType<typeof openTimeline> | undefined;
  const batches: Float64Array[] = [];
  try {
    const run = longRun(
      200_000,
      {
        opening: (ms) => ms.forEach((m) => writer.accept(m)),
        chunk: (b) => {
          writer.append(b);
          batches.push(b.t.slice());
        },
      },
      4,
      8192,
    );
    // Half the run is in the file when the panel opens: it sees a live run.
    writer.flush();
    handle = openTimeline(path, true, (m) => got.push(m), {}, 1000);
    const first = await next(got, (m) => m.type === 'summary', 'first summary');
    assert.ok(first.type === 'summary' && SummaryShow.is(SummaryShow.create(first.params)), 'a valid summary/show');
    writer.finish(run.closing);
    sink.close();
    const last = await next(got, (m) => m.type === 'summary' && m.done, 'final summary');
    assert.ok(last.type === 'summary');
    assert.equal(last.events, run.events, 'every event of the file went into the pyramid');
    assert.equal(last.params.live, false);
    assert.equal(JSON.parse(last.params.json).outcome.kind, 'completed');

    // A narrow window: its events, read from the chunks in view.
    const t0 = run.durationNs * 0.5;
    handle.request({ id: 7, t0, t1: t0 + run.durationNs / 1000, width: 1000 });
    const w = await next(got, (m) => m.type === 'window', 'window');
    assert.ok(w.type === 'window' && WindowShow.is(WindowShow.create(w.params)), 'a valid window/show');
    assert.equal(w.params.id, 7);
    assert.ok(w.params.detail, 'answered with events');
    const batch = unpackEvents(w.params.detail.events)!;
    assert.ok(batch.t.length < run.events / 4, `${batch.t.length} events read`);
    const inWindow = batches.reduce((n, t) => n + t.filter((x) => x >= t0 && x <= t0 + run.durationNs / 1000).length, 0);
    const sent = batch.t.filter((x) => x >= t0 && x <= t0 + run.durationNs / 1000).length;
    assert.equal(sent, inWindow, 'every event of the window');

    // The whole run (more events than the process sends for a window): a summary, 1–2 px a bucket.
    handle.request({ id: 8, t0: 0, t1: run.durationNs, width: 1000 });
    const all = await next(got, (m) => m.type === 'window', 'whole-run window');
    assert.ok(all.type === 'window' && all.params.id === 8 && all.params.slice, 'a summary of the whole run');
    assert.ok(all.params.slice.n <= 2 * 2 * 1000 + 4, `${all.params.slice.n} buckets for 1000 px (and half a window either side)`);
  } finally {
    handle?.close();
    assert.equal(await handle?.exited, undefined, 'closed, not crashed');
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a file that is not a trace is an error message, not a crash', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'interleave-timeline-'));
  const got: TimelineToHost[] = [];
  const handle = openTimeline(join(dir, 'missing.ilvtrace'), false, (m) => got.push(m));
  try {
    const e = await next(got, (m) => m.type === 'error', 'error');
    assert.ok(e.type === 'error' && /missing\.ilvtrace|ENOENT/.test(e.message), e.type === 'error' ? e.message : '');
  } finally {
    handle.close();
    await handle.exited;
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a live file that appears late is waited for; a run lost before its outcome ends with what the file holds, not "running" forever', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'interleave-timeline-'));
  const path = join(dir, 'late.ilvtrace');
  const got: TimelineToHost[] = [];
  const handle = openTimeline(path, true, (m) => got.push(m));
  try {
    await new Promise((r) => setTimeout(r, 500));
    const sink = new FileSink(path);
    const writer = new TraceStoreWriter(sink, nodeStoreCodec, { chunkEvents: 4096 });
    const run = longRun(20_000, { opening: (ms) => ms.forEach((m) => writer.accept(m)), chunk: (b) => writer.append(b) }, 2, 4096);
    // The runner dies here: no outcome is ever written.
    writer.flush();
    sink.close();
    handle.ended();
    const last = await next(got, (m) => m.type === 'summary' && m.done, 'final summary');
    assert.ok(last.type === 'summary');
    assert.equal(last.events, run.events);
    assert.equal(last.params.live, false, 'not running any more');
    const outcome = JSON.parse(last.params.json).outcome;
    assert.equal(outcome.kind, 'stopped');
    assert.match(outcome.summary, /without the run's outcome/);
    assert.ok(!got.some((m) => m.type === 'error'), 'the late file was waited for');
  } finally {
    handle.close();
    await handle.exited;
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a live file written whole just before its run ends is read, not reported missing', async () => {
  // The process looks for a missing live file every 200 ms; a run that wrote its file and ended
  // between two looks was "the run ended before it wrote its trace file" (seen under load). Three
  // panels, their runs ending 3 s after they opened (the process is up and has looked), at three
  // phases of those looks.
  const dir = mkdtempSync(join(tmpdir(), 'interleave-timeline-'));
  const runs = [0, 70, 140].map(async (delayMs, i) => {
    const path = join(dir, `quick-${i}.ilvtrace`);
    const got: TimelineToHost[] = [];
    const handle = openTimeline(path, true, (m) => got.push(m));
    try {
      await new Promise((r) => setTimeout(r, 3000 + delayMs));
      const sink = new FileSink(`${path}.tmp`);
      const writer = new TraceStoreWriter(sink, nodeStoreCodec, { chunkEvents: 4096 });
      const run = longRun(2_000, { opening: (ms) => ms.forEach((m) => writer.accept(m)), chunk: (b) => writer.append(b) }, 2, 4096);
      writer.finish(run.closing);
      sink.close();
      renameSync(`${path}.tmp`, path);
      handle.ended();
      const last = await next(got, (m) => m.type === 'summary' || m.type === 'error', 'final summary');
      assert.equal(last.type, 'summary', JSON.stringify(last).slice(0, 300));
      assert.ok(last.type === 'summary' && last.done);
      assert.equal(last.events, run.events);
      assert.equal(JSON.parse(last.params.json).outcome.kind, 'completed');
    } finally {
      handle.close();
      await handle.exited;
    }
  });
  try {
    await Promise.all(runs);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a spare timeline process forked ahead opens the next trace: no fork when the trace opens, and a spare is taken once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'interleave-timeline-'));
  const path = join(dir, 'spare.ilvtrace');
  // Its own env, so no other spare answers for it.
  const env: HostEnv = { spares: true, env: { INTERLEAVE_SPARE_TEST: 'timeline' } };
  const spare = prepareSpareTimeline(env);
  assert.equal(prepareSpareTimeline(env), spare, 'one spare at a time');
  const handles: ReturnType<typeof openTimeline>[] = [];
  try {
    const sink = new FileSink(path);
    const writer = new TraceStoreWriter(sink, nodeStoreCodec, { chunkEvents: 4096 });
    const run = longRun(20_000, { opening: (ms) => ms.forEach((m) => writer.accept(m)), chunk: (b) => writer.append(b) }, 2, 4096);
    writer.finish(run.closing);
    sink.close();
    // Idle a while, as a spare is before its run.
    await new Promise((r) => setTimeout(r, 300));
    const got: TimelineToHost[] = [];
    handles.push(openTimeline(path, false, (m) => got.push(m), env));
    assert.equal(spare.listenerCount('message'), 1, 'the spare was taken: the trace’s handle listens to it');
    const last = await next(got, (m) => m.type === 'summary' && m.done, 'final summary');
    assert.ok(last.type === 'summary');
    assert.equal(last.events, run.events);
    // The next trace has no spare: it forks its own process, which reads it as well.
    const again: TimelineToHost[] = [];
    handles.push(openTimeline(path, false, (m) => again.push(m), env));
    assert.equal(spare.listenerCount('message'), 1, 'a spare is taken once');
    const second = await next(again, (m) => m.type === 'summary' && m.done, 'second process’s summary');
    assert.ok(second.type === 'summary' && second.events === run.events);
    handles[0].close();
    await handles[0].exited;
    assert.ok(spare.exitCode !== null || spare.signalCode !== null, 'closing the first trace ended the spare');
  } finally {
    for (const h of handles) {
      h.close();
      assert.equal(await h.exited, undefined, 'closed, not crashed');
    }
    disposeSpares();
    rmSync(dir, { recursive: true, force: true });
  }
});
