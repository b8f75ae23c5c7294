// A long run shown from its summary (summary/show) through an injected transport, as a host with
// the run's pyramid serves it: the lanes paint from the summary, the view asks for the window it
// zooms into, and once the answer holds the window's events it draws them as the ordinary timeline.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { SummaryShow, WindowRequest, type WindowRequestParams, WindowShow } from '../../src/core/protocol/webview';
import { PyramidBuilder } from '../../src/core/timeline/pyramid';
import { syntheticTrace } from '../helpers/synthetic';
import { WindowServer } from '../../src/core/timeline/window-server';
import { buildModel } from '../../src/core/model/build';
import { splitTrace, traceEventSource } from '../../src/core/trace/source';
import type { EventBatch } from '../../src/core/trace/format';
import { type AppState, deliver, hostedPage, pageForFile, posted, state } from './harness';

let page: Page;
pageForFile({ width: 1200, height: 700 }, (p) => {
  page = p;
});

type View = NonNullable<AppState['view']> & { summarised: boolean };
async function until(pred: (s: AppState & { view: View | null }) => boolean): Promise<AppState & { view: View | null }> {
  for (let i = 0; i < 200; i++) {
    const s = (await state(page)) as AppState & { view: View | null };
    if (pred(s)) return s;
    await page.waitForTimeout(25);
  }
  throw new Error(`state never matched: ${JSON.stringify(await state(page)).slice(0, 600)}`);
}

test('a summarised run paints from its summary, asks for the window it zooms into and draws its events there', async () => {
  const trace = syntheticTrace(40_000, 4, 21);
  const { header } = splitTrace(trace);
  const events = traceEventSource(trace, 2000);
  const builder = new PyramidBuilder();
  for (const p of trace.primitives) builder.primitive(p);
  events.forEachChunk((c) => builder.push(c));
  // Detail only for windows of at most 8,000 events, so the whole run is a summary.
  const server = new WindowServer(builder.snapshot(), (i) => events.readChunk(i), 8000);
  const model = buildModel(trace);

  await hostedPage(page);
  await deliver(page, SummaryShow.create(server.summary(header, false, 1200)));
  const shown = await until((s) => !!s.view?.drawn);
  assert.equal(shown.view!.summarised, true, 'the whole run is drawn from its summary');
  assert.ok(shown.view!.drawn!.states.includes('blocked') && shown.view!.drawn!.states.includes('running'), `states on screen: ${shown.view!.drawn!.states}`);
  // Time per thread comes from the summary and agrees with the model of the whole trace.
  trace.threads.forEach((th, lane) => {
    const want = model.splits[lane];
    const got = shown.lanes[lane].states;
    assert.ok(Math.abs((got.blocked ?? 0) - want.blockedNs) <= 1e-3 * Math.max(want.blockedNs, 1), `${th.name} blocked ${got.blocked} vs ${want.blockedNs}`);
  });

  // The view asks for the window in view once it stays put; a zoom into 1 % of the run is answered with its events.
  const t0 = model.durationNs * 0.5;
  await page.evaluate(
    ([a, b]) => (window as never as { __interleave: { zoomTo(a: number, b: number): void } }).__interleave.zoomTo(a, b),
    [t0, t0 + model.durationNs * 0.01],
  );
  let params: WindowRequestParams | undefined;
  for (let i = 0; i < 100 && !params; i++) {
    const last = (await posted(page)).filter((m) => WindowRequest.is(m)).pop();
    if (last && WindowRequest.is(last) && last.params.t1 - last.params.t0 <= model.durationNs * 0.02) params = last.params;
    else await page.waitForTimeout(25);
  }
  assert.ok(params, 'a window/request for the zoomed window');
  const answer = server.answer(params);
  assert.ok(answer.detail, 'a 1 % window is answered with its events');
  await deliver(page, WindowShow.create(answer));
  const zoomed = await until((s) => s.view?.summarised === false);
  assert.ok(zoomed.view!.drawn!.runs > 0);

  // Zoomed further in and back, within the events in hand: nothing more is asked for (each answer of
  // events crosses the extension host), and they are what is drawn.
  const asks = async () => (await posted(page)).filter((m) => WindowRequest.is(m)).length;
  const asked = await asks();
  const zoomTo = (a: number, b: number) =>
    page.evaluate(([x, y]) => (window as never as { __interleave: { zoomTo(a: number, b: number): void } }).__interleave.zoomTo(x, y), [a, b]);
  await zoomTo(t0 + model.durationNs * 0.004, t0 + model.durationNs * 0.006);
  await page.waitForTimeout(300);
  assert.equal((await until((x) => x.view?.summarised === false)).view!.summarised, false);
  await zoomTo(t0, t0 + model.durationNs * 0.01);
  await page.waitForTimeout(300);
  assert.equal(await asks(), asked, 'no window/request while the events in hand cover the view');

  // Hovering a blocked span there says what it waits for: the window has its own model, reasons included.
  const point = await page.evaluate(() => {
    const api = (window as never as { __interleave: { state(): AppState; pointOf(l: string, t: number): { x: number; y: number } | undefined } }).__interleave;
    return api.state().view!.window;
  });
  const worker = model.trace.threads.findIndex((t) => t.name === 'worker1');
  const blocked = model.spans[worker].find(
    (s) => s.state === 'blocked' && s.start > point.t0 && s.end < point.t1 && s.end - s.start > (point.t1 - point.t0) / 200,
  );
  assert.ok(blocked, 'worker1 waits somewhere in the window');
  const at = await page.evaluate(
    ([t]) => (window as never as { __interleave: { pointOf(l: string, t: number): { x: number; y: number } | undefined } }).__interleave.pointOf('worker1', t),
    [(blocked.start + blocked.end) / 2],
  );
  await page.mouse.move(at!.x, at!.y);
  const hovered = await until((s) => !!s.view?.tooltip);
  assert.match(hovered.view!.tooltip!, /blocked/);
  assert.match(hovered.view!.tooltip!, /waits for Lock/);

  // Zoomed back out, the lanes are the summary again.
  await page.evaluate(() => (window as never as { __interleave: { fit(): void } }).__interleave.fit());
  const out = await until((s) => s.view?.summarised === true);
  assert.equal(out.error, null);
});

test('a live run seen whole is not asked for again at each summary (its window would be the same buckets); zoomed in, it is', async () => {
  const trace = syntheticTrace(40_000, 4, 22);
  const { header } = splitTrace(trace);
  const events = traceEventSource(trace, 2000);
  const chunks: EventBatch[] = [];
  events.forEachChunk((c) => chunks.push(c));
  const builder = new PyramidBuilder();
  for (const p of trace.primitives) builder.primitive(p);
  chunks.slice(0, 8).forEach((c) => builder.push(c));
  const server = new WindowServer(builder.snapshot(), (i) => events.readChunk(i), 8000);
  server.growing = true;
  const asks = async () => (await posted(page)).filter((m) => WindowRequest.is(m)).length;

  await hostedPage(page);
  await deliver(page, SummaryShow.create(server.summary(header, true, 1200)));
  await until((s) => !!s.view?.drawn);
  // The first summary asks for its window (once the view has its size): too many events, so a summary is the answer.
  await page.waitForTimeout(400);
  const request = (await posted(page)).filter((m) => WindowRequest.is(m)).pop()!.params as WindowRequestParams;
  const answer = server.answer(request);
  assert.ok(answer.slice, 'the whole run’s window is a summary');
  await deliver(page, WindowShow.create(answer));
  await page.waitForTimeout(300);
  const first = await asks();
  for (const upTo of [12, 16]) {
    chunks.slice(upTo - 4, upTo).forEach((c) => builder.push(c));
    server.update(builder.snapshot());
    await deliver(page, SummaryShow.create(server.summary(header, true, 1200)));
    await page.waitForTimeout(300);
  }
  assert.equal(await asks(), first, 'seen whole, a grown run’s summaries ask for nothing more');
  assert.equal((await state(page)).error, null);

  const durationNs = builder.snapshot().endNs;
  await page.evaluate(
    ([a, b]) => (window as never as { __interleave: { zoomTo(a: number, b: number): void } }).__interleave.zoomTo(a, b),
    [durationNs * 0.2, durationNs * 0.4],
  );
  await page.waitForTimeout(300);
  const zoomed = await asks();
  assert.equal(zoomed, first + 1, 'zoomed in, the window is asked for');
  chunks.slice(16, 20).forEach((c) => builder.push(c));
  server.update(builder.snapshot());
  await deliver(page, SummaryShow.create(server.summary(header, true, 1200)));
  await page.waitForTimeout(300);
  assert.equal(await asks(), zoomed + 1, 'zoomed in, a grown run’s window is asked for again');
});

test('a malformed summary is an error in the page', async () => {
  await hostedPage(page);
  const bad = SummaryShow.create({
    json: '{}',
    slice: { bucketNs: 1, first: 0, n: 1, threads: [1], laneStart: [0], laneEnd: [1], maxHolds: [0], buckets: new Uint8Array(3), events: 1, endNs: 1 },
    live: false,
  });
  await deliver(page, bad);
  const s = await until((x) => x.error !== null);
  assert.match(s.error!, /malformed message/);
});
