// examples/python/multiprocessing-pool.py run for real by the CLI and shown as a standalone report:
// map()'s tasks are bars on the lanes of the worker processes that ran them, labelled with the
// function, and MainThread's wait in map() is one waiting span with an arrow from every task.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { buildModel } from '../../src/core/model/build';
import { ARTIFACTS, exampleTrace, openReport, pageForFile, state, writeReport, type AppState } from './harness';

let page: Page;
pageForFile({ width: 1280, height: 720 }, (p) => (page = p));

test('examples/python/multiprocessing-pool.py: which worker ran which task, and the wait in map()', async () => {
  const trace = exampleTrace('python/multiprocessing-pool.py', 90_000);
  assert.equal(trace.outcome.kind, 'completed', trace.outcome.summary);
  const model = buildModel(trace);
  const tasks = model.tasks ?? [];
  assert.equal(tasks.length, 6, 'map(square, range(6)) over Pool(2): six tasks of one item');

  const s = await openReport(page, writeReport('example-python-pool', trace));
  assert.equal(s.error, null);
  const withTasks = s.lanes.filter((l) => l.tasks > 0);
  assert.ok(
    withTasks.length >= 1 && withTasks.every((l) => /^ForkPoolWorker-\d+\/MainThread$/.test(l.qualified)),
    withTasks.map((l) => l.qualified).join(', '),
  );
  assert.equal(
    withTasks.reduce((n, l) => n + l.tasks, 0),
    6,
  );

  // Zoomed to the map: every task has room for its label, and MainThread waits across it.
  const [t0, t1] = [Math.min(...tasks.map((t) => t.start)), Math.max(...tasks.map((t) => t.end))];
  await page.evaluate(
    ([a, b]) => (window as never as { __interleave: { zoomTo(a: number, b: number): void } }).__interleave.zoomTo(a, b),
    [t0 - (t1 - t0) * 0.1, t1 + (t1 - t0) * 0.1],
  );
  await page.waitForFunction(
    () =>
      ((window as never as { __interleave: { state(): AppState } }).__interleave.state().view?.drawn?.labels ?? []).filter((l) => /square\(\)$/.test(l))
        .length === 6,
  );
  const labels = (await state(page)).view!.drawn!.labels.filter((l) => /square\(\)$/.test(l));
  assert.deepEqual(labels.map((l) => /^task (\d): square\(\)$/.exec(l)?.[1]).sort(), ['1', '2', '3', '4', '5', '6']);
  await page.screenshot({ path: join(ARTIFACTS, 'example-python-pool.png'), fullPage: true });
});
