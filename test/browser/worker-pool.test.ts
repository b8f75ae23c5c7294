// examples/worker-pool.ts run for real by the CLI and shown as a standalone report: pool tasks are
// bars on the lanes of the worker processes that ran them; hovering one says what it ran and who
// submitted it, clicking it reveals the map() that submitted it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { buildModel } from '../../src/core/model/build';
import { threadName } from '../../src/core/model/describe';
import type { IpcMessage, RevealParams } from '../../src/core/protocol/webview';
import { ARTIFACTS, ROOT, type AppState, exampleTrace, openReport, pageForFile, state, writeReport } from './harness';

let page: Page;
pageForFile({ width: 1280, height: 900 }, (p) => (page = p));

type Hook = { pointOf(l: string, t: number, part: 'task'): { x: number; y: number }; posted(): IpcMessage[] };

test('examples/worker-pool.ts: task bars on the worker lanes, hovered and clicked', async () => {
  const example = join(ROOT, 'examples', 'worker-pool.ts');
  const trace = exampleTrace('worker-pool', 90_000);
  assert.equal(trace.outcome.kind, 'completed', trace.outcome.summary);
  const tasks = buildModel(trace).tasks ?? [];
  assert.ok(tasks.length >= 12, `1 + 6 tasks on Pool(1), 2 + 6 on Pool(2): ${tasks.length}`);

  const s = await openReport(page, writeReport('example-worker-pool', trace));
  assert.equal(s.error, null);
  await page.screenshot({ path: join(ARTIFACTS, 'example-worker-pool.png'), fullPage: true });
  // Every task is on the lane of the worker that ran it, and only worker lanes have tasks.
  const withTasks = s.lanes.filter((l) => l.tasks > 0);
  assert.ok(withTasks.length >= 3, `Pool(1)'s worker and Pool(2)'s two: ${withTasks.map((l) => l.qualified).join(', ')}`);
  assert.ok(
    withTasks.every((l) => /^SpawnPoolWorker-[\d:]+\/MainThread$/.test(l.qualified)),
    withTasks.map((l) => l.qualified).join(', '),
  );
  assert.equal(
    withTasks.reduce((n, l) => n + l.tasks, 0),
    tasks.length,
  );
  for (const l of withTasks) assert.match(l.description, new RegExp(`; ran ${l.tasks} pool tasks?`), 'screen readers hear it too');
  const drawn = s.view!.drawn!;
  assert.ok(
    drawn.tasks >= tasks.length - 4 && drawn.tasks <= tasks.length,
    `bars drawn (short warm-up tasks may share a pixel): ${drawn.tasks} of ${tasks.length}`,
  );
  assert.ok(
    drawn.labels.some((l) => /^(task )?\d+(: countPrimes\(\))?$/.test(l)),
    `labels: ${drawn.labels.join(' | ')}`,
  );

  // Zoomed to the two-process map, every task there has room for its full label.
  const pool2 = trace.primitives.find((p) => p.kind === 'Pool' && p.name === 'pool of 2')!;
  const mapped = tasks.filter((t) => t.pool === pool2.id && t.fn === 'countPrimes');
  const [t0, t1] = [Math.min(...mapped.map((t) => t.start)), Math.max(...mapped.map((t) => t.end))];
  await page.evaluate(
    ([a, b]) => (window as never as { __interleave: { zoomTo(a: number, b: number): void } }).__interleave.zoomTo(a, b),
    [t0 - (t1 - t0) * 0.05, t1 + (t1 - t0) * 0.05],
  );
  await page.waitForFunction(
    (n) =>
      (window as never as { __interleave: { state(): AppState } }).__interleave.state().view?.drawn?.labels.filter((l) => / countPrimes\(\)$/.test(l))
        .length === n,
    mapped.length,
  );
  // Each task of the map is named on its bar. A task the OS ran uninterrupted is much shorter than one it preempted
  // (a loaded machine), so its bar may have room only for the short form "N: countPrimes()".
  const zoomed = (await state(page)).view!.drawn!.labels.filter((l) => /^(task )?\d+: countPrimes\(\)$/.test(l));
  assert.deepEqual(
    zoomed.map((l) => Number(/\d+/.exec(l)![0])).sort((a, b) => a - b),
    mapped.map((t) => t.task).sort((a, b) => a - b),
  );
  assert.ok(
    zoomed.some((l) => l.startsWith('task ')),
    `the longest bars say "task N": ${zoomed.join(' | ')}`,
  );
  await page.screenshot({ path: join(ARTIFACTS, 'example-worker-pool-zoomed.png'), fullPage: true });

  // Hover the longest of them: what it ran, on which pool, submitted by whom.
  const task = [...mapped].sort((a, b) => b.end - b.start - (a.end - a.start))[0];
  const lane = threadName(
    trace,
    trace.threads.find((t) => t.id === task.thread)!,
  );
  const pt = await page.evaluate(([l, t]) => (window as never as { __interleave: Hook }).__interleave.pointOf(l as string, t as number, 'task'), [
    lane,
    (task.start + task.end) / 2,
  ] as const);
  await page.mouse.move(pt.x, pt.y);
  await page.waitForSelector('.il-tooltip:not([hidden])');
  const tip = (await page.textContent('.il-tooltip')) ?? '';
  assert.match(tip, new RegExp(`^${lane.replace(/[/-]/g, '\\$&')} runs task ${task.task} of Pool \`pool of 2\`: countPrimes\\(\\)`));
  assert.match(tip, /Submitted by MainThread/);
  assert.match(tip, /worker-pool\.ts:\d+/);

  // Click: the editor is asked to reveal the map() that submitted it.
  await page.mouse.click(pt.x, pt.y);
  const reveal = (await page.evaluate(() => (window as never as { __interleave: Hook }).__interleave.posted())).filter((m) => m.method === 'reveal').at(-1);
  const mapLine =
    readFileSync(example, 'utf8')
      .split('\n')
      .findIndex((l) => l.includes('pool.map(countPrimes')) + 1;
  assert.equal((reveal?.params as RevealParams | undefined)?.file, example);
  assert.equal((reveal?.params as RevealParams).line, mapLine);
  await page.screenshot({ path: join(ARTIFACTS, 'example-worker-pool-task.png'), fullPage: true });
});
