// `npm run bench:mp`: what multiprocessing costs, beside baselines measured in the same run
// (docs/measurements.md: the machine is shared and noisy; read ratios, not absolute figures).
// Baselines: a bare `fork` of Node up to its first IPC message, and a bare IPC round trip
// between two processes; ours: Process start→join, start() → target running (from the trace),
// Pool.apply round trip, an mp.Queue round trip between processes and a threading Queue round
// trip between threads.
import { fork } from 'node:child_process';
import { resolve } from 'node:path';
import { runScenario } from '../src/runtime/host/run';
import { baselineChild, median, p90, rawSpawnMs } from './baselines';

const root = resolve(__dirname, '..', '..');

async function rawIpcRoundTripUs(n: number): Promise<number[]> {
  const c = fork(__filename, ['child'], { serialization: 'advanced' });
  await new Promise((r) => c.once('message', r));
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    c.send(i);
    await new Promise((r) => c.once('message', r));
    out.push((performance.now() - t0) * 1000);
  }
  c.kill();
  return out;
}

async function main(): Promise<void> {
  const raw = { spawnMs: await rawSpawnMs(__filename, 5), ipcUs: await rawIpcRoundTripUs(200) };
  const trace = await runScenario({ file: resolve(root, 'bench', 'mp-scenario.ts'), timeLimitS: 120, captureSites: true, sleepScale: 1 }).done;
  if (trace.outcome.kind !== 'completed') throw new Error(`bench scenario: ${trace.outcome.summary}\n${trace.outcome.explanation}`);
  const log = trace.events.find((e) => e.k === 'log' && e.th === 1)!;
  const ours = JSON.parse(trace.strings[log.a!]) as { spawnMs: number[]; applyUs: number[]; mpQueueUs: number[]; threadQueueUs: number[] };
  // start() → the child's MainThread running, read off the trace: the process's boot.
  const bootMs = trace.events
    .filter((e) => e.k === 'processStart')
    .slice(0, 5)
    .map((s) => (trace.events.find((e) => e.k === 'threadStart' && e.th === s.p)!.t - s.t) / 1e6);

  const row = (what: string, fig: string, ratio = '') => console.log(`| ${what} | ${fig} | ${ratio} |`);
  const ms = (x: number) => `${x.toFixed(1)} ms`;
  const us = (xs: number[]) => `${median(xs).toFixed(0)} µs (p90 ${p90(xs).toFixed(0)})`;
  console.log(`Multiprocessing, Node ${process.version}, ${process.platform}-${process.arch}; medians`);
  console.log('| what | figure | vs baseline |');
  console.log('|---|---|---|');
  row('baseline: bare `fork` of node → first IPC message', ms(median(raw.spawnMs)));
  row('Process start() → target running (its MainThread starts)', ms(median(bootMs)), `${(median(bootMs) / median(raw.spawnMs)).toFixed(2)}×`);
  row('Process start() + join(), empty target', ms(median(ours.spawnMs)), `${(median(ours.spawnMs) / median(raw.spawnMs)).toFixed(2)}×`);
  row('baseline: bare IPC round trip between two processes', us(raw.ipcUs));
  row('Pool.apply(identity) round trip (1 worker)', us(ours.applyUs), `${(median(ours.applyUs) / median(raw.ipcUs)).toFixed(2)}×`);
  row('mp.Queue put → get round trip between two processes', us(ours.mpQueueUs), `${(median(ours.mpQueueUs) / median(raw.ipcUs)).toFixed(2)}×`);
  row('threading Queue put → get round trip between two threads', us(ours.threadQueueUs), `${(median(ours.threadQueueUs) / median(raw.ipcUs)).toFixed(2)}×`);
}

if (process.argv[2] === 'child') baselineChild();
else
  void main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
