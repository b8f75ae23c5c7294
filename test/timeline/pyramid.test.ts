import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildModel } from '../../src/core/model/build';
import type { Model } from '../../src/core/model/types';
import { buildSpanColumns } from '../../src/core/model/columns';
import { HOLD_CONTENDED, holdRows, unionIntervals } from '../../src/core/timeline/holds';
import { DETAIL_MAX_EVENTS, detailBatch, planDetail } from '../../src/core/timeline/pyramid-detail';
import { unpackEvents } from '../../src/core/protocol/packed-events';
import { levelFor, sliceAt, sliceFor, summaryLane } from '../../src/core/timeline/pyramid-slice';
import { PyramidBuilder, buildPyramid, type Pyramid } from '../../src/core/timeline/pyramid';
import { FIELDS, F_CONTENDED, F_EVENTS, F_HELD } from '../../src/core/protocol/buckets';
import { STATES, STATE_COUNT } from '../../src/core/timeline/states';
import { drained, syntheticTrace } from '../helpers/synthetic';
import { batchToEvents, eventsToBatch } from '../../src/core/trace/batch';
import type { EventBatch, Trace, TraceEvent } from '../../src/core/trace/format';
import { EventKind, ExitReason, PrimKind } from '../../src/core/trace/kinds';
import { WindowServer } from '../../src/core/timeline/window-server';
import { traceEventSource } from '../../src/core/trace/source';

function pyramidOf(trace: Trace, chunk = 4096, capacity?: number): Pyramid {
  const src = traceEventSource(trace, chunk);
  return buildPyramid((fn) => src.forEachChunk(fn), trace.primitives, capacity);
}

/** Per lane and state, ns the model spends (clipped to [t0, t1]). */
function modelTotals(model: Model, t0 = -Infinity, t1 = Infinity): Map<number, number[]> {
  const out = new Map<number, number[]>();
  model.trace.threads.forEach((th, lane) => {
    const ns = new Array(STATE_COUNT).fill(0);
    for (const s of model.spans[lane]) ns[STATES.indexOf(s.state)] += Math.max(0, Math.min(s.end, t1) - Math.max(s.start, t0));
    out.set(th.id, ns);
  });
  return out;
}

/** Per thread, ns holding at least one lock-like (the union of its holds). */
function heldTotals(model: Model): Map<number, number> {
  const out = new Map<number, number>();
  const byThread = new Map<number, [number, number][]>();
  for (const h of model.holds) (byThread.get(h.thread) ?? byThread.set(h.thread, []).get(h.thread)!).push([h.start, h.end]);
  for (const [th, list] of byThread) {
    list.sort((a, b) => a[0] - b[0]);
    let total = 0;
    let s = -Infinity;
    let e = -Infinity;
    for (const [a, b] of list) {
      if (a > e) {
        if (e > s) total += e - s;
        s = a;
        e = b;
      } else e = Math.max(e, b);
    }
    if (e > s) total += e - s;
    out.set(th, total);
  }
  return out;
}

function pyramidTotals(p: Pyramid): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (const lane of p.lanes) {
    const sums = new Array(FIELDS).fill(0);
    for (let k = 0; k < p.capacity; k++) for (let f = 0; f < FIELDS; f++) sums[f] += lane.buckets[k * FIELDS + f];
    out.set(lane.thread, sums);
  }
  return out;
}

const close = (a: number, b: number, rel: number, what: string) =>
  assert.ok(Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b), 1), `${what}: ${a} vs ${b}`);

test('per lane, the pyramid spends the same time in each state as the model, and holds locks as long', () => {
  const trace = syntheticTrace(60_000, 6, 11);
  const model = buildModel(trace);
  const p = pyramidOf(trace);
  const want = modelTotals(model);
  const got = pyramidTotals(p);
  const held = heldTotals(model);
  for (const [th, ns] of want) {
    const g = got.get(th);
    assert.ok(g, `lane of thread ${th}`);
    for (let c = 0; c < STATE_COUNT; c++) close(g[c], ns[c], 1e-3, `thread ${th} ${STATES[c]}`);
    close(g[F_HELD], held.get(th) ?? 0, 1e-3, `thread ${th} held`);
    assert.ok(g[F_CONTENDED] <= g[F_HELD] + 1, 'contended is part of held');
  }
  const events = [...got.values()].reduce((s, g) => s + g[F_EVENTS], 0);
  assert.equal(events, trace.events.length, 'every event is counted once');
});

test("a lock's holds drained late, the owner after them already gone, end at their own releases", () => {
  // Recording order, as a runner that drained thread 3 before thread 2 writes it: thread 3 takes
  // and gives back the lock (q 3, 4), then thread 2's earlier hold arrives (q 1, 2).
  const ev = (t: number, th: number, k: keyof typeof EventKind, p: number, a: number, q?: number) => ({ t, th, k, p, a, ...(q === undefined ? {} : { q }) });
  const events = [
    ev(0, 1, 'primCreate', 1, PrimKind.Lock),
    ev(0, 2, 'threadStart', 1, NaN),
    ev(0, 3, 'threadStart', 1, NaN),
    ev(300, 3, 'acquired', 1, 1, 3),
    ev(100, 2, 'acquired', 1, 1, 1),
    ev(400, 3, 'release', 1, 0, 4),
    ev(200, 2, 'release', 1, 0, 2),
    ev(1000, 2, 'threadEnd', -1, ExitReason.normal),
    ev(1000, 3, 'threadEnd', -1, ExitReason.normal),
  ];
  const b = new PyramidBuilder();
  b.push(eventsToBatch(events as TraceEvent[]));
  const held = pyramidTotals(b.snapshot());
  assert.equal(held.get(2)![F_HELD], 100, 'thread 2 held it from 100 to 200');
  assert.equal(held.get(3)![F_HELD], 100, 'thread 3 held it from 300 to 400');
});

test("contended hold time: a lock held while another thread waits for it, as the view's hold rows cut it", () => {
  const trace = syntheticTrace(60_000, 6, 3);
  const model = buildModel(trace);
  const ids = trace.threads.map((t) => t.id);
  const rows = holdRows(model.holdTable, buildSpanColumns(model), ids);
  const got = pyramidTotals(pyramidOf(trace));
  let total = 0;
  rows.forEach((levels, lane) => {
    // Union over the lane's rows of the contended segments (nested holds overlap in time).
    const s: number[] = [];
    const e: number[] = [];
    for (const r of levels)
      for (let i = 0; i < r.cols.start.length; i++) if (r.cols.code[i] === HOLD_CONTENDED) (s.push(r.cols.start[i]), e.push(r.cols.end[i]));
    const u = unionIntervals(s, e);
    let ns = 0;
    for (let i = 0; i < u.start.length; i++) ns += u.end[i] - u.start[i];
    total += ns;
    close(got.get(ids[lane])?.[F_CONTENDED] ?? 0, ns, 0.02, `thread ${ids[lane]} contended`);
  });
  assert.ok(total > 0, 'the synthetic run has contention');
});

test('the run outgrowing level 0 merges buckets without losing time or events', () => {
  const trace = syntheticTrace(30_000, 4, 5);
  const small = pyramidOf(trace, 1000, 64);
  const big = pyramidOf(trace, 1000, 1 << 16);
  assert.ok(small.bucketNs > big.bucketNs, 'the small pyramid grew its buckets');
  const a = pyramidTotals(small);
  const b = pyramidTotals(big);
  for (const [th, sums] of b) for (let f = 0; f < FIELDS; f++) close(a.get(th)![f], sums[f], 1e-4, `thread ${th} field ${f}`);
});

test('a slice has buckets 1–2 px wide and sums level 0; its lanes keep the dominant state per bucket', () => {
  const trace = syntheticTrace(40_000, 4, 2);
  const p = pyramidOf(trace);
  const width = 800;
  const s = sliceFor(p, 0, p.endNs, width);
  const pxPerBucket = (width * s.bucketNs) / p.endNs;
  assert.ok(pxPerBucket <= 1.0001 && pxPerBucket > 0.49, `${pxPerBucket} px a bucket`);
  assert.ok(s.n <= 2 * width + 2, `${s.n} buckets`);
  const whole = pyramidTotals(p);
  s.threads.forEach((th, li) => {
    const sums = new Array(FIELDS).fill(0);
    for (let k = 0; k < s.n; k++) for (let f = 0; f < FIELDS; f++) sums[f] += s.data[(li * s.n + k) * FIELDS + f];
    for (let f = 0; f < FIELDS; f++) close(sums[f], whole.get(th)![f], 1e-4, `slice of thread ${th}, field ${f}`);
    const lane = summaryLane(s, li);
    for (let i = 0; i < lane.spans.start.length; i++) {
      const k = lane.bucket[i];
      const o = (li * s.n + k) * FIELDS;
      for (let c = 0; c < STATE_COUNT; c++) assert.ok(s.data[o + lane.spans.code[i]] >= s.data[o + c], 'the code is the state with the most time');
      assert.ok(lane.held[i] >= 0 && lane.held[i] <= 1 && lane.contended[i] <= lane.held[i] + 1e-6);
    }
  });
  assert.equal(levelFor(p, p.bucketNs / 4), 0, 'never finer than level 0');
  assert.equal(sliceAt(p, 0, 0, p.endNs).bucketNs, p.bucketNs);
});

test('a window read from its chunks and the checkpoint before them tells the same states as the whole model', () => {
  const trace = syntheticTrace(80_000, 6, 9);
  const src = traceEventSource(trace, 2000);
  const b = new PyramidBuilder();
  for (const prim of trace.primitives) b.primitive(prim);
  src.forEachChunk((c) => b.push(c));
  const p = b.snapshot();
  const model = buildModel(trace);
  const t0 = p.endNs * 0.41;
  const t1 = p.endNs * 0.43;
  const plan = planDetail(p.checkpoints, t0, t1);
  assert.ok(plan, 'a 2 % window is small enough for detail');
  assert.ok(plan.events < trace.events.length / 5, `reads ${plan.events} of ${trace.events.length} events`);
  assert.ok(plan.validFrom <= t0 && plan.validTo >= t1);
  const events = batchToEvents(
    detailBatch(plan, p.checkpoints, (i) => {
      let got;
      let k = 0;
      src.forEachChunk((c) => (k++ === i ? (got = c) : undefined));
      return got!;
    }),
  );
  const windowModel = buildModel({ ...trace, events });
  const want = modelTotals(model, t0, t1);
  const got = modelTotals(windowModel, t0, t1);
  for (const [th, ns] of want) for (let c = 0; c < STATE_COUNT; c++) close(got.get(th)![c], ns[c], 1e-6, `thread ${th} ${STATES[c]} in the window`);
  assert.equal(planDetail(p.checkpoints, 0, p.endNs, 1000), undefined, 'the whole run is too many events for detail');
  assert.ok(DETAIL_MAX_EVENTS >= 100_000);
});

test('a live snapshot counts what is still open up to now, and later events go on from there', () => {
  const trace = syntheticTrace(20_000, 4, 4);
  const src = traceEventSource(trace, 5000);
  const b = new PyramidBuilder();
  let first: Pyramid | undefined;
  src.forEachChunk((c, off) => {
    b.push(c);
    if (off === 5000) first = b.snapshot();
  });
  const done = b.snapshot();
  assert.ok(first && first.endNs < done.endNs);
  const mid = pyramidTotals(first!);
  // Every lane alive at the snapshot has its time accounted up to the snapshot's end.
  for (const lane of first!.lanes) {
    const sums = mid.get(lane.thread)!;
    const alive = sums.slice(0, STATE_COUNT).reduce((s, x) => s + x, 0);
    close(alive, lane.end - lane.start, 1e-3, `thread ${lane.thread} accounted from start to now`);
  }
  const end = pyramidTotals(done);
  const whole = pyramidTotals(pyramidOf(trace, 5000));
  for (const [th, sums] of whole)
    for (let f = 0; f < FIELDS; f++) close(end.get(th)![f], sums[f], 1e-6, `a snapshot leaves the builder unchanged (thread ${th}, field ${f})`);
});

test('a growing run’s window detail is valid only up to where its last chunk read begins; a finished run’s to its end', () => {
  const trace = syntheticTrace(20_000, 4, 4);
  const src = traceEventSource(trace, 2000);
  const chunks: EventBatch[] = [];
  src.forEachChunk((c) => chunks.push(c));
  const b = new PyramidBuilder();
  for (const prim of trace.primitives) b.primitive(prim);
  // A live run whose file has no chunk yet: the window is a summary (of nothing so far).
  const empty = new WindowServer(new PyramidBuilder().snapshot(), (i) => chunks[i]);
  empty.growing = true;
  assert.ok(empty.answer({ id: 0, t0: 0, t1: 1e6, width: 100 }).slice);
  // A live run read so far: three chunks.
  for (const c of chunks.slice(0, 3)) b.push(c);
  const server = new WindowServer(b.snapshot(), (i) => chunks[i]);
  const request = { id: 1, t0: 0, t1: b.snapshot().endNs, width: 1000 };
  const finished = server.answer(request).detail;
  assert.ok(finished, 'three chunks are few enough for detail');
  assert.equal(finished.validTo, Number.MAX_VALUE, 'read as a whole run, nothing comes after its last chunk');
  server.growing = true;
  const growing = server.answer(request).detail!;
  const lastRead = b.snapshot().checkpoints[2];
  assert.equal(growing.validTo, lastRead.tMin, 'the chunks after it may hold events of any later time');
  // The run grows on: a view of all of it is not covered by that detail (it would be drawn over the whole run, empty past its events).
  for (const c of chunks.slice(3)) b.push(c);
  const whole = b.snapshot().endNs;
  assert.ok(whole > growing.validTo && whole <= finished.validTo);
});

test('zoomed far into chunks that each span much of the run, the window still gets its own events: every span and hold there', () => {
  const trace = syntheticTrace(60_000, 4, 17);
  const written = drained(trace, 3);
  const src = traceEventSource(written, 2000);
  const chunks: EventBatch[] = [];
  src.forEachChunk((c) => chunks.push(c));
  const b = new PyramidBuilder();
  for (const prim of trace.primitives) b.primitive(prim);
  for (const c of chunks) b.push(c);
  const p = b.snapshot();
  const model = buildModel(trace);
  // 0.2 % of the run, in the middle of the second stretch: its chunks hold a third of the run.
  const t0 = p.endNs * 0.5;
  const t1 = t0 + p.endNs * 0.002;
  const inWindow = trace.events.filter((e) => e.t >= t0 - (t1 - t0) / 2 && e.t <= t1 + (t1 - t0) / 2).length;
  assert.ok(inWindow > 0 && inWindow < 1000, `${inWindow} events in the window and its margins`);
  const server = new WindowServer(p, (i) => chunks[i], 4000, 40_000);
  const answer = server.answer({ id: 1, t0, t1, width: 1000 });
  assert.ok(answer.detail, 'the window is answered with its events, not a summary stretched over it');
  const { events, validFrom, validTo } = answer.detail;
  const batch = unpackEvents(events)!;
  assert.ok(validFrom <= t0 && validTo >= t1, `valid over [${validFrom}, ${validTo}]`);
  assert.ok(batch.t.length <= inWindow + 50, `${batch.t.length} events sent: the window's, and what was open when it began`);
  // Its model tells the same as the whole run's model over the window: who runs, who waits, who holds.
  const windowModel = buildModel({ ...trace, events: batchToEvents(batch) });
  const want = modelTotals(model, t0, t1);
  const got = modelTotals(windowModel, t0, t1);
  for (const [th, ns] of want) for (let c = 0; c < STATE_COUNT; c++) close(got.get(th)![c], ns[c], 1e-6, `thread ${th} ${STATES[c]} in the window`);
  const held = (m: Model) => {
    const out = new Map<number, number>();
    for (const h of m.holds) out.set(h.thread, (out.get(h.thread) ?? 0) + Math.max(0, Math.min(h.end, t1) - Math.max(h.start, t0)));
    return out;
  };
  const wantHeld = held(model);
  const gotHeld = held(windowModel);
  assert.ok(
    [...wantHeld.values()].some((ns) => ns > 0),
    'locks are held in the window',
  );
  for (const [th, ns] of wantHeld) close(gotHeld.get(th) ?? 0, ns, 1e-6, `thread ${th} holds in the window`);
  // A window whose chunks are more than the server reads stays a summary.
  assert.ok(new WindowServer(p, (i) => chunks[i], 4000, 8000).answer({ id: 2, t0, t1, width: 1000 }).slice);
});
