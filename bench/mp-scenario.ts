// The scenario `npm run bench:mp` runs: what a process, a pool task and a message between
// processes cost, beside a message between threads. It logs its figures as one JSON line.
import { scenario, mp, Thread, Queue, log } from 'interleave';

const SPAWNS = 5;
const ROUND_TRIPS = 200;

export function nothing() {}

export function identity(x: number) {
  return x;
}

export function echoProcess(inq: mp.Queue, outq: mp.Queue, n: number) {
  for (let i = 0; i < n; i++) outq.put(inq.get());
}

export function echoThread(inq: Queue, outq: Queue, n: number) {
  for (let i = 0; i < n; i++) outq.put(inq.get());
}

function pingPong(inq: { put(x: number): void }, outq: { get(): unknown }, n: number): number[] {
  const us: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    inq.put(i);
    outq.get();
    us.push((performance.now() - t0) * 1000);
  }
  return us;
}

export default scenario('multiprocessing costs', () => {
  const spawnMs: number[] = [];
  for (let i = 0; i < SPAWNS; i++) {
    const t0 = performance.now();
    const p = new mp.Process({ target: nothing });
    p.start();
    p.join();
    spawnMs.push(performance.now() - t0);
  }

  const pool = new mp.Pool(1);
  pool.apply(identity, [0]); // the worker is up
  const applyUs: number[] = [];
  for (let i = 0; i < ROUND_TRIPS; i++) {
    const t0 = performance.now();
    pool.apply(identity, [i]);
    applyUs.push((performance.now() - t0) * 1000);
  }
  pool.close();
  pool.join();

  const [a, b] = [new mp.Queue(), new mp.Queue()];
  const echo = new mp.Process({ target: echoProcess, args: [a, b, ROUND_TRIPS + 1] });
  echo.start();
  pingPong(a, b, 1);
  const mpQueueUs = pingPong(a, b, ROUND_TRIPS);
  echo.join();

  const [c, d] = [new Queue(), new Queue()];
  const t = new Thread({ target: echoThread, args: [c, d, ROUND_TRIPS + 1] });
  t.start();
  pingPong(c, d, 1);
  const threadQueueUs = pingPong(c, d, ROUND_TRIPS);
  t.join();

  log(JSON.stringify({ spawnMs, applyUs, mpQueueUs, threadQueueUs }));
});
