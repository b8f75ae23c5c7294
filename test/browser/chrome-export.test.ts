// Every built-in example's --chrome-trace, read by an importer we did not write: speedscope's own
// app (node_modules/speedscope) in headless Chromium loads the file, and its Export gives back what it
// imported. No import warning, the thread and process names the CLI prints, and one slice per span
// of the timeline with the span's name and length; the validator (test/helpers/chrome-rules.ts)
// checks the rest of the format on the same file.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { buildModel } from '../../src/core/model/build';
import { threadName } from '../../src/core/model/describe';
import { parseTrace } from '../../src/core/trace/parse';
import { validateChromeTrace } from '../helpers/chrome-rules';
import { ARTIFACTS, ROOT, pageForFile } from './harness';

let page: Page;
pageForFile({ width: 1280, height: 720 }, (p) => (page = p));

const SPEEDSCOPE = join(ROOT, 'node_modules/speedscope/dist/release');
const ORIGIN = 'http://speedscope.test';

const cli = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin/interleave'), ...args], { encoding: 'utf8', timeout: 120_000 });
const examples = cli('examples')
  .stdout.split('\n')
  .map((l) => /^(\S+)\s{2,}\S/.exec(l)?.[1])
  .filter((n): n is string => !!n);

interface SpeedscopeFile {
  shared: { frames: { name: string }[] };
  profiles: { name: string; events: { type: 'O' | 'C'; frame: number; at: number }[] }[];
}

/** Loads `json` into speedscope as a user would (#profileURL=…), and returns its Export and what it warned. */
async function importInSpeedscope(json: string, screenshot?: string): Promise<{ file: SpeedscopeFile; warnings: string[]; logs: string[] }> {
  const warnings: string[] = [];
  const logs: string[] = [];
  const onConsole = (m: { type(): string; text(): string }) => {
    // The WebGL driver's performance notes come from Chromium's software GL, not from the import.
    if ((m.type() === 'warning' || m.type() === 'error') && !/GL Driver Message|WebGL/.test(m.text())) warnings.push(m.text());
    logs.push(m.text());
  };
  page.on('console', onConsole);
  await page.route(`${ORIGIN}/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === '/export.json') return route.fulfill({ body: json, contentType: 'application/json' });
    return route.fulfill({ path: join(SPEEDSCOPE, path === '/' ? 'index.html' : path) });
  });
  try {
    await page.goto('about:blank');
    await page.goto(`${ORIGIN}/index.html#profileURL=${encodeURIComponent(`${ORIGIN}/export.json`)}`);
    await page.waitForFunction(() => document.title.includes('export.json'), undefined, { timeout: 30_000 });
    if (screenshot) await page.screenshot({ path: join(ARTIFACTS, screenshot) });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByText('Export', { exact: false }).first().click()]);
    const file = JSON.parse(readFileSync((await download.path())!, 'utf8')) as SpeedscopeFile;
    return { file, warnings, logs };
  } finally {
    page.off('console', onConsole);
    await page.unroute(`${ORIGIN}/**`);
  }
}

/** speedscope's slices per profile: name (without the args it appends), start and length in µs. */
function slicesOf(file: SpeedscopeFile): Map<string, { name: string; at: number; dur: number }[]> {
  const out = new Map<string, { name: string; at: number; dur: number }[]>();
  for (const p of file.profiles) {
    const open: { frame: number; at: number }[] = [];
    const slices: { name: string; at: number; dur: number }[] = [];
    for (const e of p.events) {
      if (e.type === 'O') open.push(e);
      else {
        const o = open.pop()!;
        assert.equal(o.frame, e.frame, `${p.name}: frames close in order`);
        const full = file.shared.frames[e.frame].name;
        const cut = full.indexOf(' {"');
        slices.push({ name: cut < 0 ? full : full.slice(0, cut), at: o.at, dur: e.at - o.at });
      }
    }
    slices.sort((a, b) => a.at - b.at);
    out.set(p.name, slices);
  }
  return out;
}

test('speedscope imports every built-in example as the CLI and the timeline show it', { timeout: 900_000 }, async () => {
  assert.ok(examples.length >= 20, `the CLI lists the examples: ${examples.join(', ')}`);
  const dir = mkdtempSync(join(tmpdir(), 'interleave-chrome-'));
  let files = 0;
  for (const [n, name] of examples.entries()) {
    // Half of them through gzip: the CLI writes .json.gz when asked.
    const out = join(dir, `${name}.chrome.json${n % 2 ? '.gz' : ''}`);
    const r = cli('run', '--example', name, '--no-color', '--trace', join(dir, `${name}.json`), '--chrome-trace', out);
    assert.match(r.stdout, new RegExp(`chrome trace: ${out.replace(/[.]/g, '\\.')}`), `${name}: ${r.stderr}`);
    const raw = readFileSync(out);
    if (out.endsWith('.gz')) assert.deepEqual([raw[0], raw[1]], [0x1f, 0x8b], `${name}: gzip magic`);
    const json = (out.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
    const trace = parseTrace(readFileSync(join(dir, `${name}.json`), 'utf8'));
    const model = buildModel(trace);

    assert.deepEqual(validateChromeTrace(JSON.parse(json)), [], `${name}: the format rules`);

    const { file, warnings, logs } = await importInSpeedscope(json, name === 'multiprocessing' ? 'speedscope-multiprocessing.png' : undefined);
    assert.ok(
      logs.some((l) => l.includes('Importing as Trace Event Format profile')),
      `${name}: read as Trace Event Format`,
    );
    assert.deepEqual(warnings, [], `${name}: speedscope's import warnings`);

    const slices = slicesOf(file);
    const pidName = new Map((trace.processes ?? []).map((p) => [p.pid, p.name]));
    model.trace.threads.forEach((th, lane) => {
      const spans = model.spans[lane].filter((s) => Math.round(s.end) > Math.round(s.start));
      const cliName = threadName(trace, th);
      // The CLI prints the name in its time table; speedscope names the profile "process (pid N), thread (tid M)".
      assert.match(r.stdout, new RegExp(`^  ${cliName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s{2,}\\S`, 'm'), `${name}: the CLI prints ${cliName}`);
      const profile = [...slices.keys()].find((k) => k.endsWith(`(tid ${th.id})`));
      if (spans.length === 0) return assert.equal(profile, undefined, `${name}: ${cliName} has no slices`);
      assert.ok(profile, `${name}: a profile for ${cliName} in ${[...slices.keys()].join('; ')}`);
      const [, processName, pid, thread] = /^(.*) \(pid (\d+)\), (.*) \(tid \d+\)$/.exec(profile)!;
      assert.equal(processName, pidName.get(Number(pid)) ?? 'MainProcess', `${name}: ${cliName}'s process`);
      assert.equal(th.process ? `${processName}/${thread}` : thread, cliName, `${name}: ${profile}`);

      const got = slices.get(profile)!;
      assert.equal(got.length, spans.length, `${name}: ${cliName} has one slice per span`);
      const t0 = Math.round(spans[0].start) / 1000;
      spans.forEach((s, i) => {
        const label = `${name}: ${cliName} slice ${i}`;
        assert.ok(got[i].name.startsWith(s.state), `${label}: ${got[i].name} is ${s.state}`);
        assert.ok(Math.abs(got[i].dur - (Math.round(s.end) - Math.round(s.start)) / 1000) < 1e-6, `${label}: length ${got[i].dur}`);
        assert.ok(Math.abs(got[i].at - got[0].at - (Math.round(s.start) / 1000 - t0)) < 1e-6, `${label}: start ${got[i].at}`);
      });
    });
    files++;
  }
  assert.equal(files, examples.length);
});
