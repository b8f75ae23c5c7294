// Event: one set() wakes every waiter; a wait with a timeout gives up
//
// An Event is a flag with a waiting room. wait() returns at once if the flag is set, otherwise
// it sleeps until some thread calls set() — and set() wakes every waiter, not just one. The flag
// stays set (later waits return at once) until clear(). wait(timeout) returns false if the time
// ran out first, so the caller can tell "it happened" from "I stopped waiting".
//
// What to look for: three readers wait on `ready` from the start; the loader sets it once, and
// arrows go from that one set to all three waits, which end together. The impatient thread
// waits only WAIT_LIMIT_S and gives up (its wait returns false) long before the set.
import { scenario, Thread, Event, sleep, log } from 'interleave';

/** How long loading takes before the loader sets the event. */
const LOAD_S = 0.3;
/** How long the impatient thread is willing to wait. */
const WAIT_LIMIT_S = 0.1;

export function loader(ready: Event) {
  log('loading');
  sleep(LOAD_S);
  ready.set(); // wakes every thread waiting on `ready`
  log('ready');
}

export function reader(ready: Event) {
  ready.wait();
  log('reading');
}

export function impatient(ready: Event) {
  if (ready.wait(WAIT_LIMIT_S)) log('reading');
  else log(`gave up after ${WAIT_LIMIT_S} s`);
}

export default scenario('Event: one set() wakes every waiter; a timed wait gives up', () => {
  const ready = new Event();
  const threads = [
    ...[1, 2, 3].map((n) => new Thread({ target: reader, args: [ready], name: `reader-${n}` })),
    new Thread({ target: impatient, args: [ready], name: 'impatient' }),
    new Thread({ target: loader, args: [ready], name: 'loader' }),
  ];
  for (const t of threads) t.start();
  for (const t of threads) t.join();
});
