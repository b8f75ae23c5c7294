// Reading the timeline webview from the workbench page. The view is two iframes deep; its
// `window.__interleave` hook (webview/main.ts) gives the accessible state and lane coordinates.
import type { Frame, Page } from 'playwright-core';

export interface LaneState {
  name: string;
  thread: number;
  states: Record<string, number>;
  spans: number;
  description: string;
}

export interface TimelineState {
  error: string | null;
  /** A run that never started: its error and location, shown in place of the timeline. */
  runError: { summary: string; message: string; location: string | null } | null;
  live: boolean;
  title: string | null;
  outcome: { kind: string; summary: string; cycle: number[] } | null;
  banner: string | null;
  durationNs: number;
  lanes: LaneState[];
  timings: { navigationAt?: number; readyAt?: number; liveBeganAt?: number };
  view: {
    /** Date.now() in the webview when a frame first had a lane in it. */
    firstLaneAt: number | null;
    canvas: { left: number; top: number; width: number; height: number };
    /** What the last frame painted: the thread states drawn, span runs. */
    drawn?: { states: string[]; runs: number };
    tooltip: string | null;
    /** The keyboard's span and what the live region said last (webview/keyboard.ts). */
    focus: { lane: number; span: number } | null;
    announced: string;
  } | null;
}

interface Hook {
  state(): TimelineState;
  pointOf(lane: string, t: number): { x: number; y: number } | undefined;
}

async function hasHook(f: Frame): Promise<boolean> {
  return f.evaluate(() => typeof (window as unknown as { __interleave?: unknown }).__interleave === 'object').catch(() => false);
}

/** Every timeline view in the page with its state. */
export async function timelines(page: Page): Promise<{ frame: Frame; state: TimelineState }[]> {
  const out: { frame: Frame; state: TimelineState }[] = [];
  for (const frame of page.frames()) {
    if (!(await hasHook(frame))) continue;
    const state = await frame.evaluate(() => (window as unknown as { __interleave: Hook }).__interleave.state()).catch(() => undefined);
    if (state) out.push({ frame, state });
  }
  return out;
}

/** Polls until a timeline whose state satisfies `ok` exists; returns it, or throws with the states seen. */
export async function waitForTimeline(
  page: Page,
  what: string,
  ok: (s: TimelineState) => boolean,
  timeoutMs = 30_000,
  intervalMs = 100,
): Promise<{ frame: Frame; state: TimelineState }> {
  const deadline = Date.now() + timeoutMs;
  let seen: TimelineState[] = [];
  for (;;) {
    const all = await timelines(page);
    const hit = all.find((t) => ok(t.state));
    if (hit) return hit;
    seen = all.map((t) => t.state);
    if (Date.now() > deadline) {
      throw new Error(
        `no timeline showed ${what} within ${timeoutMs} ms; saw ${JSON.stringify(seen.map((s) => ({ title: s.title, outcome: s.outcome?.kind, lanes: s.lanes.length, error: s.error })))}`,
      );
    }
    await page.waitForTimeout(intervalMs);
  }
}

/** Clicks the state bar of `lane` at trace time `t` (ns), as a person would. */
export async function clickLane(frame: Frame, lane: string, t: number): Promise<void> {
  const p = await frame.evaluate(([l, time]) => (window as unknown as { __interleave: Hook }).__interleave.pointOf(l as string, time as number), [
    lane,
    t,
  ] as const);
  if (!p) throw new Error(`lane ${lane} is not drawn`);
  await frame
    .locator('canvas')
    .first()
    .click({ position: await relativeTo(frame, p) });
}

async function relativeTo(frame: Frame, p: { x: number; y: number }): Promise<{ x: number; y: number }> {
  const r = await frame
    .locator('canvas')
    .first()
    .evaluate((c) => c.getBoundingClientRect().toJSON() as DOMRect);
  return { x: p.x - r.left, y: p.y - r.top };
}
