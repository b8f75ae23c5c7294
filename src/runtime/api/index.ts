// The `interleave` module that scenarios import: Python's threading, queue and time, in camelCase,
// with times in seconds.
import { registerHandle } from '../worker/marshal';
import { Barrier } from '../primitives/barrier';
import { Condition } from '../primitives/condition';
import { Event } from '../primitives/event';
import { Lock } from '../primitives/lock';
import { LifoQueue, PriorityQueue, Queue, SimpleQueue } from '../primitives/queue';
import { RLock } from '../primitives/rlock';
import { BoundedSemaphore, Semaphore } from '../primitives/semaphore';
import { reviveShared } from '../primitives/shared';
import { revive } from '../primitives/base';
import { Thread } from '../worker/thread';
import { reviveLocal } from '../worker/local';

export { scenario, type Scenario } from './scenario';
export { RuntimeError, ValueError, OverflowError, BrokenBarrierError, Empty, Full } from '../errors';
export { sleep, log, monotonic, perfCounter, time, monotonicNs, perfCounterNs, timeNs } from './timing';
export { TIMEOUT_MAX } from '../primitives/timeout';
export { shared, type SharedRecord } from '../primitives/shared';
export { Thread, Timer, currentThread, mainThread, enumerate, activeCount, getIdent, getNativeId, type ThreadOptions } from '../worker/thread';
export { excepthook, setExcepthook, getExcepthook, type ExceptHookArgs, type ExceptHook } from '../worker/excepthook';
export { local } from '../worker/local';
export type { PrimitiveOptions } from '../primitives/base';
export { Lock, RLock, Condition, Semaphore, BoundedSemaphore, Event, Barrier, Queue, LifoQueue, PriorityQueue, SimpleQueue };
// multiprocessing: everything under `mp` (mp.Queue, mp.Lock, ...); the names that clash with no threading one also directly.
/** Python's multiprocessing: processes, and the Queue, Lock, Event, Semaphore, Pipe and Pool they share. */
export * as mp from '../mp/index';
export { Process, Pool, Pipe, JoinableQueue, Connection, AsyncResult, EOFError, currentProcess, cpuCount, type ProcessOptions } from '../mp/index';

// A handle that crossed from another thread: the public constructor over the existing block (base.ts's revive).
registerHandle('Lock', (w) => revive(w.ref, () => new Lock()));
registerHandle('RLock', (w) => revive(w.ref, () => new RLock()));
registerHandle('Condition', (w) => revive(w.ref, () => new Condition()));
registerHandle('Semaphore', (w) => revive(w.ref, () => new Semaphore()));
registerHandle('BoundedSemaphore', (w) => revive(w.ref, () => new BoundedSemaphore()));
registerHandle('Event', (w) => revive(w.ref, () => new Event()));
registerHandle('Barrier', (w) => revive(w.ref, () => new Barrier(1)));
registerHandle('Queue', (w) => revive(w.ref, () => new Queue()));
registerHandle('LifoQueue', (w) => revive(w.ref, () => new LifoQueue()));
registerHandle('PriorityQueue', (w) => revive(w.ref, () => new PriorityQueue()));
registerHandle('SimpleQueue', (w) => revive(w.ref, () => new SimpleQueue()));
registerHandle('Shared', (w) => reviveShared(w.ref));
registerHandle('Thread', (w) => Thread.forTid(w.ref));
registerHandle('local', reviveLocal);
