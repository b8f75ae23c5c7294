// `npm run bench:python`: what the Python tracer costs, each workload run plain and traced (through
// the host, events streamed and built into a trace as the CLI does) in the same run. Workloads:
// bench/python/workloads.py. Goals (issue 11): a CPU loop with no synchronisation ≤ 1.05×, ≤ 1 µs
// per recorded event, Lock and Queue ping-pong ≤ 2×.
//
// Honest on a shared 2-core machine: one untimed warm-up of each side, then REPEATS pairs, plain and
// traced back to back (which goes first alternates, so a drift in load favours neither); each pair
// gives a ratio, and the table shows the median ratio with the lowest and highest. Wall time and
// the process's CPU time (every thread of the Python process, the tracer's watchdog included; not
// the host's) are both shown: CPU time hardly moves with other processes' load.
//
// Pinned (CPU=N, default 0; CPU=none to not pin): every thread of the Python process runs on one
// CPU, plain and traced alike. A two-thread ping-pong unpinned measures where the scheduler puts the
// woken thread (an idle core wakes slowly, a busy one not at all) more than Python: its ratio swung
// 1.8×–2.8× between runs. Pinned, a hand-off is a switch on one core, as under the GIL only one of
// the threads runs at a time anyway. The host is not pinned: it reads the stream on any CPU.
//
// COUNT=1 instead counts instructions with valgrind (cachegrind), which load does not change: each
// workload at N minus at 0, per unit, plain and traced (the tracer without a host: its chunks are
// marshalled and dropped). Valgrind runs one thread at a time, so a ping-pong's count is the
// Python code both threads run, not the hand-off.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { loadavg } from 'node:os';
import { runPython, tracerDir } from '../src/runtime/host/python/run';
import { defaultDistDir } from '../src/runtime/host/run';

const REPEATS = Number(process.env.REPEATS ?? 7);
const CPU = process.env.CPU ?? '0';
const script = resolve(__dirname, 'python', 'workloads.py');
const distDir = process.env.INTERLEAVE_DIST ?? defaultDistDir();
const python = resolvePython(process.env.PYTHON ?? 'python3');

/** The interpreter itself, not a shim script (pyenv's `python3` is one, which valgrind would count). */
function resolvePython(p: string): string {
  const r = spawnSync(p, ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${p}: ${r.stderr}`);
  return r.stdout.trim();
}

const env = CPU === 'none' ? process.env : { ...process.env, INTERLEAVE_BENCH_CPU: CPU };

interface Time {
  wall: number;
  cpu: number;
}

function parse(kind: string, out: string): Time {
  const [wall, cpu] = out.trim().split(/\s+/).map(Number);
  if (!(wall >= 0 && cpu >= 0)) throw new Error(`${kind}: unexpected output ${JSON.stringify(out)}`);
  return { wall, cpu };
}

function plain(kind: string, n: number): Time {
  const r = spawnSync(python, [script, kind, String(n)], { encoding: 'utf8', env });
  if (r.status !== 0) throw new Error(`${kind}: ${r.stderr}`);
  return parse(kind, r.stdout);
}

async function traced(kind: string, n: number): Promise<Time & { events: number }> {
  let out = '';
  const h = runPython({ file: script, args: [kind, String(n)], python, timeLimitS: 600 }, undefined, {
    distDir,
    env,
    onOutput: (t, s) => s === 'stdout' && (out += t),
  });
  const trace = await h.done;
  if (trace.outcome.kind !== 'completed') throw new Error(`${kind}: ${trace.outcome.summary}`);
  return { ...parse(kind, out), events: trace.events.length };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface Measured {
  plain: Time[];
  traced: Time[];
  events: number;
}

async function measure(kind: string, n: number): Promise<Measured> {
  plain(kind, Math.ceil(n / 10));
  await traced(kind, Math.ceil(n / 10));
  const m: Measured = { plain: [], traced: [], events: 0 };
  for (let i = 0; i < REPEATS; i++) {
    if (i % 2) m.plain.push(plain(kind, n));
    const r = await traced(kind, n);
    m.traced.push(r);
    m.events = r.events;
    if (!(i % 2)) m.plain.push(plain(kind, n));
  }
  return m;
}

const fmt = (s: number) => (s < 1e-3 ? `${(s * 1e6).toFixed(2)} µs` : s < 1 ? `${(s * 1e3).toFixed(1)} ms` : `${s.toFixed(3)} s`);

/** Median of the pairs' values, with the lowest and highest: "1.52× (1.41–1.60)". */
function spread(m: Measured, f: (p: number, t: number) => number, clock: keyof Time, show: (x: number) => string): string {
  const xs = m.plain.map((p, i) => f(p[clock], m.traced[i][clock]));
  return `**${show(median(xs))}** (${show(Math.min(...xs))}–${show(Math.max(...xs))})`;
}

const ratio = (m: Measured, clock: keyof Time) =>
  spread(
    m,
    (p, t) => t / p,
    clock,
    (x) => `${x.toFixed(2)}×`,
  );
const times = (m: Measured, clock: keyof Time, per = 1) =>
  `${fmt(median(m.plain.map((p) => p[clock])) / per)} / ${fmt(median(m.traced.map((t) => t[clock])) / per)}`;
const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');

async function timed() {
  console.log(`Python ${python}, ${REPEATS} pairs each after a warm-up, ${CPU === 'none' ? 'not pinned' : `pinned to CPU ${CPU}`}; load average ${load()}`);
  console.log('| measure | wall: plain / traced | wall ratio (lowest–highest) | CPU: plain / traced | CPU ratio | goal |');
  console.log('|---|---:|---:|---:|---:|---|');
  const cpu = await measure('cpu', 3_000_000);
  console.log(
    `| CPU loop, 3 M iterations, no synchronisation | ${times(cpu, 'wall')} | ${ratio(cpu, 'wall')} | ${times(cpu, 'cpu')} | ${ratio(cpu, 'cpu')} | ≤ 1.05× |`,
  );
  const n = 200_000;
  for (const [kind, what] of [
    ['lock', 'acquire() + release()'],
    ['lockwith', '`with lock:`'],
  ]) {
    const m = await measure(kind, n);
    const perEvent = (p: number, t: number) => (t - p) / m.events;
    console.log(
      `| uncontended Lock ${what}, ${n / 1000} k pairs (${m.events} events): per pair, and per recorded event | ${times(m, 'wall', n)} | ${spread(m, perEvent, 'wall', fmt)} | ${times(m, 'cpu', n)} | ${spread(m, perEvent, 'cpu', fmt)} | ≤ 1 µs per event |`,
    );
  }
  for (const [kind, what] of [
    ['lockpingpong', 'Lock'],
    ['queuepingpong', 'Queue'],
  ]) {
    const m = await measure(kind, 20_000);
    console.log(
      `| two-thread ${what} ping-pong, 20 k round trips | ${times(m, 'wall')} | ${ratio(m, 'wall')} | ${times(m, 'cpu')} | ${ratio(m, 'cpu')} | ≤ 2× |`,
    );
  }
  console.log(`load average after: ${load()}`);
}

function instructions(args: string[]): number {
  const r = spawnSync('valgrind', ['--tool=cachegrind', '--cache-sim=no', '--cachegrind-out-file=/dev/null', python, ...args], { encoding: 'utf8' });
  const m = /I\s+refs:\s+([\d,]+)/.exec(r.stderr);
  if (r.status !== 0 || !m) throw new Error(`valgrind ${args.join(' ')}: ${r.stderr.slice(-500)}`);
  return Number(m[1].replace(/,/g, ''));
}

function counted() {
  const tracer = tracerDir(distDir);
  console.log(`Python ${python}: instructions per unit (valgrind cachegrind, the workload at N minus at 0)`);
  console.log('| workload | N | plain | traced | traced / plain |');
  console.log('|---|---:|---:|---:|---:|');
  for (const [kind, n, what] of [
    ['lock', 20_000, 'uncontended Lock acquire() + release(), per pair'],
    ['lockwith', 20_000, 'uncontended `with lock:`, per pair'],
    ['lockpingpong', 5_000, 'two-thread Lock ping-pong, per round trip'],
    ['queuepingpong', 5_000, 'two-thread Queue ping-pong, per round trip'],
  ] as const) {
    const per = (args: string[]) => (instructions([...args, kind, String(n)]) - instructions([...args, kind, '0'])) / n;
    const p = per([script]);
    const t = per([tracer, script]);
    console.log(`| ${what} | ${n} | ${Math.round(p).toLocaleString('en')} | ${Math.round(t).toLocaleString('en')} | ${(t / p).toFixed(2)}× |`);
  }
}

if (process.env.COUNT === '1') counted();
else void timed();
