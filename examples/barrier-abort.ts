// Barrier.abort(): a failed party breaks it; the waiters get BrokenBarrierError
//
// A Barrier(3) releases nobody until three threads have arrived. If one of them fails before
// it gets there, the other two would wait forever. The failing thread calls abort(): the barrier
// is broken, every thread waiting in it (and any that call wait() later) gets
// BrokenBarrierError, and can give up cleanly. (A barrier with a timeout breaks itself the same
// way when the time runs out.)
//
// What to look for: the two workers wait on `barrier`; the loader fails after a moment and
// aborts; both waits end at once with BrokenBarrierError, shown on each worker's lane, and the
// workers log that they give up. The run completes. Delete the abort() line and run it again:
// the runtime reports a stall — two threads waiting for a third that will never come.
import { scenario, Thread, Barrier, BrokenBarrierError, sleep, log } from 'interleave';

/** How long the loader works before it fails. */
const FAIL_AFTER_S = 0.2;

export function loader(barrier: Barrier) {
  try {
    sleep(FAIL_AFTER_S);
    throw new Error('config file missing');
  } catch (e) {
    log(`failed: ${(e as Error).message}; aborting the barrier`);
    barrier.abort(); // without this, the workers would wait forever
  }
}

export function worker(barrier: Barrier) {
  try {
    barrier.wait();
    log('everyone is ready');
  } catch (e) {
    if (!(e instanceof BrokenBarrierError)) throw e;
    log('the barrier is broken: giving up');
  }
}

export default scenario('Barrier abort: BrokenBarrierError instead of waiting forever', () => {
  const barrier = new Barrier(3);
  const threads = [
    new Thread({ target: worker, args: [barrier], name: 'worker-1' }),
    new Thread({ target: worker, args: [barrier], name: 'worker-2' }),
    new Thread({ target: loader, args: [barrier], name: 'loader' }),
  ];
  for (const t of threads) t.start();
  for (const t of threads) t.join();
  log(`barrier broken: ${barrier.broken}`);
});
