// `npm run bench` (second part): long runs (issue 17), each figure beside its baseline measured in
// the same run. The CLI runs as a child with --stats, so memory is each process's own report
// (peak RSS of the runner and of the CLI); times are the runs' own (outcome.durationNs: the threads'
// time) and the CLI's "scenario end to printed outcome" (from the moment the runner ended the scenario).
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isMainThread, parentPort } from 'node:worker_threads';
import { median, timeWorkers, workerStart } from './baselines';
import { analyzeRun } from '../src/core/analysis/findings';
import { openTraceStore } from '../src/runtime/store/file';

const root = resolve(__dirname, '..', '..');
const fixtures = join(root, 'test', 'fixtures', 'runtime');
const hammer = join(fixtures, 'long-hammer.ts');
/** 2 producers and 2 consumers of one Queue(8), QUEUE_OPS items each producer (4 events an item). */
const queue = join(fixtures, 'long-queue.ts');
/** 4 threads, RACE_OPS rounds each of a Lock-guarded shared counter (5 events), one field unguarded: a run that races. */
const race = join(fixtures, 'long-race.ts');
const dir = mkdtempSync(join(tmpdir(), 'interleave-bench-'));

interface CliRun {
  events: number;
  bytesPerEvent: number;
  runnerMB: number;
  cliMB: number;
  postS: number;
  /** Scenario end to the printed findings (the CLI's last section). */
  findingsS: number;
  /** The binary trace it wrote. */
  file: string;
  /** The scenario's own duration (its threads), from the printed outcome. */
  threadsS: number;
}

let runs = 0;

function cli(ops: number, ...args: string[]): CliRun {
  return cliRun(hammer, { HAMMER_OPS: String(ops) }, args);
}

function cliRun(script: string, env: Record<string, string>, args: string[]): CliRun {
  const file = join(dir, `h-${runs++}.ilt`);
  const r = spawnSync(
    process.execPath,
    [
      join(root, 'dist', 'cli.js'),
      'run',
      script,
      '--no-color',
      '--timeout',
      '3000',
      '--stats',
      ...(args.includes('--trace') ? [] : ['--trace', file]),
      ...args,
    ],
    {
      encoding: 'utf8',
      env: { ...process.env, ...env },
      maxBuffer: 1 << 26,
    },
  );
  const m =
    /stats: ([\d,]+) events; trace \d+ MB \(([\d.]+) bytes\/event\); peak memory: runner (\d+) MB, cli (\d+) MB; scenario end to printed outcome ([\d.]+) s .*, to printed findings ([\d.]+) s/.exec(
      r.stdout,
    );
  const d = /Completed in ([\d.]+) (ms|s)\b/.exec(r.stdout);
  if (r.status !== 0 || !m || !d) throw new Error(`${script} ${JSON.stringify(env)}: exit ${r.status}\n${r.stdout}\n${r.stderr}`);
  return {
    events: Number(m[1].replace(/,/g, '')),
    bytesPerEvent: Number(m[2]),
    runnerMB: Number(m[3]),
    cliMB: Number(m[4]),
    postS: Number(m[5]),
    findingsS: Number(m[6]),
    file,
    threadsS: Number(d[1]) / (d[2] === 'ms' ? 1000 : 1),
  };
}

/** A raw contended futex hammer on 4 workers that reads the clock 3 times a pair, as the recorder does (ns per pair). */
function rawClockHammer(threads: number, ops: number): Promise<number> {
  return timeWorkers(__filename, threads, ops, { sab: new SharedArrayBuffer(8) });
}

function rawWorker(): void {
  const { sab, ops } = workerStart<{ sab: SharedArrayBuffer }>();
  const w = new Int32Array(sab);
  const clock = new Float64Array(4);
  // The clock as the recorder reads it: through a reference taken once (the global `performance` is a getter).
  const perf = performance;
  for (let i = 0; i < ops; i++) {
    clock[0] = perf.now();
    let c = Atomics.compareExchange(w, 0, 0, 1);
    if (c !== 0) {
      if (c !== 2) c = Atomics.exchange(w, 0, 2);
      while (c !== 0) {
        Atomics.wait(w, 0, 2);
        c = Atomics.exchange(w, 0, 2);
      }
    }
    clock[1] = perf.now();
    clock[2] = perf.now();
    if (Atomics.sub(w, 0, 1) !== 1) {
      Atomics.store(w, 0, 0);
      Atomics.notify(w, 0, 1);
    }
  }
  parentPort!.postMessage('done');
}

/**
 * Scenario end to the printed findings, against what it cost before the runner walked the chunks
 * for the analyses: the printed outcome, then analyzeRun over the binary trace (timed here, on the run's own file).
 */
function findingsRow(run: CliRun): [string, string, string, string] {
  const events = openTraceStore(run.file);
  const t0 = performance.now();
  analyzeRun(events.header(), events);
  const afterS = run.postS + (performance.now() - t0) / 1000;
  events.close();
  return [
    `scenario end to printed findings, ${(run.events / 1e6).toFixed(0)} M events: analyses after the run vs walked`,
    `${afterS.toFixed(2)} s`,
    `${run.findingsS.toFixed(2)} s`,
    `${(afterS / run.findingsS).toFixed(1)}× faster`,
  ];
}

/** Our contended pair: the hammer's threads' time a pair (4 × 250,000 pairs). */
const pairNs = (run: CliRun) => (run.threadsS * 1e9) / 1_000_000;

function contendedRow(raw: number, ours: number): [string, string, string, string] {
  return [
    '4-thread contended pair: raw + 3 clock reads vs Lock (3 events)',
    `${raw.toFixed(1)} ns`,
    `${ours.toFixed(1)} ns`,
    `${(ours / raw).toFixed(1)}× (goal ≤ 1.5×)`,
  ];
}

/** `node dist/bench/long-runs.js contended [rounds]`: that row alone, the raw hammer and our run alternated, medians. */
async function contendedOnly(rounds: number): Promise<void> {
  const raw: number[] = [];
  const ours: number[] = [];
  for (let i = 0; i < rounds; i++) {
    raw.push(await rawClockHammer(4, 250_000));
    ours.push(pairNs(cli(250_000, '--no-sites')));
  }
  console.log(`raw ${raw.map((x) => x.toFixed(1)).join(' ')} ns; ours ${ours.map((x) => x.toFixed(1)).join(' ')} ns`);
  console.log(contendedRow(median(raw), median(ours)).join('  '));
  rmSync(dir, { recursive: true, force: true });
}

async function main(): Promise<void> {
  const rows: [string, string, string, string][] = [];
  // A run that fits in the memory budget: printed from the runner's walk, against the same run modelled whole (what a JSON --trace still asks for).
  const fits = cli(100_000, '--no-sites');
  const whole = cli(100_000, '--no-sites', '--trace', join(dir, 'h.json'));
  rows.push([
    'scenario end to printed outcome, 1.2 M events: modelled whole vs walk',
    `${whole.postS.toFixed(2)} s`,
    `${fits.postS.toFixed(2)} s`,
    `${(fits.events / fits.postS / 1e6).toFixed(1)} M events/s (goal ≥ 10), ${(whole.postS / fits.postS).toFixed(1)}× faster`,
  ]);
  rows.push(['peak memory at 1.2 M events: cli, modelled whole vs walk', `${whole.cliMB} MB`, `${fits.cliMB} MB`, '']);
  const off = cli(250_000, '--no-sites');
  const on = cli(250_000);
  rows.push([
    "hammer 4×250k: threads' time, sites off vs on",
    `${off.threadsS.toFixed(2)} s`,
    `${on.threadsS.toFixed(2)} s`,
    `${(on.threadsS / off.threadsS).toFixed(2)}× (goal ≤ 1.25×)`,
  ]);
  const raw = median([await rawClockHammer(4, 250_000), await rawClockHammer(4, 250_000), await rawClockHammer(4, 250_000)]);
  rows.push(contendedRow(raw, pairNs(off)));
  rows.push(['bytes per event on disk (3 M-event hammer, sites off / on)', '62 (JSON, issue 17)', `${off.bytesPerEvent} / ${on.bytesPerEvent}`, `goal ≤ 10`]);
  rows.push([
    'scenario end to printed outcome, 3 M events',
    `${off.events.toLocaleString('en')} events`,
    `${off.postS.toFixed(2)} s`,
    `${(off.events / off.postS / 1e6).toFixed(1)} M events/s (goal ≥ 10)`,
  ]);
  rows.push(['peak memory at 3 M events: runner / cli', '512 MB budget', `${off.runnerMB} / ${off.cliMB} MB`, '']);
  rows.push(findingsRow(off));
  const big = cli(2_500_000, '--no-sites');
  rows.push(['peak memory at 30 M events: runner / cli', '512 MB budget', `${big.runnerMB} / ${big.cliMB} MB`, `${big.bytesPerEvent} bytes/event`]);
  rows.push([
    'scenario end to printed outcome, 30 M events',
    `${big.events.toLocaleString('en')} events`,
    `${big.postS.toFixed(2)} s`,
    `${(big.events / big.postS / 1e6).toFixed(1)} M events/s`,
  ]);
  rows.push(findingsRow(big));
  // A Queue run that fits: printed from the runner's walk, against the same run modelled whole (a JSON --trace).
  const queueOps = { QUEUE_OPS: '60000' };
  const queued = cliRun(queue, queueOps, ['--no-sites']);
  const queuedWhole = cliRun(queue, queueOps, ['--no-sites', '--trace', join(dir, 'q.json')]);
  rows.push([
    `scenario end to printed outcome, Queue 2+2 threads, ${(queued.events / 1e6).toFixed(2)} M events: modelled whole vs walk`,
    `${queuedWhole.postS.toFixed(2)} s`,
    `${queued.postS.toFixed(2)} s`,
    `${(queued.events / queued.postS / 1e6).toFixed(1)} M events/s (goal ≥ 10), ${(queuedWhole.postS / queued.postS).toFixed(1)}× faster`,
  ]);
  // A run whose shared fields race: its race check still reads the file after the run (races.ts). No replay to confirm the race (--no-confirm): the analysis alone.
  const raced = cliRun(race, { RACE_OPS: '200000' }, ['--no-sites', '--no-confirm']);
  rows.push([
    `scenario end to printed outcome / findings, racing run, ${(raced.events / 1e6).toFixed(1)} M events`,
    `${raced.postS.toFixed(2)} s (outcome)`,
    `${raced.findingsS.toFixed(2)} s (findings)`,
    `${(raced.events / raced.findingsS / 1e6).toFixed(2)} M events/s to findings`,
  ]);
  rows.push(findingsRow(raced));
  const w = [80, 22, 20, 30];
  console.log(['long runs', 'baseline', 'ours', 'ratio'].map((h, i) => h.padEnd(w[i])).join(' '));
  for (const r of rows) console.log(r.map((c, i) => c.padEnd(w[i])).join(' '));
  rmSync(dir, { recursive: true, force: true });
}

if (isMainThread)
  void (process.argv[2] === 'contended' ? contendedOnly(Number(process.argv[3] ?? 3)) : main()).catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
else rawWorker();
