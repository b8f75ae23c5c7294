// `npm run bench:det`: deterministic mode's throughput. Schedules per second of an exploration
// (a pool of reused workers; each run resets shared memory and re-runs the module's top level in
// every worker), with one pool and with two side by side, and the wall time of one deterministic
// run of a sleeping scenario against its virtual duration. The machine is shared: read ratios.
import { resolve } from 'node:path';
import { availableParallelism, loadavg } from 'node:os';
import type { ExploreOptions } from '../src/core/protocol/runner';
import { explore } from '../src/runtime/runner/explore';
import { runScenario } from '../src/runtime/host/run';

const root = resolve(__dirname, '..', '..');
const distDir = resolve(__dirname, '..');

async function rate(file: string, runs: number, strategy: 'random' | 'pct', parallel: number): Promise<{ perS: number; outcomes: string }> {
  const o: ExploreOptions = { file, runs, strategy, seed: 1, sleepScale: 1, parallel };
  const r = await explore(o, distDir, () => {}).done;
  if (r.error) throw new Error(r.error.message);
  const short = (label: string) => (label.length > 40 ? `${label.slice(0, 39)}…` : label);
  const outcomes = r.rows.map((x) => `${short(x.label)}: ${Math.round((x.count / r.done) * 100)} %`).join('; ');
  return { perS: (r.done / r.elapsedMs) * 1000, outcomes };
}

async function main(): Promise<void> {
  const runs = Number(process.env.INTERLEAVE_BENCH_RUNS ?? 3000);
  console.log(`deterministic mode — ${availableParallelism()} cores, load ${loadavg()[0].toFixed(1)}, ${runs} schedules per figure\n`);
  const cases: [string, string, 'random' | 'pct'][] = [
    ['seed Lock example (lock-deadlock)', 'examples/lock-deadlock.ts', 'pct'],
    ['seed Lock example (lock-deadlock)', 'examples/lock-deadlock.ts', 'random'],
    ['lost update, 2 threads, no sleep', 'test/deterministic/fixtures/lost-update.ts', 'pct'],
    ['dining philosophers (naive, 5)', 'examples/dining-philosophers.ts', 'pct'],
    ['dining philosophers (ordered, 5)', 'examples/dining-philosophers-ordered.ts', 'pct'],
  ];
  console.log('| scenario | strategy | schedules/s, 1 pool | schedules/s, 2 pools | outcomes |');
  console.log('|---|---|---:|---:|---|');
  for (const [name, file, strategy] of cases) {
    const one = await rate(resolve(root, file), Math.ceil(runs / 2), strategy, 1);
    const two = await rate(resolve(root, file), runs, strategy, 2);
    console.log(`| ${name} | ${strategy} | ${one.perS.toFixed(0)} | ${two.perS.toFixed(0)} | ${two.outcomes} |`);
  }
  // Virtual time: a scenario that sleeps ~1 s of its own finishes as fast as its operations allow.
  const file = resolve(root, 'examples/semaphore.ts');
  const wall = async (det: boolean) => {
    const t0 = performance.now();
    const t = await runScenario(
      { file, timeLimitS: 60, captureSites: true, sleepScale: 1, deterministic: det ? { seed: 1, strategy: 'random' } : undefined },
      undefined,
      { distDir },
    ).done;
    return { ms: performance.now() - t0, scenarioMs: t.outcome.durationNs / 1e6 };
  };
  const real = await wall(false);
  const det = await wall(true);
  console.log(
    `\nexamples/semaphore.ts, one run including the runner process: real time ${real.ms.toFixed(0)} ms for ${real.scenarioMs.toFixed(0)} ms of scenario; deterministic ${det.ms.toFixed(0)} ms for ${det.scenarioMs.toFixed(0)} ms of virtual time`,
  );
}

void main().then(() => process.exit(0));
