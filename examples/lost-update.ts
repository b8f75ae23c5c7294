// Lost update: two threads increment a shared counter without a lock
//
// `count = count + 1` is three steps: read, add, write. Two threads that interleave those steps
// both read the same value and both write value + 1: one increment is lost. Here the gap between
// the read and the write is stretched with a short sleep (think of it as the work done with the
// value), so the race that is rare in real code happens on every round.
//
// What to look for: the final count (in the outcome's shared values) is less than
// 2 × ROUNDS = 10. On the timeline, each adder reads the counter, sleeps, writes — and the other
// adder's read falls inside that sleep, so it reads the old value. (On a busy machine one adder
// may start so late that it misses the other's rounds and nothing is lost this time: the Data
// races section still reports the race, and its confirmation by replay lists the counts that
// other schedules end with, each with the command that replays it.) Then run `lost-update-lock`:
// the same program with a Lock around the read-modify-write ends at exactly 10.
import { scenario, Thread, shared, sleep, log } from 'interleave';

/** Increments per thread. */
const ROUNDS = 5;
/** Time between reading the counter and writing it back. */
const GAP_S = 0.02;

export function increment(counter: { count: number }, rounds: number) {
  for (let r = 0; r < rounds; r++) {
    const seen = counter.count; // read
    sleep(GAP_S); // ... work with the value; the other thread may read the same value meanwhile
    counter.count = seen + 1; // write: overwrites whatever the other thread wrote since our read
  }
}

export default scenario('Lost update: read-modify-write without a lock', () => {
  const counter = shared({ count: 0 });
  const adders = [1, 2].map((n) => new Thread({ target: increment, args: [counter, ROUNDS], name: `adder-${n}` }));
  for (const t of adders) t.start();
  for (const t of adders) t.join();
  log(`count = ${counter.count}, expected ${2 * ROUNDS}`);
});
