// Threads: two workers sleep side by side; a thread name, args and kwargs
//
// The notes' opening section, running work in parallel: worker1 sleeps 5 s and worker2 2 s,
// and they run at the same time, so the whole takes about 5 s, not 7. It also shows the notes'
// "arguments" section: a thread can be given a `name`, positional `args` and keyword `kwargs`.
// TypeScript has no keyword arguments, so `kwargs` reaches the target as one final object:
// Python's `def worker2(x, y=1)` becomes `worker2(x, { y })`.
//
// What to look for: the two sleeping lanes overlap; worker2 ends first although it started
// second; MainThread prints 'started' at once and then waits in join() for both. The lane names
// are the thread names: 'rename worker1', given by hand, and 'Thread-1 (worker2)', Python's
// default (its number counts only threads named by default). (The notes' first program also makes t1 a daemon: see `daemon` and `daemon-join`.)
import { scenario, Thread, sleep, log } from 'interleave';

/** The notes' time.sleep(5) and time.sleep(2), scaled down. */
const WORKER1_S = 0.5;
const WORKER2_S = 0.2;

export function worker1() {
  log('start');
  sleep(WORKER1_S);
  log('end');
}

export function worker2(x: number, { y = 1 }: { y?: number } = {}) {
  log('start', { x, y });
  sleep(WORKER2_S);
  log('end');
}

export default scenario('Two threads sleep side by side; names, args and kwargs', () => {
  // The notes write name='rename worked1'; a slip for 'rename worker1'.
  const t1 = new Thread({ name: 'rename worker1', target: worker1 });
  const t2 = new Thread({ target: worker2, args: [100], kwargs: { y: 200 } });
  t1.start();
  t2.start();
  log('started');
  t1.join();
  t2.join();
  // Three threads ran: MainThread, t1 and t2.
});
