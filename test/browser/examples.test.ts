// Real runs of the built-in examples (the CLI's --trace), shown as standalone reports in headless
// Chromium.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import type { IpcMessage, RevealParams } from '../../src/core/protocol/webview';
import { ARTIFACTS, ROOT, type AppState, exampleTrace, exampleTraceWhere, openReport, pageForFile, state, writeReport } from './harness';

let page: Page;
pageForFile({ width: 1280, height: 820 }, (p) => (page = p));

type Hook = { pointOf(l: string, t: number, part?: 'state' | 'hold'): { x: number; y: number }; posted(): IpcMessage[] };
const hookCall = <T>(p: Page, f: (h: Hook, arg: [string, number]) => T, arg: [string, number]) =>
  p.evaluate(([fs, a]) => new Function('h', 'a', `return (${fs})(h, a)`)((window as never as { __interleave: Hook }).__interleave, a), [
    f.toString(),
    arg,
  ] as const) as Promise<T>;

const laneOf = (s: AppState, pattern: RegExp) => {
  const l = s.lanes.find((x) => pattern.test(x.name));
  assert.ok(l, `a lane matching ${pattern}: ${s.lanes.map((x) => x.name).join(', ')}`);
  return l;
};

test('examples/lock-deadlock.ts: the real deadlock, explained, hovered, clicked, zoomed', async () => {
  // The example says it: worker2 either runs before worker1 takes the lock or blocks behind it for good. This test
  // needs the second schedule (both lanes end blocked), so it runs the example until the OS gave it.
  const trace = exampleTraceWhere('lock-deadlock', (t) =>
    (t.outcome.stuck ?? []).some((x) => /worker2/.test(t.threads.find((th) => th.id === x.thread)?.name ?? '')),
  );
  const s = await openReport(page, writeReport('example-lock-deadlock', trace));
  assert.equal(s.error, null);
  const w1 = laneOf(s, /worker1/);
  const w2 = laneOf(s, /worker2/);
  assert.ok(laneOf(s, /^MainThread$/).states.joining > 0);
  assert.ok(w1.states.blocked > 0 && w2.states.blocked > 0, 'both workers end blocked');
  assert.equal(s.outcome?.kind, 'deadlock');
  assert.ok(s.banner?.includes(trace.outcome.summary), 'the banner says what the runtime concluded');
  assert.deepEqual(s.outcome?.cycle, trace.outcome.cycle);
  assert.equal(
    s.view?.drawn?.waitArrows,
    trace.outcome.stuck?.reduce((n, x) => n + x.heldBy.length, 0),
  );

  // Hover worker2 in the middle of its wait: the reason names the lock and its holder.
  const w2Blocked = trace.outcome.stuck!.find((x) => x.thread === w2.thread)!;
  const mid = (w2Blocked.since + trace.outcome.durationNs) / 2;
  const pt = await hookCall(page, (h, [l, at]) => h.pointOf(l, at), [w2.name, mid]);
  await page.mouse.move(pt.x, pt.y);
  await page.waitForSelector('.il-tooltip:not([hidden])');
  const tip = (await page.textContent('.il-tooltip')) ?? '';
  assert.match(tip, new RegExp(`waits for Lock \`lock\`.*held by ${w1.name.replace(/[()]/g, '\\$&')}`));

  // Hover worker1's hold of the lock while worker2 waits for it: held while others wait, for how long.
  const hp = await hookCall(page, (h, [l, at]) => h.pointOf(l, at, 'hold'), [w1.name, mid]);
  await page.mouse.move(hp.x, hp.y);
  await page.waitForFunction(() => /holds Lock/.test(document.querySelector('.il-tooltip')?.textContent ?? ''));
  const holdTip = (await page.textContent('.il-tooltip')) ?? '';
  assert.match(holdTip, new RegExp(`${w1.name.replace(/[()]/g, '\\$&')} holds Lock \`lock\` for .*Held while others wait for it`));

  // Click worker1's own wait: the reveal points at the second acquire in the example.
  const w1Stuck = trace.outcome.stuck!.find((x) => x.thread === w1.thread)!;
  const p1 = await hookCall(page, (h, [l, at]) => h.pointOf(l, at), [w1.name, (w1Stuck.since + trace.outcome.durationNs) / 2]);
  await page.mouse.click(p1.x, p1.y);
  const reveal = (await page.evaluate(() => (window as never as { __interleave: Hook }).__interleave.posted())).filter((m) => m.method === 'reveal').at(-1);
  const [, line, col] = /:(\d+):(\d+)$/.exec(trace.sites[w1Stuck.at!])!;
  assert.deepEqual(reveal?.params as RevealParams, { file: join(ROOT, 'examples', 'lock-deadlock.ts'), line: Number(line), col: Number(col) });
  await page.screenshot({ path: join(ARTIFACTS, 'example-lock-deadlock.png'), fullPage: true });

  const before = (await state(page)).view!.window;
  await page.focus('.il-body');
  await page.keyboard.press('+');
  const after = (await state(page)).view!.window;
  assert.ok(after.t1 - after.t0 < before.t1 - before.t0, 'zoom narrows the visible window');
});

for (const [name, counter] of [
  ['semaphore', /permits/],
  ['queue', /size/],
] as const) {
  test(`examples/${name}.ts: lanes, states and its counter track`, async () => {
    const trace = exampleTrace(name);
    const s = await openReport(page, writeReport(`example-${name}`, trace));
    assert.equal(s.error, null);
    assert.deepEqual(
      s.lanes.map((l) => l.name),
      trace.threads.map((x) => x.name),
    );
    assert.ok(
      s.lanes.some((l) => (l.states.blocked ?? 0) + (l.states.waiting ?? 0) > 0),
      'someone waits',
    );
    const counters = await page.$$eval('.il-label[data-kind=counter]', (els) => els.map((e) => e.textContent ?? ''));
    assert.ok(
      counters.some((c) => counter.test(c)),
      `a counter track: ${counters.join(', ')}`,
    );
    await page.screenshot({ path: join(ARTIFACTS, `example-${name}.png`), fullPage: true });
  });
}
