// Dining philosophers fixed: lower-numbered fork first, no deadlock
//
// The `dining-philosophers` dinner with one change: forks are numbered, and each philosopher
// picks up the lower-numbered of their two forks first. Four philosophers still take their left
// fork first, but the last one (between fork 4 and fork 0) takes fork 0 first — the same fork
// as the first philosopher. A cycle of waits would need someone to hold a higher fork while
// waiting for a lower one, and nobody ever does that, so no cycle can form. Acquiring locks in
// one global order is the standard cure for lock-order deadlocks.
//
// What to look for: some lanes are blocked for a while — a philosopher waiting for a fork still
// in use — but every wait ends, with an arrow from the neighbour's release. Everyone eats MEALS
// times (the outcome's shared values count them).
import { scenario, Thread, Event, Lock, shared, sleep, log } from 'interleave';

const PHILOSOPHERS = ['Aristotle', 'Kant', 'Spinoza', 'Marx', 'Russell'];
const MEALS = 2;
/** Time between taking the first fork and reaching for the second. */
const REACH_S = 0.1;
const EAT_S = 0.05;
const THINK_S = 0.05;

export function philosopher(name: string, forkA: Lock, forkB: Lock, served: Event, meals: Record<string, number>) {
  // forkA is the lower-numbered fork: always taken first.
  served.wait();
  for (let meal = 0; meal < MEALS; meal++) {
    forkA.acquire();
    sleep(REACH_S);
    forkB.acquire();
    log('eating');
    sleep(EAT_S);
    meals[name] += 1;
    forkB.release();
    forkA.release();
    sleep(THINK_S);
  }
}

export default scenario('Dining philosophers: forks taken in a global order complete', () => {
  const served = new Event();
  const meals = shared(Object.fromEntries(PHILOSOPHERS.map((p) => [p, 0])));
  const forks = PHILOSOPHERS.map((_, i) => new Lock({ name: `fork-${i}` }));
  const diners = PHILOSOPHERS.map((name, i) => {
    const [low, high] = [i, (i + 1) % forks.length].sort((a, b) => a - b);
    return new Thread({ target: philosopher, args: [name, forks[low], forks[high], served, meals], name });
  });
  for (const t of diners) t.start();
  served.set();
  for (const t of diners) t.join();
});
