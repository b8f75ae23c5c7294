// Condition: a bounded buffer; producer and consumer wait with waitFor()
//
// A Condition is a lock plus a waiting room. Holding the lock, a thread checks the state it needs;
// if it is not there yet, wait() releases the lock and sleeps until another thread, having
// changed the state under the same lock, calls notify(). waitFor(predicate) is that loop written
// once: check, wait, re-check after every wake-up, return when the predicate holds.
//
// Here a buffer holds at most CAPACITY items. The producer waits for room, the consumer for an
// item; each notifies the other after changing the count. (The buffer only counts its items to
// stay small; queue.Queue — the `queue` example — is this same structure with real storage,
// built from one lock and three conditions.) With one producer and one consumer, notify() — wake
// one waiter — is enough: the only thread that can be waiting is the other one.
//
// What to look for: the producer runs ahead, fills the buffer, then its lane alternates between
// waiting on `cond` and a short run, each wait ended by an arrow from the consumer's notify. The
// count field never goes above CAPACITY or below 0.
import { scenario, Thread, Condition, shared, sleep, log } from 'interleave';

const ITEMS = 6;
const CAPACITY = 2;
/** Time the consumer spends on each item outside the lock: slower than the producer. */
const HANDLE_S = 0.05;

type Buffer = { count: number; produced: number; consumed: number };

export function producer(buf: Buffer, cond: Condition, items: number) {
  for (let i = 1; i <= items; i++) {
    cond.with(() => {
      cond.waitFor(() => buf.count < CAPACITY); // wait for room
      buf.count += 1;
      buf.produced += 1;
      log(`put item ${i} (${buf.count} in buffer)`);
      cond.notify(); // the consumer may be waiting for an item
    });
  }
}

export function consumer(buf: Buffer, cond: Condition, items: number) {
  for (let n = 0; n < items; n++) {
    const item = cond.with(() => {
      cond.waitFor(() => buf.count > 0); // wait for an item
      buf.count -= 1;
      buf.consumed += 1;
      cond.notify(); // the producer may be waiting for room
      return buf.consumed;
    });
    log(`took item ${item}`);
    sleep(HANDLE_S); // handle it without holding the lock
  }
}

export default scenario('Condition: a bounded buffer with waitFor and notify', () => {
  const buf = shared({ count: 0, produced: 0, consumed: 0 });
  const cond = new Condition();
  const threads = [
    new Thread({ target: producer, args: [buf, cond, ITEMS], name: 'producer' }),
    new Thread({ target: consumer, args: [buf, cond, ITEMS], name: 'consumer' }),
  ];
  for (const t of threads) t.start();
  for (const t of threads) t.join();
});
