// Barrier(3): threads meet after every phase; the last to arrive runs the action
//
// A Barrier(parties) makes threads wait for each other: wait() blocks until `parties` threads
// have called it, then releases them all together and resets for the next round. Each thread
// gets its arrival index (0 .. parties-1). The optional action runs once per round, in the thread
// that arrived last (index parties-1), before anyone is released: handy to merge the results of a
// phase before the next one starts.
//
// What to look for: in each phase the workers finish their own work at different times; the
// early ones wait on `barrier` until the slowest arrives, then all three lanes start the next
// phase together (the trip draws an arrow to every waiter). 'phase done' is logged once per phase,
// on the lane of whoever arrived last.
import { scenario, Thread, Barrier, sleep, log } from 'interleave';

/** Work per phase, per worker: a different thread is slowest in each phase. */
const WORK_S = [
  [0.05, 0.15, 0.1],
  [0.15, 0.05, 0.1],
];

/** The barrier's action: runs in the last thread to arrive, once per phase. */
export function phaseDone() {
  log('phase done: all three arrived');
}

export function worker(barrier: Barrier, n: number) {
  WORK_S.forEach((work, phase) => {
    sleep(work[n]);
    const index = barrier.wait();
    log(`phase ${phase + 1}: arrived ${index + 1} of ${barrier.parties}`);
  });
}

export default scenario('Barrier: threads meet at the end of each phase', () => {
  const barrier = new Barrier(3, phaseDone);
  const workers = [0, 1, 2].map((n) => new Thread({ target: worker, args: [barrier, n], name: `worker-${n + 1}` }));
  for (const t of workers) t.start();
  for (const t of workers) t.join();
});
