// BoundedSemaphore: a double release raises ValueError in the thread that did it
//
// A Semaphore trusts its callers: release() without a matching acquire() simply adds a permit,
// and from then on one thread too many gets in — a bug that shows up far away, much later. A
// BoundedSemaphore remembers its starting value and raises ValueError("Semaphore released too
// many times") the moment a release would go past it, in the thread that made the mistake.
//
// Here `careful` borrows a permit with `with`, as it should. `sloppy` releases in its body and
// again in `finally` — a classic double release. Once careful has given its permit back, sloppy's
// second release would make 3 permits out of 2.
//
// What to look for: sloppy's lane ends with an exception marker carrying the ValueError and its
// line; careful's lane finishes normally; the run completes ("1 thread raised"), because an
// exception in a thread ends only that thread, as in Python. The permits counter never exceeds 2.
import { scenario, Thread, BoundedSemaphore, sleep, log } from 'interleave';

/** How long each thread keeps its permit; careful is done before sloppy releases. */
const CAREFUL_S = 0.1;
const SLOPPY_S = 0.3;

export function careful(pool: BoundedSemaphore) {
  pool.with(() => {
    log('using a permit');
    sleep(CAREFUL_S);
  });
}

export function sloppy(pool: BoundedSemaphore) {
  pool.acquire();
  try {
    log('using a permit');
    sleep(SLOPPY_S);
    pool.release(); // gives the permit back ...
  } finally {
    pool.release(); // ... and gives it back again: ValueError
  }
  log('never reached');
}

export default scenario('BoundedSemaphore: a double release raises ValueError', () => {
  const pool = new BoundedSemaphore(2);
  const threads = [careful, sloppy].map((target) => new Thread({ target, args: [pool], name: target.name }));
  for (const t of threads) t.start();
  for (const t of threads) t.join();
  log(`permits left: ${pool.value} of 2`);
});
