// How fast the core analysis is on a large trace: `npm run bench:model [events]` (default 1 M).
// Builds a synthetic trace of 16 threads hammering 4 locks (with real contention) and a queue,
// then times parseTrace, buildModel, buildColumns, the Chrome export (whole and streamed) and renderTerminal.
// `npm run bench:model -- 1000000 20`: the second number spaces lock holds out (less contention).
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { chromeTraceJson, toChromeTrace } from '../src/core/export/chrome';
import { buildColumns } from '../src/core/model/columns';
import { buildModel } from '../src/core/model/build';
import { renderTerminal } from '../src/core/render/terminal';
import type { Trace, TraceEvent } from '../src/core/trace/format';
import { parseTrace } from '../src/core/trace/parse';

const target = Number(process.argv[2] ?? 1_000_000);
/** Think time between lock holds, as a multiple of the hold time: higher means less contention. */
const spread = Number(process.argv[3] ?? 1);
const THREADS = 16;
const LOCKS = 4;

function synthetic(n: number): Trace {
  const events: TraceEvent[] = [{ t: 0, th: 1, k: 'threadStart', p: 0 }];
  const now = new Float64Array(THREADS + 2);
  const lockFree = new Float64Array(LOCKS + 1);
  const lockSeq = new Int32Array(LOCKS + 1);
  let item = 0;
  let queued = 0;
  for (let th = 2; th <= THREADS + 1; th++) {
    now[th] = th * 1000;
    events.push({ t: now[th] - 500, th: 1, k: 'threadSpawn', p: th }, { t: now[th], th, k: 'threadStart', p: 1 });
  }
  let rand = 1;
  const next = () => (rand = (rand * 1103515245 + 12345) % 2147483648) / 2147483648;
  while (events.length < n) {
    let th = 2;
    for (let i = 3; i <= THREADS + 1; i++) if (now[i] < now[th]) th = i;
    const t = now[th];
    if (next() < 0.1) {
      // A queue put or get (never blocking, to keep the generator simple).
      if (queued > 0 && next() < 0.5) {
        events.push({ t, th, k: 'queueGet', p: LOCKS + 1, a: -1 }, { t: t + 200, th, k: 'queueGetDone', p: LOCKS + 1, a: --queued, q: item - queued });
      } else {
        events.push({ t, th, k: 'queuePut', p: LOCKS + 1, a: -1 }, { t: t + 200, th, k: 'queuePutDone', p: LOCKS + 1, a: ++queued, q: ++item });
      }
      now[th] = t + 500 + next() * 2000;
      continue;
    }
    const lock = 1 + Math.floor(next() * LOCKS);
    const waited = lockFree[lock] > t;
    const got = (waited ? lockFree[lock] : t) + 50;
    const held = 200 + next() * 3000;
    events.push(
      { t, th, k: 'acquireRequest', p: lock, a: -1, at: 0 },
      { t: got, th, k: 'acquired', p: lock, a: 1, q: ++lockSeq[lock], l: waited ? lockSeq[lock] - 1 : -1, at: 0 },
      { t: got + held, th, k: 'release', p: lock, a: 0, q: ++lockSeq[lock], at: 0 },
    );
    lockFree[lock] = got + held;
    now[th] = got + held + 100 + next() * 4000 * spread;
  }
  let end = 0;
  for (let th = 2; th <= THREADS + 1; th++) {
    events.push({ t: now[th], th, k: 'threadEnd', a: 0 });
    end = Math.max(end, now[th]);
  }
  events.push({ t: end + 1000, th: 1, k: 'threadEnd', a: 0 });
  return {
    version: 1,
    meta: {
      tool: 'interleave',
      toolVersion: '0.1.0',
      file: '/bench.ts',
      root: '/',
      scenario: 'default',
      title: 'bench',
      mode: 'realtime',
      startedAt: new Date(0).toISOString(),
      clock: 'ns-since-start',
      timeLimitS: 60,
      sleepScale: 1,
      platform: process.platform,
    },
    threads: Array.from({ length: THREADS + 1 }, (_, i) => ({
      id: i + 1,
      name: i ? `worker${i}` : 'MainThread',
      daemon: false,
      parent: i ? 1 : 0,
      ident: i + 1,
    })),
    primitives: [
      ...Array.from({ length: LOCKS }, (_, i) => ({ id: i + 1, kind: 'Lock' as const, name: `lock${i + 1}`, site: 0, creator: 1 })),
      { id: LOCKS + 1, kind: 'Queue' as const, name: 'q', site: 0, creator: 1, init: { maxsize: 0 } },
    ],
    sites: ['bench.ts:1:1'],
    strings: [],
    events,
    outcome: { kind: 'completed', summary: 'Completed', explanation: '', durationNs: end + 1000 },
  };
}

/** Wall and CPU time of fn; on a shared machine CPU time is the steadier of the two. */
function time<T>(label: string, n: number, fn: () => T): T {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const r = fn();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  console.log(
    `${label.padEnd(16)} ${ms.toFixed(0).padStart(6)} ms wall ${cpuMs.toFixed(0).padStart(6)} ms cpu  ${((ms * 1e6) / n).toFixed(0).padStart(5)} ns/event`,
  );
  return r;
}

// Only the JSON text survives generation, as when the CLI reads a --trace file.
const text = (() => {
  const trace = synthetic(target);
  // DUMP=file.json keeps the generated trace, for profiling.
  if (process.env.DUMP) writeFileSync(process.env.DUMP, JSON.stringify(trace));
  return JSON.stringify(trace);
})();
const parsed = time('parseTrace', target, () => parseTrace(text));
const n = parsed.events.length;
console.log(`${n} events, ${(text.length / 1e6).toFixed(1)} MB of JSON, node ${process.version}`);
const model = time('buildModel', n, () => buildModel(parsed));
time('buildModel again', n, () => buildModel(parsed));
time('buildColumns', n, () => buildColumns(model));
const whole = time('toChromeTrace + JSON.stringify (one string)', n, () => JSON.stringify(toChromeTrace(model)).length);
let largest = 0;
const streamed = time('chromeTraceJson (64 KB chunks)', n, () => {
  let chars = 0;
  for (const chunk of chromeTraceJson(model)) {
    chars += chunk.length;
    largest = Math.max(largest, chunk.length);
  }
  return chars;
});
console.log(
  `  Chrome export: ${(whole / 1e6).toFixed(1)} M characters as one string; streamed ${(streamed / 1e6).toFixed(1)} M in chunks of at most ${(largest / 1024).toFixed(0)} K`,
);
time('renderTerminal', n, () => renderTerminal(model));
const blocked = model.spans.flat().filter((s) => s.state === 'blocked').length;
console.log(`${model.spans.flat().length} spans (${blocked} blocked), ${model.holds.length} holds, ${model.links.length} links`);
