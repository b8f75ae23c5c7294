// Benchmark scenario: uncontended Lock pairs on our runtime (3 recorded events each) vs the bare futex word, measured
// in the same worker, one after the other, several rounds (the median is reported).
import { scenario, Lock, Thread, shared } from 'interleave';

const N = 1_000_000;
const ROUNDS = 5;

function rawPair(word: Int32Array): number {
  const t0 = performance.now();
  for (let i = 0; i < N; i++) {
    if (Atomics.compareExchange(word, 0, 0, 1) !== 0) throw new Error('raw lock unexpectedly held');
    if (Atomics.sub(word, 0, 1) !== 1) Atomics.notify(word, 0, 1);
  }
  return ((performance.now() - t0) * 1e6) / N;
}

function ourPair(lock: Lock): number {
  const t0 = performance.now();
  for (let i = 0; i < N; i++) {
    lock.acquire();
    lock.release();
  }
  return ((performance.now() - t0) * 1e6) / N;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export const uncontended = scenario('uncontended pair', () => {
  const word = new Int32Array(new SharedArrayBuffer(4));
  const lock = new Lock();
  const raw: number[] = [];
  const ours: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    raw.push(rawPair(word));
    ours.push(ourPair(lock));
  }
  console.log(JSON.stringify({ bench: 'pair', rawNs: median(raw), oursNs: median(ours) }));
});

export function hammer(lock: Lock, counter: { n: number }, ops: number) {
  for (let i = 0; i < ops; i++) {
    lock.acquire();
    counter.n = counter.n + 1;
    lock.release();
  }
}

export const contended = scenario('4 threads contending', () => {
  const lock = new Lock();
  const counter = shared({ n: 0 });
  const ops = 250_000;
  const threads = Array.from({ length: 4 }, () => new Thread({ target: hammer, args: [lock, counter, ops] }));
  const t0 = performance.now();
  threads.forEach((t) => t.start());
  threads.forEach((t) => t.join());
  const ns = ((performance.now() - t0) * 1e6) / (4 * ops);
  console.log(JSON.stringify({ bench: 'contended', oursNs: ns, exact: counter.n === 4 * ops }));
});
