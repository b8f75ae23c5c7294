// Lock: the notes' worker1/worker2 program; `with lock` re-acquires: deadlock
//
// This is the notes' Lock example as written. worker1 acquires the lock, reads d.x, sleeps, and
// then enters `with lock:` (here lock.with(...)) while it still holds the lock. A Lock is not
// re-entrant: it does not know or care which thread holds it, so the second acquire waits for a
// release that only worker1 itself could do. worker1 waits for itself forever.
//
// What to look for: worker1's lane sleeps, then turns "blocked" on `lock` and never recovers;
// the run ends as a deadlock whose cycle is worker1 alone. worker2 either ran before worker1 took
// the lock (d.x ends at 1) or is blocked behind it for good (d.x stays 0) — which one depends on
// which thread the OS runs first, exactly as in Python. Then run `rlock`: the same program with
// an RLock completes.
//
// The notes' slips, fixed here: `threading.Rock()` is `threading.Lock()`, and `with lock` needs
// its colon (`with lock:`). Python's `with lock:` is `lock.with(() => { ... })` here.
import { scenario, Thread, Lock, shared, sleep, log } from 'interleave';

/** The notes' time.sleep(5), scaled down. */
const HOLD_S = 0.5;

export function worker1(d: { x: number }, lock: Lock) {
  log('start');
  lock.acquire(); // take the lock: no other thread may enter until it is released
  const i = d.x;
  sleep(HOLD_S);
  lock.with(() => {
    // The lock taken above was never released, so this waits forever. An RLock fixes it.
    d.x = i + 1;
  });
  log({ ...d });
  lock.release(); // release the lock
  log('end');
}

export function worker2(d: { x: number }, lock: Lock) {
  log('start');
  lock.with(() => {
    const i = d.x;
    d.x = i + 1;
    log({ ...d }); // a plain copy of the shared record, as the notes' logging.debug(d) prints {'x': 1}
  });
  log('end');
}

export default scenario('Lock taken twice by one thread deadlocks (the notes, as written)', () => {
  const d = shared({ x: 0 });
  const lock = new Lock();
  const t1 = new Thread({ target: worker1, args: [d, lock] });
  const t2 = new Thread({ target: worker2, args: [d, lock] });
  t1.start();
  t2.start();
  // No join: at the end of main the interpreter waits for every non-daemon thread anyway.
});
