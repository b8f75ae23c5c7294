// Real headless Chromium (Debian's /usr/bin/chromium) driven by playwright-core, loading standalone
// reports written by renderHtmlReport with the built webview bundle.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium';
import { renderHtmlReport } from '../../src/core/export/html';
import { type IpcMessage, LiveAppend, LiveBegin, LiveEnd, LiveResync } from '../../src/core/protocol/webview';
import type { RunnerToHost } from '../../src/core/protocol/runner';
import { eventsToBatch } from '../../src/core/trace/batch';
import type { Trace } from '../../src/core/trace/format';
import { LiveFeed } from '../../src/extension/live-feed';
import { parseTrace } from '../../src/core/trace/parse';

export const ROOT = resolve(__dirname, '../..');
export const ARTIFACTS = join(ROOT, 'test-artifacts');
const BUNDLE = join(ROOT, 'dist/webview.js');

export function webviewBundle(): string {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run \`npm run build\` first`);
  return readFileSync(BUNDLE, 'utf8');
}

/**
 * Chromium and one page of `viewport` for a test file: launched before its tests (handed to `use`),
 * closed after them. An uncaught error in the page fails the file.
 */
export function pageForFile(viewport: { width: number; height: number }, use: (page: Page, browser: Browser) => void): void {
  let browser: Browser | undefined;
  const pageErrors: string[] = [];
  before(async () => {
    browser = await launchChromium();
    const page = await browser.newPage({ viewport });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    use(page, browser);
  });
  after(async () => {
    await browser?.close();
    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  });
}

/** Runs examples/NAME.ts (or examples/NAME when it has its extension, e.g. python/semaphore.py) through the CLI (`--trace`) and returns its trace. */
export function exampleTrace(name: string, timeoutMs = 60_000): Trace {
  const out = join(mkdtempSync(join(tmpdir(), 'interleave-example-')), 'trace.json');
  const file = join(ROOT, 'examples', /\.\w+$/.test(name) ? name : `${name}.ts`);
  // Options before the file: a Python script's own arguments follow it.
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/interleave'), 'run', '--trace', out, '--no-color', file], { encoding: 'utf8', timeout: timeoutMs });
  assert.ok(existsSync(out), `the CLI wrote a trace (exit ${r.status}): ${r.stderr}`);
  return parseTrace(readFileSync(out, 'utf8'));
}

/** A real run of an example whose schedule is up to the OS, repeated until it took the interleaving a test needs. */
export function exampleTraceWhere(name: string, wanted: (t: Trace) => boolean, tries = 8): Trace {
  for (let i = 1; ; i++) {
    const t = exampleTrace(name);
    if (wanted(t) || i === tries) return t;
  }
}

/** Writes `name`.html into test-artifacts/ and returns its path. */
export function writeReport(name: string, trace: Trace): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = join(ARTIFACTS, `${name}.html`);
  writeFileSync(file, renderHtmlReport(trace, webviewBundle()));
  return file;
}

export interface AppState {
  error: string | null;
  /** A run that never started: its error and location, shown in place of the timeline. */
  runError: { summary: string; message: string; location: string | null } | null;
  live: boolean;
  title: string | null;
  banner: string | null;
  outcome: { kind: string; summary: string; cycle: number[] } | null;
  durationNs: number;
  lanes: { name: string; qualified: string; thread: number; states: Record<string, number>; spans: number; tasks: number; description: string }[];
  view: {
    window: { t0: number; t1: number; width: number };
    drawn?: { states: string[]; runs: number; mergedSpans: number; links: number; linksCut: boolean; labels: string[]; waitArrows: number; tasks: number };
    focusPrim: number;
    pinnedPrim: number;
    tooltip: string | null;
    /** The keyboard's span, what the live region said last, whether the Keys list is open. */
    focus: { lane: number; span: number } | null;
    announced: string;
    keysShown: boolean;
  } | null;
  step: {
    paused: number | null;
    busy: boolean;
    markNs: number | null;
    threads: { thread: number; status: string; cells: string[] }[];
    buttons: { text: string; label: string; disabled: boolean }[];
  };
}

/** A page whose host is the test: posts land in window.__posted, window.__deliver(msg) answers. */
export async function hostedPage(p: Page): Promise<void> {
  await p.setContent(`<!DOCTYPE html><html><body><div id="app"></div>
<script>
window.__posted = [];
window.__interleaveTransport = { post: (m) => window.__posted.push(m), onMessage: (cb) => { window.__deliver = cb; } };
</script><script>${webviewBundle()}</script></body></html>`);
}

/** Sends a message; typed arrays travel as [constructor name, values] and are rebuilt in the page. */
export async function deliver(p: Page, msg: IpcMessage): Promise<void> {
  const wire = JSON.stringify(msg, (_k, v) =>
    ArrayBuffer.isView(v) ? { __typed: v.constructor.name, values: Array.from(v as unknown as ArrayLike<number>) } : v,
  );
  await p.evaluate((text) => {
    const m = JSON.parse(text, (_k, v) =>
      v && v.__typed ? new (globalThis as never as Record<string, new (x: number[]) => unknown>)[v.__typed](v.values) : v,
    );
    (window as never as { __deliver(m: unknown): void }).__deliver(m);
  }, wire);
}

/** What the view posted to its host so far (a hostedPage). */
export async function posted(p: Page): Promise<IpcMessage[]> {
  return p.evaluate(() => (window as never as { __posted: IpcMessage[] }).__posted);
}

export async function state(page: Page): Promise<AppState> {
  return page.evaluate(() => (window as unknown as { __interleave: { state(): AppState } }).__interleave.state());
}

/** Opens a report file and waits until the first frame is painted (or the view shows an error, or the run's). */
export async function openReport(page: Page, file: string): Promise<AppState> {
  await page.goto(pathToFileURL(file).href);
  await page.waitForFunction(() => {
    const s = (window as unknown as { __interleave?: { state(): AppState } }).__interleave?.state();
    return !!s && (s.error !== null || s.runError !== null || !!s.view?.drawn);
  });
  return state(page);
}

/**
 * Streams `trace` into a hostedPage as the VS Code panel does (extension/live-feed.ts): the runner's
 * messages, `batchEvents` events each, into a LiveFeed whose deltas go out as live/append; the
 * outcome as live/end. `tamper` may spoil the n-th append on its way. The page's live/resync is
 * answered as the panel answers it, with the feed's replay.
 */
export async function streamAsPanel(
  page: Page,
  trace: Trace,
  opts: { batchEvents?: number; tamper?: (msg: IpcMessage, n: number) => IpcMessage } = {},
): Promise<void> {
  const feed = new LiveFeed();
  let appends = 0;
  let seen = (await posted(page)).length;
  const answer = async () => {
    const all = await posted(page);
    for (const m of all.slice(seen)) if (LiveResync.is(m)) for (const r of feed.replay()) await deliver(page, r);
    seen = all.length;
  };
  for (const m of traceMessages(trace, opts.batchEvents ?? 4096)) {
    const begins = m.type === 'meta' && !feed.meta;
    feed.accept(m);
    if (begins) await deliver(page, LiveBegin.create({ meta: m.meta }));
    if (m.type === 'meta' || m.type === 'outcome') continue;
    const delta = feed.delta();
    if (!delta) continue;
    const msg = LiveAppend.create(delta);
    await deliver(page, opts.tamper ? opts.tamper(msg, appends) : msg);
    appends++;
    await answer();
  }
  await deliver(page, LiveEnd.create({ outcome: feed.outcome! }));
  await answer();
}

/** A finished trace as the runner would have streamed it. */
function traceMessages(trace: Trace, batchSize: number): RunnerToHost[] {
  const out: RunnerToHost[] = [
    { type: 'meta', meta: trace.meta },
    { type: 'sites', base: 0, sites: trace.sites },
    { type: 'strings', base: 0, strings: trace.strings },
  ];
  for (const p of trace.primitives) out.push({ type: 'primitive', primitive: p });
  for (const t of trace.threads) out.push({ type: 'thread', thread: t });
  for (const p of trace.processes ?? []) out.push({ type: 'process', process: p });
  for (let i = 0; i < trace.events.length; i += batchSize) out.push({ type: 'events', batch: eventsToBatch(trace.events.slice(i, i + batchSize)) });
  out.push({ type: 'outcome', outcome: trace.outcome });
  return out;
}
