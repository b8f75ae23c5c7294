// Daemon threads: t1.join() waits for the daemon (the notes' first program)
//
// The notes' first program: t1 is a daemon, yet main ends with t1.join(), so the program does wait
// for it. As the notes put it, join() lifts the daemon's cut-off; writing the joins explicitly at
// the end of a program makes its end clear. Compare with `daemon`, the same program without the
// join, where worker1 is cut off.
//
// What to look for: MainThread joins worker1 and waits the full sleep; worker1 logs 'end' and its
// lane finishes normally. worker2, not a daemon, ends first and is waited for anyway.
//
// The notes call t1.setDaemon(True), deprecated since Python 3.10: write `daemon=True` when
// creating the thread (as here), or set `t1.daemon = true` before start().
import { scenario, Thread, sleep, log } from 'interleave';

/** The notes' time.sleep(5) and time.sleep(2), scaled down. */
const WORKER1_S = 0.5;
const WORKER2_S = 0.2;

export function worker1() {
  log('start');
  sleep(WORKER1_S);
  log('end');
}

export function worker2() {
  log('start');
  sleep(WORKER2_S);
  log('end');
}

export default scenario("join() waits for a daemon thread (the notes' first program)", () => {
  const t1 = new Thread({ target: worker1, daemon: true }); // one thread runs
  const t2 = new Thread({ target: worker2 }); // another thread runs
  t1.start();
  t2.start();
  log('started');
  t1.join();
  // Three threads ran: MainThread, t1 and t2.
});
