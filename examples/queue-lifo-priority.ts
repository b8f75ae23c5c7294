// LifoQueue and PriorityQueue: newest first, or smallest priority first
//
// queue.Queue hands items out in the order they were put (FIFO). Its two siblings change only
// that order: LifoQueue is a stack (the newest item first), PriorityQueue gives the smallest item
// first. Priorities are ordered the way Python orders tuples, so put [priority, data] pairs: the
// lowest number wins, and ties fall back to comparing the data.
//
// MainThread fills both queues before any reader starts, so the order is decided by the queues
// alone. Each reader empties its queue with getNowait() until it raises Empty — the
// non-blocking get that never waits, it fails instead.
//
// What to look for: the lifo reader logs third, second, first; the priority reader logs urgent,
// normal, low — though 'low' was put first. Each reader's last get ends in Empty.
import { scenario, Thread, LifoQueue, PriorityQueue, Empty, sleep, log } from 'interleave';

/** Time each reader spends per item, so the gets stand apart on the lanes. */
const HANDLE_S = 0.03;

export function readAll(q: LifoQueue<string> | PriorityQueue<[number, string]>) {
  for (;;) {
    let item;
    try {
      item = q.getNowait();
    } catch (e) {
      if (e instanceof Empty) break; // nothing left: getNowait() raises instead of waiting
      throw e;
    }
    log(Array.isArray(item) ? `${item[1]} (priority ${item[0]})` : item);
    sleep(HANDLE_S);
  }
}

export default scenario('LifoQueue and PriorityQueue: what comes out first', () => {
  const lifo = new LifoQueue<string>();
  for (const word of ['first', 'second', 'third']) lifo.put(word);

  const tasks = new PriorityQueue<[number, string]>();
  tasks.put([3, 'low']);
  tasks.put([1, 'urgent']);
  tasks.put([2, 'normal']);

  const readers = [
    new Thread({ target: readAll, args: [lifo], name: 'lifo reader' }),
    new Thread({ target: readAll, args: [tasks], name: 'priority reader' }),
  ];
  for (const t of readers) t.start();
  for (const t of readers) t.join();
});
