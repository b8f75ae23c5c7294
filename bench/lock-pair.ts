// Benchmark scenario: uncontended Lock pairs on our runtime (3 recorded events each) vs the bare futex word, measured
// in the same worker, one after the other, several rounds (the median is reported). Sustained: a million pairs a
// round, as fast as the runner takes the events in; burst: rounds that fit in the thread's ring, after a pause in
// which the runner has drained it (the cost of the operation itself). Each is beside its floor in the same rounds:
// the raw pair plus three clock reads stored into shared memory (what three recorded events cannot do without).
import { scenario, Lock, Thread, shared, sleep } from 'interleave';

const N = 1_000_000;
const ROUNDS = 5;

function rawPair(word: Int32Array, n = N): number {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    if (Atomics.compareExchange(word, 0, 0, 1) !== 0) throw new Error('raw lock unexpectedly held');
    if (Atomics.sub(word, 0, 1) !== 1) Atomics.notify(word, 0, 1);
  }
  return ((performance.now() - t0) * 1e6) / n;
}

const clocks = new Float64Array(new SharedArrayBuffer(8 * 4096));
// The clock as the recorder reads it (src/runtime/sched/scheduler.ts): through a reference taken once. The global
// `performance` is a getter in Node, ~30 ns a read on this machine, which a floor must not pay where we do not.
const perf = performance;

function floorPair(word: Int32Array, n = N): number {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const j = (i * 3) & 4095;
    clocks[j] = perf.now();
    if (Atomics.compareExchange(word, 0, 0, 1) !== 0) throw new Error('raw lock unexpectedly held');
    clocks[j + 1] = perf.now();
    clocks[j + 2] = perf.now();
    if (Atomics.sub(word, 0, 1) !== 1) Atomics.notify(word, 0, 1);
  }
  return ((performance.now() - t0) * 1e6) / n;
}

function ourPair(lock: Lock, n = N): number {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    lock.acquire();
    lock.release();
  }
  return ((performance.now() - t0) * 1e6) / n;
}

/** 4,000 pairs (12,000 events: under half of a ring, so no early drain either) after a pause of 20 ms. */
function burst(lock: Lock, word: Int32Array): { raw: number; floor: number; ours: number } {
  const raw: number[] = [];
  const floor: number[] = [];
  const ours: number[] = [];
  for (let r = 0; r < 40; r++) {
    sleep(0.02);
    ours.push(ourPair(lock, 4000));
    raw.push(rawPair(word, 4000));
    floor.push(floorPair(word, 4000));
  }
  return { raw: median(raw), floor: median(floor), ours: median(ours) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export const uncontended = scenario('uncontended pair', () => {
  const word = new Int32Array(new SharedArrayBuffer(4));
  const lock = new Lock();
  const raw: number[] = [];
  const floor: number[] = [];
  const ours: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    raw.push(rawPair(word));
    floor.push(floorPair(word));
    ours.push(ourPair(lock));
  }
  const b = burst(lock, word);
  console.log(
    JSON.stringify({
      bench: 'pair',
      rawNs: median(raw),
      floorNs: median(floor),
      oursNs: median(ours),
      burstRawNs: b.raw,
      burstFloorNs: b.floor,
      burstOursNs: b.ours,
    }),
  );
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
