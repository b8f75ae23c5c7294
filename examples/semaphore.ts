// Semaphore(2): three workers; the third waits until one releases
//
// The notes' Semaphore example: a Semaphore(2) holds two permits. `with semaphore:` takes one on
// the way in and gives it back on the way out; when both are taken, the next thread blocks until
// someone gives one back. It limits how many threads do something at the same time (say, how
// many connections are open), unlike a Lock, which lets exactly one in.
//
// What to look for: two workers get a permit at once and sleep side by side; the third lane is
// blocked on `semaphore` until the first release, and an arrow links that release to its
// acquire. The permits counter goes 2 → 1 → 0, back up to 1, down again. The notes say the third
// worker runs once two have finished; strictly it runs as soon as one of them releases — both
// sleep the same time here, so the two releases come together.
import { scenario, Thread, Semaphore, sleep, log } from 'interleave';

/** The notes' time.sleep(5), scaled down. */
const WORK_S = 0.3;

export function worker(semaphore: Semaphore) {
  semaphore.with(() => {
    log('start');
    sleep(WORK_S);
    log('end');
  });
}

export default scenario('Semaphore(2): the third worker waits for a permit', () => {
  const semaphore = new Semaphore(2); // two threads at a time
  const threads = [1, 2, 3].map((n) => new Thread({ target: worker, args: [semaphore], name: `worker${n}` }));
  for (const t of threads) t.start();
});
