// What a summarised lane is drawn as (webview/summary.ts): per pixel column, a stacked state bar of
// the lane's shares of time and a hold bar, neighbours with the same shares merged, so a frame
// draws a few rectangles a pixel at most however many buckets are in view.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PyramidBuilder } from '../../src/core/timeline/pyramid';
import { sliceFor, summaryLane } from '../../src/core/timeline/pyramid-slice';
import { STATE_COUNT, stateCode } from '../../src/core/timeline/states';
import { traceEventSource } from '../../src/core/trace/source';
import { SUMMARY_PATHS, summaryLaneShapes, type SummaryPaths } from '../../webview/summary';
import { syntheticTrace } from '../helpers/synthetic';

interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Stands for a Path2D: keeps the rectangles added to it. */
class Rects {
  readonly list: Rect[] = [];
  rect(x: number, y: number, w: number, h: number): void {
    this.list.push({ x, y, w, h });
  }
}

test('a summarised lane stacks each state’s share of its time per pixel column, in at most a few rectangles a pixel', () => {
  const trace = syntheticTrace(60_000, 4, 5);
  const b = new PyramidBuilder();
  for (const p of trace.primitives) b.primitive(p);
  traceEventSource(trace, 4096).forEachChunk((c) => b.push(c));
  const p = b.snapshot();
  const width = 600;
  const v = { t0: 0, t1: p.endNs, width };
  // Buckets 1–2 a pixel, as a view asks for them.
  const slice = sliceFor(p, v.t0, v.t1, width);
  const row = { stateY: 0, stateH: 16, holdY: 16, holdH: 6, holdLevels: 1 };
  const bar = (_code: number, y: number, h: number): [number, number] => [y, h];
  let checked = 0;
  for (let li = 0; li < slice.threads.length; li++) {
    const lane = summaryLane(slice, li);
    if (lane.spans.start.length < width / 2) continue; // a lane alive for a moment says little
    const paths = Array.from({ length: STATE_COUNT + SUMMARY_PATHS }, () => new Rects());
    const out = { paths, hold: STATE_COUNT } as unknown as SummaryPaths;
    const drawn = summaryLaneShapes(lane, v, row, out, bar, 1);
    const rects = paths.flatMap((r) => r.list);
    assert.equal(drawn, rects.length);
    assert.ok(drawn <= 3 * width, `${drawn} rectangles for ${lane.spans.start.length} buckets across ${width} px`);
    // Each state's area is its share of the lane's time (shares are eighths of a column's bar, so within a sixteenth).
    const stateArea = (c: number) => paths[c].list.reduce((s, r) => s + r.w * r.h, 0);
    const areas = Array.from({ length: STATE_COUNT }, (_, c) => stateArea(c));
    const allArea = areas.reduce((s, x) => s + x, 0);
    const ns = Array.from({ length: STATE_COUNT }, (_, c) => lane.spans.cum[lane.spans.start.length * STATE_COUNT + c]);
    const allNs = ns.reduce((s, x) => s + x, 0);
    for (const c of [stateCode.running, stateCode.blocked])
      assert.ok(
        Math.abs(areas[c] / allArea - ns[c] / allNs) < 1 / 16,
        `thread ${slice.threads[li]} state ${c}: ${areas[c] / allArea} of the bar, ${ns[c] / allNs} of the time`,
      );
    // Every column's bar is full: the stacked rectangles of one column span the bar's height.
    const column = new Float64Array(width + 1);
    for (let c = 0; c < STATE_COUNT; c++) for (const r of paths[c].list) for (let x = Math.ceil(r.x); x < r.x + r.w - 1e-9; x++) column[x] += r.h;
    const covered = [...column].filter((h) => h > 0);
    assert.ok(covered.length > width / 2);
    for (const h of covered) assert.ok(Math.abs(h - row.stateH) < 1e-6, `a column ${h} px high`);
    // Hold bars stand under the state bar wherever the thread held a lock.
    const holds = paths.slice(STATE_COUNT).flatMap((r) => r.list);
    if (lane.held.some((x) => x > 0)) assert.ok(holds.length > 0 && holds.every((r) => r.y >= row.holdY && r.y + r.h <= row.holdY + row.holdH));
    checked++;
  }
  assert.ok(checked >= 2, `${checked} lanes checked`);
});
