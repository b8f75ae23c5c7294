// Queue(maxsize=2): the producer blocks when full; taskDone() and join()
//
// The notes' Queue section: threads hand data to each other through a queue.Queue, and the queue
// does the locking — no Lock or Semaphore in sight. Queue(maxsize=2) holds at most two items:
// the producer, faster than the consumer, blocks in put() until the consumer takes one. Every
// get() is paired with a taskDone() once the item is handled, and q.join() waits until every item
// ever put has been marked done.
//
// The consumer is a daemon running `while (true) { q.get() ... }`, the idiom of Python's queue
// documentation: it never returns by itself, so when MainThread has seen q.join() return and ends,
// the program exits and the consumer is cut off, waiting in get() for an item that never comes.
//
// What to look for: the producer's lane alternates between running and waiting in put(); the
// queue-size counter goes 0 → 2 and never higher; each get is linked to the put of the same item.
// MainThread waits first for the producer (join), then for the queue (q.join()).
import { scenario, Thread, Queue, sleep, log } from 'interleave';

const ITEMS = 6;
const MAXSIZE = 2;
/** Time the consumer spends on each item: slower than the producer, so the queue fills. */
const HANDLE_S = 0.05;

export function producer(q: Queue<number>, items: number) {
  for (let item = 1; item <= items; item++) {
    q.put(item); // blocks while the queue holds MAXSIZE items
    log(`put ${item}`);
  }
}

export function consumer(q: Queue<number>) {
  for (;;) {
    const item = q.get(); // blocks while the queue is empty
    log(`got ${item}`);
    sleep(HANDLE_S);
    q.taskDone();
  }
}

export default scenario('Queue: bounded producer/consumer with taskDone and join', () => {
  const q = new Queue<number>(MAXSIZE);
  new Thread({ target: consumer, args: [q], name: 'consumer', daemon: true }).start();
  const p = new Thread({ target: producer, args: [q, ITEMS], name: 'producer' });
  p.start();
  p.join();
  q.join(); // every item put has been handled
  log('all items handled');
});
