// `npm run bench:python`: what the Python tracer costs, each workload run plain and traced (through
// the host, events streamed and built into a trace as the CLI does) in the same run, alternating,
// median of REPEATS. Workloads: bench/python/workloads.py. Goals (issue 11): a CPU loop with no
// synchronisation ≤ 1.05×, ≤ 1 µs per recorded event, Lock and Queue ping-pong ≤ 2×.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { loadavg } from 'node:os';
import { runPython } from '../src/runtime/host/python/run';
import { defaultDistDir } from '../src/runtime/host/run';

const REPEATS = Number(process.env.REPEATS ?? 5);
const script = resolve(__dirname, 'python', 'workloads.py');
const python = process.env.PYTHON ?? 'python3';
const distDir = process.env.INTERLEAVE_DIST ?? defaultDistDir();

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function plain(kind: string, n: number): number {
  const r = spawnSync(python, [script, kind, String(n)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${kind}: ${r.stderr}`);
  return Number(r.stdout.trim());
}

async function traced(kind: string, n: number): Promise<{ s: number; events: number }> {
  let out = '';
  const h = runPython({ file: script, args: [kind, String(n)], python, timeLimitS: 600 }, undefined, {
    distDir,
    onOutput: (t, s) => s === 'stdout' && (out += t),
  });
  const trace = await h.done;
  if (trace.outcome.kind !== 'completed') throw new Error(`${kind}: ${trace.outcome.summary}`);
  return { s: Number(out.trim()), events: trace.events.length };
}

async function measure(kind: string, n: number) {
  const p: number[] = [];
  const t: number[] = [];
  let events = 0;
  for (let i = 0; i < REPEATS; i++) {
    p.push(plain(kind, n));
    const r = await traced(kind, n);
    t.push(r.s);
    events = r.events;
  }
  return { plain: median(p), traced: median(t), events };
}

const fmt = (s: number) => (s < 1e-3 ? `${(s * 1e6).toFixed(1)} µs` : s < 1 ? `${(s * 1e3).toFixed(1)} ms` : `${s.toFixed(3)} s`);

(async () => {
  const version = spawnSync(python, ['-c', 'import sys; print(sys.version.split()[0])'], { encoding: 'utf8' }).stdout.trim();
  console.log(
    `Python ${version} (${python}), ${REPEATS} runs each, median; load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
  console.log('| measure | plain python3 | traced | ratio | goal |');
  console.log('|---|---:|---:|---:|---|');
  const cpu = await measure('cpu', 3_000_000);
  console.log(
    `| CPU loop, 3 M iterations, no synchronisation | ${fmt(cpu.plain)} | ${fmt(cpu.traced)} | **${(cpu.traced / cpu.plain).toFixed(3)}×** | ≤ 1.05× |`,
  );
  const n = 200_000;
  const lock = await measure('lock', n);
  const perEvent = (lock.traced - lock.plain) / (lock.events - 0);
  console.log(
    `| uncontended Lock acquire + release, ${n / 1000} k pairs (${lock.events} events recorded) | ${fmt(lock.plain / n)} per pair | ${fmt(lock.traced / n)} per pair | **${fmt(perEvent)} per recorded event** | ≤ 1 µs per event |`,
  );
  const pp = await measure('lockpingpong', 20_000);
  console.log(`| two-thread Lock ping-pong, 20 k round trips | ${fmt(pp.plain)} | ${fmt(pp.traced)} | **${(pp.traced / pp.plain).toFixed(2)}×** | ≤ 2× |`);
  const qp = await measure('queuepingpong', 20_000);
  console.log(`| two-thread Queue ping-pong, 20 k round trips | ${fmt(qp.plain)} | ${fmt(qp.traced)} | **${(qp.traced / qp.plain).toFixed(2)}×** | ≤ 2× |`);
  console.log(
    `load average after: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
})();
