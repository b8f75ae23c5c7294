// The `mp` namespace of the `interleave` module: Python's multiprocessing, camelCase, seconds.
// Queue, Lock, Semaphore, Event share their names with the threading ones, so they are reached
// as mp.Queue, mp.Lock, ...; Process, Pool, Pipe and the rest are also exported by name.
import { registerHandle } from '../worker/marshal';
import { shared } from '../primitives/shared';
import { revive } from '../primitives/base';
import { reviveConnection, type ConnectionWire } from './pipe';
import type { SharedCopyWire } from './pickle';
import { Pool, type PoolWire } from './pool';
import { Process, type ProcessWire } from './process';
import { reviveQueue, type QueueWire } from './queues';
import { MpBoundedSemaphore, MpEvent, MpLock, MpSemaphore } from './sync';
import './pool-worker';

export { Process, currentProcess, cpuCount, type ProcessOptions } from './process';
export { MpQueue as Queue, JoinableQueue } from './queues';
export { Pipe, Connection } from './pipe';
export { MpLock as Lock, MpSemaphore as Semaphore, MpBoundedSemaphore as BoundedSemaphore, MpEvent as Event } from './sync';
export { Pool, AsyncResult } from './pool';
export { EOFError, MpTimeoutError as TimeoutError, RemoteError, BrokenPipeError, OSError, AssertionError } from './errors';

registerHandle('mp.Queue', (w) => reviveQueue(w as QueueWire));
registerHandle('mp.JoinableQueue', (w) => reviveQueue(w as QueueWire));
registerHandle('mp.Connection', (w) => reviveConnection(w as ConnectionWire));
registerHandle('mp.Lock', (w) => revive(w.ref, () => new MpLock()));
registerHandle('mp.Semaphore', (w) => revive(w.ref, () => new MpSemaphore()));
registerHandle('mp.BoundedSemaphore', (w) => revive(w.ref, () => new MpBoundedSemaphore()));
registerHandle('mp.Event', (w) => revive(w.ref, () => new MpEvent()));
registerHandle('mp.Pool', (w) => revive(w.ref, () => new Pool((w as PoolWire).processes)));
registerHandle('mp.Process', (w) => Process.of(w as ProcessWire));
// A shared() record that crossed into another process: a new record there, with the values it had.
registerHandle('SharedCopy', (w) => shared((w as SharedCopyWire).values));
