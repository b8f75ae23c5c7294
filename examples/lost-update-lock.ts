// Lost update fixed: the same read-modify-write under a Lock loses nothing
//
// `lost-update` with one change: each read-sleep-write runs inside lock.with(...) (Python's
// `with lock:`). While one adder holds the lock, the other blocks in acquire, so a read can no
// longer fall between another thread's read and write.
//
// What to look for: the final count is exactly 2 × ROUNDS = 10. The adders take turns: each
// lane alternates between holding the lock and waiting for it, and every wait ends with an arrow
// from the other adder's release. It takes twice as long as the unprotected version: the lock
// makes the critical sections run one at a time.
import { scenario, Thread, Lock, shared, sleep, log } from 'interleave';

/** Increments per thread. */
const ROUNDS = 5;
/** Time between reading the counter and writing it back. */
const GAP_S = 0.02;

export function increment(counter: { count: number }, lock: Lock, rounds: number) {
  for (let r = 0; r < rounds; r++) {
    lock.with(() => {
      const seen = counter.count;
      sleep(GAP_S);
      counter.count = seen + 1;
    });
  }
}

export default scenario('Lost update fixed: read-modify-write under a Lock', () => {
  const counter = shared({ count: 0 });
  const lock = new Lock();
  const adders = [1, 2].map((n) => new Thread({ target: increment, args: [counter, lock, ROUNDS], name: `adder-${n}` }));
  for (const t of adders) t.start();
  for (const t of adders) t.join();
  log(`count = ${counter.count}, expected ${2 * ROUNDS}`);
});
