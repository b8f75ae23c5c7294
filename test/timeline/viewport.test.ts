import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  clampViewport,
  fitAll,
  followGrowth,
  nsToPx,
  panBy,
  pxToNs,
  transformFromViewport,
  viewportFromTransform,
  zoomAt,
} from '../../src/core/timeline/viewport';

const lim = { durationNs: 1e9, minSpanNs: 1000 };
const close = (a: number, b: number, eps = 1e-6) => assert.ok(Math.abs(a - b) <= eps * Math.max(1, Math.abs(b)), `${a} ≈ ${b}`);

test('nsToPx and pxToNs are inverse and map the window onto the width', () => {
  const v = { t0: 100, t1: 1100, width: 500 };
  assert.equal(nsToPx(v, 100), 0);
  assert.equal(nsToPx(v, 1100), 500);
  close(pxToNs(v, nsToPx(v, 733)), 733);
});

test('fitAll shows the whole trace with a little air on the right', () => {
  const v = fitAll(2e9, 800);
  assert.equal(v.t0, 0);
  assert.ok(v.t1 > 2e9 && v.t1 < 2.1e9);
});

test('zoomAt keeps the time under the anchor fixed and narrows the window', () => {
  const v = { t0: 0, t1: 1e9, width: 1000 };
  const z = zoomAt(v, 250, 4, lim);
  close(pxToNs(z, 250), pxToNs(v, 250));
  close(z.t1 - z.t0, 0.25e9);
});

test('zoom stops at the minimum span, still centred on the anchor', () => {
  const v = { t0: 0, t1: 1e9, width: 1000 };
  const z = zoomAt(v, 500, 1e12, lim);
  close(z.t1 - z.t0, 1000);
  close(pxToNs(z, 500), 0.5e9, 1e-6);
});

test('zooming out is bounded by the trace and pan cannot leave it', () => {
  const v = zoomAt({ t0: 0, t1: 1e9, width: 1000 }, 500, 1e-6, lim);
  assert.ok(v.t1 - v.t0 <= 1.2e9 + 1);
  const p = panBy({ t0: 0, t1: 1e8, width: 1000 }, -1e9, lim);
  assert.ok(p.t1 <= 1.1e9 + 1, `pan right stops near the end: ${p.t1}`);
  const q = panBy({ t0: 0, t1: 1e8, width: 1000 }, 1e9, lim);
  assert.ok(q.t0 >= -0.12e9, `pan left stops near the start: ${q.t0}`);
  close(q.t1 - q.t0, 1e8);
});

test('clampViewport repairs an inverted window', () => {
  const v = clampViewport({ t0: 5, t1: 5, width: 100 }, lim);
  assert.ok(v.t1 - v.t0 >= 1000);
});

test('a d3 zoom transform and a viewport are the same transform', () => {
  const v = { t0: 2e8, t1: 3e8, width: 800 };
  const tr = transformFromViewport(v, 1e9);
  const back = viewportFromTransform(tr, 1e9, 800);
  close(back.t0, v.t0);
  close(back.t1, v.t1);
  const id = viewportFromTransform({ k: 1, x: 0 }, 1e9, 800);
  assert.deepEqual([id.t0, id.t1], [0, 1e9]);
});

test('live growth: a fitted view keeps fitting, a view at the end follows, a moved view stays', () => {
  const fitted = followGrowth(fitAll(1e9, 500), 1e9, 2e9);
  assert.ok(fitted.t0 === 0 && fitted.t1 >= 2e9);
  const atEnd = followGrowth({ t0: 0.8e9, t1: 1e9, width: 500 }, 1e9, 1.5e9);
  close(atEnd.t1, 1.5e9);
  close(atEnd.t1 - atEnd.t0, 0.2e9);
  const elsewhere = { t0: 0.1e9, t1: 0.2e9, width: 500 };
  assert.deepEqual(followGrowth(elsewhere, 1e9, 1.5e9), elsewhere);
});
