// `npm run bench:start`: Run → first events at the host, the part of the extension's "Run → first
// lane painted" that the runner decides. Alternates runs in a freshly forked runner (the CLI's case,
// and the extension's when no runner is waiting) with runs taken from a spare runner forked ahead
// and left to boot (the extension's usual case). Baseline, measured in the same run: a bare `fork`
// of Node up to its first IPC message. The scenario is the seed's Lock example (its first events
// come at once). Also the idle spare runner's memory (RSS, Linux /proc).
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { prepareSpareRunner, runScenario, type HostEnv } from '../src/runtime/host/run';
import { disposeSpares } from '../src/runtime/host/spares';
import { baselineChild, median, p90, rawSpawnMs } from './baselines';

const root = resolve(__dirname, '..', '..');
const file = resolve(root, 'examples', 'lock-deadlock.ts');
const ROUNDS = 7;
/** How long a spare is left to boot before it is used (the extension's is forked at activation and after each run). */
const SPARE_IDLE_MS = 1000;

async function firstEventsMs(env: HostEnv): Promise<number> {
  const t0 = performance.now();
  let first: number | undefined;
  const run = runScenario(
    { file, timeLimitS: 10, captureSites: true, sleepScale: 1 },
    (m) => {
      if (m.type === 'events' && first === undefined) first = performance.now() - t0;
    },
    env,
  );
  const trace = await run.done;
  if (trace.outcome.kind !== 'deadlock' || first === undefined) throw new Error(`the seed Lock example: ${trace.outcome.summary}`);
  return first;
}

/** RSS of a process forked from `bundle` once it has been idle SPARE_IDLE_MS: what a waiting runner costs. */
async function idleRssMb(bundle: string, args: string[] = []): Promise<number> {
  const c = fork(bundle, args, { serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  await new Promise((r) => setTimeout(r, SPARE_IDLE_MS));
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${c.pid}/status`, 'utf8'))?.[1]);
  c.kill();
  return kb / 1024;
}

async function main(): Promise<void> {
  const baseline = await rawSpawnMs(__filename, ROUNDS);
  const cold: number[] = [];
  const spare: number[] = [];
  const spareEnv: HostEnv = { spares: true };
  for (let i = 0; i < ROUNDS; i++) {
    cold.push(await firstEventsMs({}));
    prepareSpareRunner(spareEnv);
    await new Promise((r) => setTimeout(r, SPARE_IDLE_MS));
    spare.push(await firstEventsMs(spareEnv));
    // Let the run's runner wind down, or it would compete with the next cold run.
    await new Promise((r) => setTimeout(r, SPARE_IDLE_MS));
  }
  disposeSpares();
  const rss = { node: await idleRssMb(__filename, ['child']), runner: await idleRssMb(resolve(root, 'dist', 'runner.js')) };
  const ms = (xs: number[]) => `${median(xs).toFixed(0)} ms (p90 ${p90(xs).toFixed(0)})`;
  const vs = (xs: number[]) => `${(median(xs) / median(baseline)).toFixed(2)}×`;
  console.log(`Run → first events at the host, Node ${process.version}, ${ROUNDS} rounds; medians`);
  console.log('| what | figure | vs baseline |');
  console.log('|---|---|---|');
  console.log(`| baseline: bare \`fork\` of node → first IPC message | ${ms(baseline)} | |`);
  console.log(`| runScenario → first event batch, runner forked for the run | ${ms(cold)} | ${vs(cold)} |`);
  console.log(`| runScenario → first event batch, from a spare runner idle ${SPARE_IDLE_MS} ms | ${ms(spare)} | ${vs(spare)} |`);
  console.log(`| memory of an idle runner (RSS; baseline: an idle forked node) | ${rss.runner.toFixed(0)} MB | node ${rss.node.toFixed(0)} MB |`);
}

if (process.argv[2] === 'child') baselineChild();
// Runners a run leaves behind (the next spare) must not keep the bench alive.
else
  void main().then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
