// The closed vocabularies of the trace: event kinds and primitive kinds.
// Codes are what the runtime writes into its shared-memory rings; names are what the JSON trace
// carries. Codes are append-only: never renumber (golden traces and old files depend on them).

/**
 * Event kinds. Per kind, what the record's fields mean (see docs/trace-format.md):
 * `p` primitive id (or thread id where noted), `a` argument, `q` this operation's sequence number
 * on `p` (or item id / field index where noted), `l` the `q` of the operation on `p` that woke this one.
 */
export const EventKind = {
  threadStart: 1, // p: parent thread id (0 for MainThread)
  threadEnd: 2, // a: ExitReason code
  threadException: 3, // a: string id of "message\nstack"
  threadSpawn: 4, // in the parent, at start(): p: child thread id
  joinBegin: 5, // p: thread id joined, a: timeout s (-1 none); q: 1 when it is the interpreter's exit join
  joinEnd: 6, // p: thread id, a: 1 joined, 0 timed out
  sleepBegin: 7, // a: seconds asked
  sleepEnd: 8,
  log: 9, // a: string id of the message
  acquireRequest: 10, // p: lock-like, a: timeout s (-1 none, 0 non-blocking)
  acquired: 11, // a: depth (RLock) or permits left (Semaphore) or 1; q: seq; l: seq of the release that let it through (-1 if it did not wait)
  acquireFailed: 12, // timed out or non-blocking try failed
  release: 13, // a: depth left (RLock) or permits after (Semaphore) or 0; q: seq
  condWait: 14, // p: Condition, a: timeout s
  condWake: 15, // a: 1 notified, 0 timed out; l: seq of the notify
  condNotify: 16, // a: waiters woken; q: seq
  eventSet: 17, // q: seq
  eventClear: 18,
  eventWait: 19, // a: timeout s
  eventWake: 20, // a: 1 flag seen set, 0 timed out; l: seq of the set that released it (-1 if it never waited)
  barrierWait: 21, // a: timeout s
  barrierPass: 22, // a: index (0..parties-1); l: seq of the trip
  barrierBroken: 23, // BrokenBarrierError raised in this thread
  barrierReset: 24, // a: 0 reset(), 1 abort()
  queuePut: 25, // a: timeout s
  queuePutDone: 26, // a: size after; q: item id
  queueGet: 27, // a: timeout s
  queueGetDone: 28, // a: size after; q: item id (links to the put of the same item)
  queueFull: 29, // put raised Full
  queueEmpty: 30, // get raised Empty
  queueTaskDone: 31, // a: unfinished tasks after
  queueJoin: 32,
  queueJoined: 33,
  sharedRead: 34, // p: shared record, a: value, q: field index
  sharedWrite: 35, // p: shared record, a: value, q: field index
  primCreate: 36, // p: primitive, a: PrimKind code; q: name string id (-1 none)
  timerCancel: 37, // p: timer thread id
  semaphoreOverRelease: 38, // BoundedSemaphore.release() past its initial value (ValueError raised)
  // Multiprocessing (src/runtime/mp). Queue, Pipe, Lock, Semaphore and Event operations across
  // processes reuse the kinds above with `p` = the cross-process primitive; Process.join is
  // joinBegin/joinEnd with `p` = the child's MainThread.
  processStart: 39, // in the parent, at Process.start(): p: the child's MainThread id, a: pid, q: process id (ProcessInfo.id)
  processSignal: 40, // terminate()/kill(): p: the child's MainThread id, a: signal number (15 SIGTERM, 9 SIGKILL)
  poolTaskStart: 41, // on the pool worker's lane: p: Pool, q: task id, a: string id of the function's name
  poolTaskEnd: 42, // p: Pool, q: task id, a: 1 returned, 0 raised
  poolResultWait: 43, // AsyncResult.get/wait, map: p: Pool, q: task id, a: timeout s (-1 none)
  poolResultDone: 44, // p: Pool, q: task id, a: 1 ready, 0 timed out
  connPoll: 45, // Connection.poll(timeout): p: Pipe, a: timeout s
  connPollDone: 46, // p: Pipe, a: 1 data (or EOF) ready, 0 timed out
} as const;
export type EventKindName = keyof typeof EventKind;
export type EventKindCode = (typeof EventKind)[EventKindName];

/** Kinds whose `p` is a thread id, not a primitive. */
export const threadPKinds: ReadonlySet<number> = new Set([
  EventKind.threadStart,
  EventKind.threadSpawn,
  EventKind.joinBegin,
  EventKind.joinEnd,
  EventKind.timerCancel,
  EventKind.processStart,
  EventKind.processSignal,
]);

/** Kinds with no `p` at all. */
export const noPKinds: ReadonlySet<number> = new Set([EventKind.threadEnd, EventKind.threadException, EventKind.sleepBegin, EventKind.sleepEnd, EventKind.log]);

/** JSON names of event kinds, by code. */
export const eventKindName: readonly string[] = (() => {
  const names: string[] = [];
  for (const [name, code] of Object.entries(EventKind)) names[code] = name;
  return names;
})();

export const eventKindCode: ReadonlyMap<string, number> = new Map(Object.entries(EventKind));

export const PrimKind = {
  Lock: 1,
  RLock: 2,
  Condition: 3,
  Semaphore: 4,
  BoundedSemaphore: 5,
  Event: 6,
  Barrier: 7,
  Queue: 8,
  LifoQueue: 9,
  PriorityQueue: 10,
  SimpleQueue: 11,
  Shared: 12,
  Pipe: 13, // multiprocessing.Pipe(): both ends, both directions
  Pool: 14, // multiprocessing.Pool: its task queue and results
} as const;
export type PrimKindName = keyof typeof PrimKind;

export const primKindName: readonly string[] = (() => {
  const names: string[] = [];
  for (const [name, code] of Object.entries(PrimKind)) names[code] = name;
  return names;
})();

/** How a thread ended. */
export const ExitReason = {
  normal: 0,
  exception: 1,
  cutoff: 2, // daemon thread stopped when the interpreter exited
  stopped: 3, // the run was stopped (deadlock, stall, timeout, user stop) while it was alive
  killed: 4, // its worker died (out of memory, process.exit)
} as const;
export type ExitReasonName = keyof typeof ExitReason;
export const exitReasonName: readonly string[] = ['normal', 'exception', 'cutoff', 'stopped', 'killed'];

/**
 * What a thread is doing during a span, in the order of their dense codes (the model's state column,
 * the pyramid's bucket fields). Append-only.
 * blocked: asked for a lock/semaphore, not granted yet; waiting: condition, event, barrier, queue;
 * joining: join() on another thread; exception: ended by an exception; cutoff: a daemon stopped at
 * exit, or the run stopped while the thread was alive.
 */
export const threadStates = ['running', 'blocked', 'waiting', 'joining', 'sleeping', 'done', 'exception', 'cutoff'] as const;
export type ThreadStateName = (typeof threadStates)[number];

/** How a run ended (a trace's `outcome.kind`). */
export const outcomeKinds = ['completed', 'exception', 'deadlock', 'stall', 'timeout', 'stopped', 'exited', 'error'] as const;
export type OutcomeKindName = (typeof outcomeKinds)[number];

/** What went wrong in an `error` outcome (`outcome.error.kind`). */
export const errorKinds = ['syntax', 'load', 'usage', 'internal'] as const;
export type ErrorKindName = (typeof errorKinds)[number];

/**
 * What the trace analyses (src/core/analysis/findings.ts) say about schedules other than the one
 * recorded. Never an outcome: a run that deadlocked has the outcome `deadlock`; a lock-order
 * cycle beside a `completed` outcome is a `potentialDeadlock`.
 */
export const findingKinds = ['potentialDeadlock', 'guardedCycle', 'dataRace'] as const;
export type FindingKindName = (typeof findingKinds)[number];

/** How a lock-order edge's second lock was asked for: only `blocking` can wait forever. */
export const acquireModes = ['blocking', 'timed', 'nonBlocking'] as const;
export type AcquireModeName = (typeof acquireModes)[number];

/** What replaying other schedules made of a finding. */
export const confirmationStatuses = ['confirmed', 'notReproduced'] as const;
export type ConfirmationStatusName = (typeof confirmationStatuses)[number];
