// RLock: the same worker1/worker2 program with an RLock completes
//
// The Lock example (`lock-deadlock`) with one change: `new RLock()` instead of `new Lock()`. An
// RLock remembers its owner and counts how deep it is held: when worker1 asks again inside
// `with lock:`, the count goes from 1 to 2 and the call returns at once. Each release() lowers
// the count; other threads get the lock only when it is back to 0.
//
// What to look for: worker1 holds `lock` from its first acquire until its last release, at depth
// 2 in the middle (the lock-hold bar shows the depth). Whichever worker runs second waits for
// the whole of the first one's hold. Either way both increments land: d.x ends at 2.
import { scenario, Thread, RLock, shared, sleep, log } from 'interleave';

/** The notes' time.sleep(5), scaled down. */
const HOLD_S = 0.5;

export function worker1(d: { x: number }, lock: RLock) {
  log('start');
  lock.acquire(); // depth 1
  const i = d.x;
  sleep(HOLD_S);
  lock.with(() => {
    // depth 2: the owner re-enters without blocking
    d.x = i + 1;
  });
  log({ ...d });
  lock.release(); // depth 0: now another thread can take it
  log('end');
}

export function worker2(d: { x: number }, lock: RLock) {
  log('start');
  lock.with(() => {
    const i = d.x;
    d.x = i + 1;
    log({ ...d });
  });
  log('end');
}

export default scenario('RLock lets its owner re-acquire: the same program completes', () => {
  const d = shared({ x: 0 });
  const lock = new RLock();
  const t1 = new Thread({ target: worker1, args: [d, lock] });
  const t2 = new Thread({ target: worker2, args: [d, lock] });
  t1.start();
  t2.start();
  t1.join();
  t2.join();
  log('d.x =', d.x); // 2: both increments happened, one after the other
});
