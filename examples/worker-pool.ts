// Worker pool: the same CPU-bound map on 1 process, then on 2, side by side
//
// Threads of one process here run JavaScript in parallel, but in CPython the GIL lets only one
// thread compute at a time: CPU-bound work there needs processes. A Pool keeps worker
// processes and hands them tasks; map() splits a list into tasks and returns the results in
// order. Each worker runs one task at a time, so with two workers (and two free cores) two tasks
// run at once.
//
// What to look for: each worker process has its own lane; every task is a span on the lane of
// the worker that ran it, with an arrow from the map() that submitted it and one to the get()
// that received its result. With Pool(1) the tasks follow one another on one lane; with Pool(2)
// they are side by side on two lanes, and MainThread's log gives both times and the speedup
// (close to 2× on an idle two-core machine). Starting a process costs far more than a thread: the
// warm-up waits until every worker is up, so the times compare computing, not starting.
import { scenario, mp, log } from 'interleave';

/** Enough work for a few tens of milliseconds per task. */
const LIMIT = 400_000;
const TASKS = 6;

export function countPrimes(limit: number): number {
  let count = 0;
  for (let n = 2; n < limit; n++) {
    let prime = true;
    for (let d = 2; d * d <= n; d++) {
      if (n % d === 0) {
        prime = false;
        break;
      }
    }
    if (prime) count++;
  }
  return count;
}

/** A task that holds its worker until every worker has one: then all of them are up. */
export function arrive(arrived: mp.Queue, go: mp.Event) {
  arrived.put(process.pid);
  go.wait();
}

function warmUp(pool: mp.Pool) {
  const arrived = new mp.Queue();
  const go = new mp.Event();
  const tasks = Array.from({ length: pool.processes }, () => pool.applyAsync(arrive, [arrived, go]));
  for (let i = 0; i < pool.processes; i++) arrived.get();
  go.set();
  for (const t of tasks) t.get();
}

function timedMap(processes: number): number {
  const pool = new mp.Pool(processes, { name: `pool of ${processes}` });
  warmUp(pool);
  const t0 = performance.now();
  const counts = pool.map(countPrimes, Array.from({ length: TASKS }, () => LIMIT), 1);
  const ms = performance.now() - t0;
  log(`${processes} process${processes > 1 ? 'es' : ''}: ${TASKS} tasks in ${ms.toFixed(0)} ms (${counts[0]} primes each)`);
  pool.close();
  pool.join();
  return ms;
}

export default scenario('Worker pool: a CPU-bound map on 1 process, then on 2', () => {
  const one = timedMap(1);
  const two = timedMap(2);
  log(`speedup with 2 processes: ×${(one / two).toFixed(2)}`);
});
