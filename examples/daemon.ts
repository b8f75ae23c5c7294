// Daemon threads: the program exits without them; the lane is cut off at exit
//
// The notes' "daemon thread" section: with t1 made a daemon, the program ends without waiting for
// it. At the end of main, Python waits for every non-daemon thread (worker2 here), then exits and
// simply stops the daemons that are still running: worker1 never logs 'end'.
//
// What to look for: MainThread's lane ends in a join it never wrote — the interpreter's own wait
// for worker2; then worker1's lane stops in the middle of its sleep, marked "cut off at exit".
// Compare with `daemon-join`, where one t1.join() lets worker1 finish.
//
// The notes call t1.setDaemon(True): that still works in Python but is deprecated since 3.10.
// Write `daemon=True` when creating the thread (as here), or set `t1.daemon = true` before start().
import { scenario, Thread, sleep, log } from 'interleave';

/** The notes' time.sleep(5) and time.sleep(2), scaled down. */
const WORKER1_S = 0.5;
const WORKER2_S = 0.2;

export function worker1() {
  log('start');
  sleep(WORKER1_S);
  log('end'); // never reached: the program exits while worker1 sleeps
}

export function worker2() {
  log('start');
  sleep(WORKER2_S);
  log('end');
}

export default scenario('A daemon thread is cut off when the program exits', () => {
  const t1 = new Thread({ target: worker1, daemon: true });
  const t2 = new Thread({ target: worker2 });
  t1.start();
  t2.start();
  log('started');
  // No join: main ends here; the interpreter still waits for worker2, but not for worker1.
});
