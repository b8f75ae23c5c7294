// Timer: a delayed start, and a cancelled timer that never runs
//
// The notes' Timer: threading.Timer(3, worker1, args=(100,), kwargs={'y': 200}) starts a thread
// that waits 3 s and then calls worker1(100, y=200). A Timer is a Thread whose first act is to
// wait on its private `finished` Event with a timeout: the timeout running out means "go",
// cancel() sets the event early and the function is skipped.
//
// What to look for: both timer lanes begin by waiting. The first waits its full delay and then
// runs worker1; the second is cancelled by MainThread while it waits, so its wait ends early and
// its lane finishes without ever calling remind().
import { scenario, Timer, sleep, log } from 'interleave';

/** The notes' Timer(3, ...), scaled down. */
const DELAY_S = 0.3;
/** A second timer, due later, that MainThread cancels after CANCEL_AFTER_S. */
const REMINDER_S = 0.5;
const CANCEL_AFTER_S = 0.1;

export function worker1(x: number, { y = 1 }: { y?: number } = {}) {
  log('start', { x, y });
  sleep(0.05);
  log('end');
}

export function remind() {
  log('this never runs: the timer was cancelled');
}

export default scenario('Timer: a delayed start, and a cancelled timer that never runs', () => {
  const t = new Timer(DELAY_S, worker1, [100], { y: 200 });
  t.start();
  const reminder = new Timer(REMINDER_S, remind);
  reminder.start();
  sleep(CANCEL_AFTER_S);
  reminder.cancel(); // still waiting: remind() will not run
  log('cancelled the reminder');
  t.join();
});
