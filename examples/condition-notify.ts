// Condition: notify() wakes one waiting thread, notifyAll() wakes every one
//
// Three workers wait on the condition `hasJob` for jobs. The dispatcher posts one job and calls
// notify(): exactly one worker wakes and takes it; the other two keep waiting. Later it posts two
// more and calls notifyAll(): both remaining workers wake. A notify() with nobody waiting is lost
// — a Condition does not remember it, unlike an Event — so the dispatcher first waits, on a second
// condition `arrived` over the same lock, until all three workers are seated.
//
// What to look for: the first notify draws one arrow, to one worker's lane, which starts running;
// two lanes stay waiting until the notifyAll, which draws two arrows at once. Each worker's wait
// also shows the brief moment it needs the lock back before waitFor can return.
import { scenario, Thread, Condition, Lock, shared, sleep, log } from 'interleave';

const WORKERS = 3;
/** Pause between the first job and the rest, so the two phases stand apart. */
const PAUSE_S = 0.2;
/** Time a worker spends on its job. */
const JOB_S = 0.05;

type Board = { seated: number; jobs: number };

export function worker(board: Board, arrived: Condition, hasJob: Condition) {
  hasJob.with(() => {
    board.seated += 1;
    arrived.notify(); // tell the dispatcher one more worker is ready
    hasJob.waitFor(() => board.jobs > 0); // releases the lock while it waits
    board.jobs -= 1;
  });
  log('got a job');
  sleep(JOB_S);
}

export default scenario('Condition: notify() wakes one, notifyAll() wakes all', () => {
  const board = shared({ seated: 0, jobs: 0 });
  const lock = new Lock();
  const arrived = new Condition(lock); // two conditions over one lock, as queue.Queue does
  const hasJob = new Condition(lock);
  const workers = Array.from(
    { length: WORKERS },
    (_, i) => new Thread({ target: worker, args: [board, arrived, hasJob], name: `worker-${i + 1}` }),
  );
  for (const t of workers) t.start();

  lock.with(() => {
    arrived.waitFor(() => board.seated === WORKERS); // every worker is now waiting on hasJob
    board.jobs = 1;
    hasJob.notify(); // one job: wake one worker
  });
  log('posted 1 job, notify()');
  sleep(PAUSE_S);
  lock.with(() => {
    board.jobs += WORKERS - 1;
    hasJob.notifyAll(); // the rest: wake every waiting worker
  });
  log(`posted ${WORKERS - 1} jobs, notifyAll()`);
  for (const t of workers) t.join();
});
