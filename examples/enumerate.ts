// enumerate(): join every live thread except the current one (the notes' loop)
//
// The notes' loop: walk threading.enumerate() and join each thread, skipping the current one
// (MainThread), which cannot join itself — Python raises "cannot join current thread".
// enumerate() returns a snapshot list: the loop walks the threads alive when it began, and
// joining a thread that has ended meanwhile returns at once. Each log line shows who is alive at
// that moment, so the list shrinks as the workers finish.
//
// What to look for: MainThread joins the workers one after another, in the order they were
// started; each join ends when that worker's lane ends. The first log line lists all four threads.
//
// The notes call threading.currentThread(), a deprecated alias (since Python 3.10) of
// threading.current_thread(); here it is currentThread().
import { scenario, Thread, currentThread, enumerate, sleep, log } from 'interleave';

/** How long each worker runs. */
const WORK_S = [0.3, 0.1, 0.2];

export function worker(seconds: number) {
  sleep(seconds);
}

export default scenario('Join every live thread but the current one', () => {
  for (const seconds of WORK_S) new Thread({ target: worker, args: [seconds] }).start();

  for (const thread of enumerate()) {
    log(enumerate().join(', '));
    if (thread === currentThread()) {
      log('skip', String(thread));
      continue;
    }
    thread.join();
  }
});
