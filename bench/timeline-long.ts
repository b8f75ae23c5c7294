// `npm run bench:timeline:long`: the timeline on long runs (10 M and 100 M events by default) in
// headless Chromium. For each size:
//   - record: a synthetic Lock hammer (bench/long-run.ts) written into a binary trace file as the
//     runner writes one (TraceStoreWriter), with the timeline's pyramid fed each chunk as it is
//     written (writer.onChunk → PyramidBuilder.push) — its cost is timed apart;
//   - open: the file is opened (its chunk directory and header read), a page with the timeline
//     gets summary/show and answers its window/requests from the file (WindowServer, as a host
//     does): first paint = from loading the page to the first frame with lanes;
//   - frames: draw time of each frame over 20 wheel zooms in (down to the window's own events),
//     20 key pans and 20 key zooms out, waiting for each window's answer; p50 / p95 / max;
//   - memory: the page's JS heap after the run, and this process's heap and RSS with the pyramid.
//   - frames per zoom level: the same frames grouped by how much of the run is in view (the whole
//     run, 1/10 of it, 1/100, … down to the window's own events); p95 of each.
// BENCH_TRACE=file.ilt[,…] measures existing binary traces (a hammer run from the CLI with --trace)
// instead of synthetic ones: their pyramid is built by reading the file, as the timeline process does.
// BENCH_WEBVIEW=before.js,after.js measures each trace with each webview bundle, one after the
// other in the same run (a change's baseline beside it; default dist/webview.js).
// BENCH_SCREENSHOTS=1 keeps test-artifacts/long-N-{open,zoomed,zoomed-hover}.png.
// Prints a markdown table and writes it with the raw rows to test-artifacts/bench-timeline-long.{md,json}.
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT, VIEWPORT, loadNow, measureEach } from './browser';
import { type IpcMessage, Ready, SummaryShow, WindowRequest, WindowShow } from '../src/core/protocol/webview';
import { unpackEvents } from '../src/core/protocol/packed-events';
import { PyramidBuilder } from '../src/core/timeline/pyramid';
import { WindowServer } from '../src/core/timeline/window-server';
import { TraceStoreWriter } from '../src/core/trace/binary/writer';
import { nodeStoreCodec } from '../src/runtime/store/codec';
import { FileSink, openTraceStore } from '../src/runtime/store/file';
import { longRun } from './long-run';

const SIZES = (process.env.BENCH_SIZES ?? '10000000,100000000').split(',').map(Number);
const TRACES = process.env.BENCH_TRACE?.split(',');
/** Frames drawn at each step by a pointer crossing the lanes (a person looking), beside the zoom's own. */
const HOVER_FRAMES = 8;

/** Frames drawn at one zoom level: 10^-level of the run in view. */
interface ZoomFrames {
  level: number;
  /** Whether the view drew the window's own events (else summaries). */
  detail: boolean;
  frames: number[];
}

interface Row {
  events: number;
  fileMB: number;
  recordS: number;
  pyramidS: number;
  openMs: number;
  firstPaintMs: number;
  detailAtZoom: number;
  detailEvents: number;
  detailModelMs: number;
  p50: number;
  p95: number;
  max: number;
  pageHeapMB: number;
  hostHeapMB: number;
  hostRssMB: number;
  zoom: { level: string; frames: number; p50: number; p95: number; max: number }[];
  /** The webview bundle measured. */
  webview?: string;
}

/** Typed arrays cross into the page as base64 (a 400 k-event window is 3 M numbers). */
function wire(msg: IpcMessage): string {
  return JSON.stringify(msg, (_k, v) =>
    ArrayBuffer.isView(v)
      ? { __typed: v.constructor.name, b64: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') }
      : v === Infinity
        ? { __inf: 1 }
        : v,
  );
}

const PAGE = (bundle: string) => `<!DOCTYPE html><html><body><div id="app"></div>
<script>
window.__interleaveTransport = { post: (m) => window.__toHost(JSON.stringify(m)), onMessage: (cb) => { window.__deliver = cb; } };
window.__fromHost = (text) => window.__deliver(JSON.parse(text, (k, v) => {
  if (v && v.__inf) return Infinity;
  if (!v || !v.__typed) return v;
  const bin = atob(v.b64); const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new globalThis[v.__typed](bytes.buffer);
}));
</script><script>${bundle}</script></body></html>`;

type Hook = {
  state(): { error: string | null; view: { summarised: boolean; window: { t0: number; t1: number } } | null; timings: { detailMs?: number } };
  frameMs(): number[];
};

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

async function settle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
}

/** A trace written here: the synthetic hammer, its pyramid fed each chunk as it is written. */
interface Source {
  /** What it was made from (an event count, a file), for the next bundle to reuse. */
  whatFor?: number | string;
  file: string;
  events: number;
  pyramid: PyramidBuilder;
  /** Writing the trace (NaN: an existing file), and the pyramid's part of it. */
  recordS: number;
  pyramidS: number;
}

function record(events: number, dir: string): Source {
  const file = join(dir, `long-${events}.ilvtrace`);
  const sink = new FileSink(file);
  const writer = new TraceStoreWriter(sink, nodeStoreCodec);
  const pyramid = new PyramidBuilder();
  let pyramidNs = 0n;
  writer.onChunk = (c) => {
    const t = process.hrtime.bigint();
    pyramid.push(c);
    pyramidNs += process.hrtime.bigint() - t;
  };
  const t0 = process.hrtime.bigint();
  const run = longRun(events, {
    opening: (messages) => {
      for (const m of messages) {
        writer.accept(m);
        if (m.type === 'primitive') pyramid.primitive(m.primitive);
      }
    },
    chunk: (b) => writer.append(b),
  });
  writer.finish(run.closing);
  sink.close();
  return { file, events: run.events, pyramid, recordS: Number(process.hrtime.bigint() - t0) / 1e9, pyramidS: Number(pyramidNs) / 1e9 };
}

/** An existing trace: its pyramid built by reading it, as the timeline process does (runtime/timeline/main.ts). */
function summarise(file: string): Source {
  const reader = openTraceStore(file);
  const pyramid = new PyramidBuilder();
  for (const p of reader.header().primitives) pyramid.primitive(p);
  const t0 = process.hrtime.bigint();
  reader.forEachChunk((c) => pyramid.push(c));
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  reader.close();
  return { file, events: pyramid.count, pyramid, recordS: Number.NaN, pyramidS: s };
}

async function measure(page: Page, source: Source, bundle: string): Promise<Row> {
  const { file, pyramid, recordS, events } = source;
  const fileMB = statSync(file).size / 1e6;

  // Open: the file's directory and header; the pyramid as the writer left it.
  const o0 = performance.now();
  const reader = openTraceStore(file);
  const header = reader.header();
  const whole = pyramid.snapshot();
  const runNs = whole.endNs;
  const server = new WindowServer(whole, (i) => reader.readChunk(i));
  const openMs = performance.now() - o0;

  let pendingAnswers = 0;
  const answered: number[] = [];
  await page.exposeFunction('__toHost', async (text: string) => {
    const m = JSON.parse(text) as unknown;
    if (Ready.is(m))
      await page.evaluate(
        (t) => (window as never as { __fromHost(t: string): void }).__fromHost(t),
        wire(SummaryShow.create(server.summary(header, false, VIEWPORT.width))),
      );
    else if (WindowRequest.is(m)) {
      pendingAnswers++;
      const answer = server.answer(m.params);
      if (answer.detail) answered.push(unpackEvents(answer.detail.events)!.t.length);
      await page.evaluate((t) => (window as never as { __fromHost(t: string): void }).__fromHost(t), wire(WindowShow.create(answer)));
      pendingAnswers--;
    }
  });
  const loadAt = Date.now();
  await page.setContent(PAGE(bundle), { timeout: 120_000 });
  await page.waitForFunction(
    () => (window as never as { __interleave: { state(): { view: { firstLaneAt: number | null } | null } } }).__interleave.state().view?.firstLaneAt,
    null,
    { timeout: 120_000 },
  );
  const firstLaneAt = await page.evaluate(
    () => (window as never as { __interleave: { state(): { view: { firstLaneAt: number } } } }).__interleave.state().view.firstLaneAt,
  );
  const firstPaintMs = firstLaneAt - loadAt;

  const idle = async () => {
    await settle(page);
    await page.waitForTimeout(90); // the view asks for a window once it stays put 60 ms
    for (let i = 0; i < 600 && pendingAnswers > 0; i++) await page.waitForTimeout(10);
    await settle(page);
  };
  await idle();
  const shot = async (name: string) => {
    if (process.env.BENCH_SCREENSHOTS) await page.screenshot({ path: join(ROOT, 'test-artifacts', `long-${events}-${name}.png`) });
  };
  await shot('open');
  const canvas = (await page.$('.il-canvaswrap canvas'))!;
  const box = (await canvas.boundingBox())!;
  const frameCount = async () => ((await page.evaluate(() => (window as never as { __interleave: Hook }).__interleave.frameMs())) as number[]).length;
  const before = await frameCount();
  // Frames by zoom level: each step's frames go to the level of the window it ended on.
  const zoom = new Map<string, ZoomFrames>();
  let stepFrom = before;
  const step = async () => {
    // A pointer crossing the lanes: a frame per move (the cursor line), at this zoom.
    for (let k = 0; k < HOVER_FRAMES; k++) {
      await page.mouse.move(box.x + (box.width * (k + 0.5)) / HOVER_FRAMES, box.y + 30 + (k % 3) * 40);
      await settle(page);
    }
    await page.mouse.move(box.x + box.width * 0.4, box.y + 20);
    const all = (await page.evaluate(() => (window as never as { __interleave: Hook }).__interleave.frameMs())) as number[];
    const view = await page.evaluate(() => (window as never as { __interleave: Hook }).__interleave.state().view);
    const w = view?.window;
    const level = w ? Math.max(0, Math.floor(Math.log10(runNs / Math.max(w.t1 - w.t0, 1)) + 1e-9)) : 0;
    const detail = view?.summarised === false;
    const key = detail ? 'events' : String(level);
    const z = zoom.get(key) ?? { level, detail, frames: [] };
    if (all.length < stepFrom) stepFrom -= 1000; // frameMs drops its oldest thousand past 2,000
    z.frames.push(...all.slice(stepFrom));
    zoom.set(key, z);
    stepFrom = all.length;
  };
  await page.mouse.move(box.x + box.width * 0.4, box.y + 20);
  let detailAtZoom = 0;
  for (let i = 0; i < 20; i++) {
    await page.mouse.wheel(0, -240);
    await idle();
    await step();
    const summarised = await page.evaluate(() => (window as never as { __interleave: Hook }).__interleave.state().view?.summarised);
    if (!detailAtZoom && summarised === false) detailAtZoom = i + 1;
  }
  await shot('zoomed');
  await page.mouse.move(box.x + box.width * 0.5, box.y + 60);
  await shot('zoomed-hover');
  const detailModelMs = (await page.evaluate(() => (window as never as { __interleave: Hook }).__interleave.state().timings.detailMs)) ?? 0;
  await page.focus('.il-body');
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press('ArrowRight');
    await idle();
    await step();
  }
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press('-');
    await idle();
    await step();
  }
  const frames = ((await page.evaluate(() => (window as never as { __interleave: Hook }).__interleave.frameMs())) as number[]).slice(before);
  const error = await page.evaluate(() => (window as never as { __interleave: Hook }).__interleave.state().error);
  if (error) throw new Error(`the view failed: ${error}`);
  const client = await page.context().newCDPSession(page);
  await client.send('HeapProfiler.collectGarbage');
  const { usedSize } = (await client.send('Runtime.getHeapUsage')) as { usedSize: number };
  reader.close();
  const mem = process.memoryUsage();
  return {
    events,
    fileMB,
    recordS,
    pyramidS: source.pyramidS,
    openMs,
    firstPaintMs,
    detailAtZoom,
    detailEvents: answered.length ? Math.max(...answered) : 0,
    detailModelMs,
    p50: quantile(frames, 0.5),
    p95: quantile(frames, 0.95),
    max: Math.max(...frames),
    pageHeapMB: usedSize / 1e6,
    hostHeapMB: mem.heapUsed / 1e6,
    hostRssMB: mem.rss / 1e6,
    zoom: [...zoom.entries()]
      .sort(([, a], [, b]) => Number(a.detail) - Number(b.detail) || a.level - b.level)
      .map(([key, z]) => ({
        level: key === 'events' ? 'its events' : z.level === 0 ? 'whole run' : `1/${(10 ** z.level).toLocaleString('en')}`,
        frames: z.frames.length,
        p50: quantile(z.frames, 0.5),
        p95: quantile(z.frames, 0.95),
        max: Math.max(...z.frames),
      })),
  };
}

function table(rows: Row[]): string {
  const f = (x: number, d = 0) => x.toFixed(d);
  return [
    '| events | trace file | record (write + pyramid) | of which pyramid | open file | first paint | detail from zoom step | largest window read | its model in the page | frame p50 | frame p95 | frame max | page heap | host heap / RSS |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.events.toLocaleString('en')} | ${f(r.fileMB, 1)} MB | ${Number.isNaN(r.recordS) ? 'its file' : `${f(r.recordS, 1)} s`} | ${f(r.pyramidS, 1)} s (${f(r.events / r.pyramidS / 1e6, 0)} M events/s) | ${f(r.openMs)} ms | ${f(r.firstPaintMs)} ms | ${r.detailAtZoom || '—'} | ${r.detailEvents.toLocaleString('en')} events | ${f(r.detailModelMs)} ms | ${f(r.p50, 1)} ms | ${f(r.p95, 1)} ms | ${f(r.max, 1)} ms | ${f(r.pageHeapMB)} MB | ${f(r.hostHeapMB)} / ${f(r.hostRssMB)} MB |`,
    ),
  ].join('\n');
}

/** Frames per zoom level, a row per size, webview and level. */
function zoomTable(rows: Row[]): string {
  return [
    '| events | webview | in view | frames | frame p50 | frame p95 | frame max |',
    '|---:|---|---|---:|---:|---:|---:|',
    ...rows.flatMap((r) =>
      r.zoom.map(
        (z) =>
          `| ${r.events.toLocaleString('en')} | ${r.webview} | ${z.level} | ${z.frames} | ${z.p50.toFixed(1)} ms | ${z.p95.toFixed(1)} ms | ${z.max.toFixed(1)} ms |`,
      ),
    ),
  ].join('\n');
}

async function main(): Promise<void> {
  const loadBefore = loadNow();
  const dir = mkdtempSync(join(tmpdir(), 'interleave-bench-long-'));
  const { readFileSync } = await import('node:fs');
  const bundles = (process.env.BENCH_WEBVIEW ?? join(ROOT, 'dist/webview.js'))
    .split(',')
    .map((path) => ({ name: basename(path), text: readFileSync(path, 'utf8') }));
  let rows: Row[];
  try {
    const runs = new Map(
      (TRACES ?? SIZES).flatMap((what): [string, { what: number | string; bundle: { name: string; text: string }; last: boolean }][] =>
        bundles.map(
          (bundle, i) =>
            [
              `${typeof what === 'number' ? `${what.toLocaleString('en')} events` : what} with ${bundle.name}`,
              { what, bundle, last: i === bundles.length - 1 },
            ] as const,
        ),
      ),
    );
    let source: Source | undefined;
    rows = await measureEach<Row, string>([...runs.keys()], async (page, label) => {
      const { what, bundle, last } = runs.get(label)!;
      if (source?.whatFor !== what) source = { ...(typeof what === 'string' ? summarise(what) : record(what, dir)), whatFor: what };
      const row = { ...(await measure(page, source, bundle.text)), webview: bundle.name };
      if (last && typeof what === 'number') rmSync(join(dir, `long-${what}.ilvtrace`), { force: true });
      return row;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const load = `load average ${loadBefore} before, ${loadNow()} after (1, 5, 15 min)`;
  console.log(`${table(rows)}\n\n${zoomTable(rows)}\n\n${load}`);
  const out = join(ROOT, 'test-artifacts');
  mkdirSync(out, { recursive: true });
  const when = new Date().toISOString();
  writeFileSync(join(out, 'bench-timeline-long.md'), `${when}, ${load}\n\n${table(rows)}\n\n${zoomTable(rows)}\n`);
  writeFileSync(join(out, 'bench-timeline-long.json'), `${JSON.stringify({ when, load, viewport: VIEWPORT, rows }, null, 1)}\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
