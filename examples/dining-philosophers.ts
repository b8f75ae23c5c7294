// Dining philosophers: left fork, then right fork — five threads deadlock
//
// Five philosophers sit at a round table with one fork between each pair. To eat, a philosopher
// needs both neighbouring forks. Each one here picks up the left fork, then reaches for the right.
// If all five pick up their left fork at about the same moment, every right fork is someone
// else's left fork: each waits for a neighbour who waits for the next — a cycle of five threads
// and five locks, and nobody ever eats.
//
// The dinner starts with an Event (`served`) so that all five begin together, and REACH_S
// stretches the moment between the two forks: the deadlock that a real program hits once in a
// million runs happens on every run here.
//
// What to look for: each lane takes one fork, then turns blocked for good; the outcome is a
// deadlock whose cycle goes round the whole table, each philosopher holding one fork and waiting
// for the next. Then run `dining-philosophers-ordered`: the same dinner, forks taken in a fixed
// global order, completes.
import { scenario, Thread, Event, Lock, shared, sleep, log } from 'interleave';

const PHILOSOPHERS = ['Aristotle', 'Kant', 'Spinoza', 'Marx', 'Russell'];
/** Time between taking the first fork and reaching for the second. */
const REACH_S = 0.1;
const EAT_S = 0.05;

export function philosopher(name: string, left: Lock, right: Lock, served: Event, meals: Record<string, number>) {
  served.wait();
  left.acquire();
  log('took the left fork');
  sleep(REACH_S);
  right.acquire(); // the right fork is the next philosopher's left fork
  log('eating');
  sleep(EAT_S);
  meals[name] += 1;
  right.release();
  left.release();
}

export default scenario('Dining philosophers: left fork first deadlocks', () => {
  const served = new Event();
  const meals = shared(Object.fromEntries(PHILOSOPHERS.map((p) => [p, 0])));
  const forks = PHILOSOPHERS.map((_, i) => new Lock({ name: `fork-${i}` }));
  const diners = PHILOSOPHERS.map(
    (name, i) =>
      new Thread({ target: philosopher, args: [name, forks[i], forks[(i + 1) % forks.length], served, meals], name }),
  );
  for (const t of diners) t.start();
  served.set(); // dinner is served: everyone reaches for the left fork at once
});
