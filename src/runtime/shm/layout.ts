// Where everything lives in the two shared buffers every scenario thread maps:
// `control` (run header + thread table) and `heap` (primitives, strings, queue items).
//
// Thread table: one slot of SLOT_INTS int32 per thread id (1 = MainThread). The runner reads
// the block fields to keep the wait-for graph live; only the slot's own thread writes them.
//
// | field      | meaning                                                             |
// |------------|---------------------------------------------------------------------|
// | STATE      | ThreadState below; joiners wait on this word                        |
// | DAEMON     | 1 for daemon threads                                                |
// | PARENT     | creating thread id                                                  |
// | NAME       | heap string ref of the name                                         |
// | TARGET     | heap string ref of the target's export name                         |
// | BLOCK_OP   | BlockOp while the thread is blocked, else 0                         |
// | BLOCK_ON   | primitive id (or thread id for join) it waits on                    |
// | BLOCK_TIMED| 1 if that wait has a timeout (it can wake by itself)                |
// | BLOCK_AT   | site ref of the waiting call, 0 none                                |
// | PARK       | Condition waiter word: 0 parked, 1 notified                         |
// | PARK_TOKEN | seq of the notify that woke it                                      |
// | NEXT_WAITER| next thread id in a Condition's waiter list                         |
// | EXIT       | ExitReason once done                                                |
// | INTERVAL   | Timer interval in ms (as int), -1 for plain threads                 |
// | START      | heap ref of the serialized StartSpec (worker/context.ts)              |
// | NATIVE_ID  | the OS thread id of its worker once started (Thread.nativeId)       |

export const MAX_THREADS = 4096;
export const SLOT_INTS = 16;

export const Slot = {
  STATE: 0,
  DAEMON: 1,
  PARENT: 2,
  NAME: 3,
  TARGET: 4,
  BLOCK_OP: 5,
  BLOCK_ON: 6,
  BLOCK_TIMED: 7,
  BLOCK_AT: 8,
  PARK: 9,
  PARK_TOKEN: 10,
  NEXT_WAITER: 11,
  EXIT: 12,
  INTERVAL: 13,
  START: 14,
  NATIVE_ID: 15,
} as const;

export const ThreadState = { unused: 0, created: 1, starting: 2, running: 3, done: 4 } as const;

/** What a blocked thread waits in; the runner names these in deadlock and stall reports. */
export const BlockOp = {
  none: 0,
  acquire: 1,
  condWait: 2,
  eventWait: 3,
  barrierWait: 4,
  queuePut: 5,
  queueGet: 6,
  join: 7,
  sleep: 8,
  queueJoin: 9,
} as const;
export const blockOpName = ['', 'acquire', 'cond.wait', 'event.wait', 'barrier.wait', 'queue.put', 'queue.get', 'join', 'sleep', 'queue.join'];

/** Run header, int32 indices at the start of `control`. */
export const Ctl = {
  NEXT_THREAD: 0, // last thread id handed out (atomic add)
  HEAP_LOCK: 1,
  HEAP_TOP: 2, // bump pointer, bytes
  STOP: 3, // 1 once the runner is ending the run: blocked threads give up
  POOL_COUNT: 4, // mailboxes handed out so far
  THREAD_NAMES: 5, // threads named by default so far: the N of "Thread-N" (atomic add)
  EXCEPTHOOK: 6, // heap string ref of the excepthook's export name, 0 for the default
  LOCALS: 7, // local() objects made by running threads so far (atomic add)
  FREE_LISTS: 8, // .. FREE_LISTS + SIZE_CLASSES
  DRAIN_BELL: 40, // bumped and notified by a thread whose ring is half full: the runner drains now, not at its next tick
  THREADS: 64,
} as const;

/** Float64 per thread: ms timestamp when its current block began. Lives after the thread table. */
export const SINCE_F64_OFFSET_BYTES = (Ctl.THREADS + MAX_THREADS * SLOT_INTS) * 4;
/**
 * Worker pool mailboxes (int32 each), after the since-table: -1 while the worker loads, 0 while
 * it idles waiting on the word, else the thread id it was handed. A starting thread claims an idle
 * worker itself with one CAS, so start() costs one wake-up, not a round trip through the runner.
 */
export const POOL_INDEX = (SINCE_F64_OFFSET_BYTES + MAX_THREADS * 8) / 4;
/**
 * Float64 per thread, after the mailboxes: ms the thread has waited for the runner to take its events (its ring was
 * full). Written only by the thread's recorder; read by the runner at the end (ThreadInfo.recorderWaitNs).
 */
export const RECORDER_WAIT_F64_OFFSET_BYTES = (POOL_INDEX + MAX_THREADS) * 4;
export const CONTROL_BYTES = RECORDER_WAIT_F64_OFFSET_BYTES + MAX_THREADS * 8;

export function slotIndex(tid: number, field: number): number {
  return Ctl.THREADS + tid * SLOT_INTS + field;
}
