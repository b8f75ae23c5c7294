// Processes share no memory: a child's write is not seen; messages carry data
//
// A thread runs in the same process as the code that started it: it sees and changes the same
// memory. A Process runs its target in another OS process (another pid): its arguments are
// copied into it (Python pickles them), so the child changes its own copy, and the parent never
// sees that change. Processes talk by sending messages: a multiprocessing Queue (mp.Queue) or
// Pipe carries copies of values from one process to another.
//
// What to look for: `thread` adds 1 to `counter` and MainThread then reads 1. `child` (a separate
// process, its own lane group with its pid) adds 1 to its copy and logs 2, yet MainThread still
// reads 1. Then a producer process puts five items into `q` and a consumer process gets them:
// each item is an arrow from the put in one process to the get in the other. `q` holds two items
// at most, so the producer waits for room when the consumer is slower.
import { scenario, Thread, shared, mp, log, sleep } from 'interleave';

export function addInThread(counter: { value: number }) {
  counter.value += 1;
}

export function addInProcess(counter: { value: number }) {
  counter.value += 1;
  log(`in the child process: value = ${counter.value}`);
}

export function producer(q: mp.Queue, n: number) {
  for (let i = 1; i <= n; i++) {
    q.put(`item ${i}`);
    log(`put item ${i}`);
  }
  q.put(null); // no more items
}

export function consumer(q: mp.Queue, results: mp.Queue) {
  let got = 0;
  for (let item = q.get(); item !== null; item = q.get()) {
    got++;
    log(`got ${item}`);
    sleep(0.05); // slower than the producer: the queue fills up
  }
  results.put(got);
}

export default scenario('Multiprocessing: separate memory, and messages between processes', () => {
  const counter = shared({ value: 0 });

  const thread = new Thread({ target: addInThread, args: [counter], name: 'thread' });
  thread.start();
  thread.join();
  log(`after the thread: value = ${counter.value}`);

  const child = new mp.Process({ target: addInProcess, args: [counter], name: 'child' });
  child.start();
  child.join();
  log(`after the process: value = ${counter.value} (the child changed its own copy)`);

  const q = new mp.Queue(2);
  const results = new mp.Queue();
  const prod = new mp.Process({ target: producer, args: [q, 5], name: 'producer' });
  const cons = new mp.Process({ target: consumer, args: [q, results], name: 'consumer' });
  prod.start();
  cons.start();
  log(`the consumer got ${results.get()} items`);
  prod.join();
  cons.join();
});
