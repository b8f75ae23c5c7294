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
export * as mp from '../mp/index';
export { Process, Pool, Pipe, JoinableQueue, Connection, AsyncResult, EOFError, currentProcess, cpuCount, type ProcessOptions } from '../mp/index';

registerHandle('Lock', (w) => new Lock(undefined, false, w.ref));
registerHandle('RLock', (w) => new RLock(undefined, w.ref));
registerHandle('Condition', (w) => new Condition(undefined, undefined, false, w.ref));
registerHandle('Semaphore', (w) => new Semaphore(1, undefined, w.ref));
registerHandle('BoundedSemaphore', (w) => new BoundedSemaphore(1, undefined, w.ref));
registerHandle('Event', (w) => new Event(undefined, w.ref));
registerHandle('Barrier', (w) => new Barrier(1, null, null, undefined, w.ref));
registerHandle('Queue', (w) => new Queue(0, undefined, w.ref));
registerHandle('LifoQueue', (w) => new LifoQueue(0, undefined, w.ref));
registerHandle('PriorityQueue', (w) => new PriorityQueue(0, undefined, w.ref));
registerHandle('SimpleQueue', (w) => new SimpleQueue(undefined, w.ref));
registerHandle('Shared', (w) => reviveShared(w.ref));
registerHandle('Thread', (w) => Thread.forTid(w.ref));
registerHandle('local', reviveLocal);
