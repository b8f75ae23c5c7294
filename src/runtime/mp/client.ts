// The thread side of every multiprocessing operation: a synchronous call to the coordinator in the
// runner (through this process's main thread) and the events that record it. A call posts one
// message and blocks in the scheduler on a private signal word until the reply is on its port.
import { MessageChannel, parentPort, receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { ctx } from '../worker/context';
import { RuntimeError, ValueError, Empty, Full } from '../errors';
import type { LocalEv, MpError, MpFromThread, MpResult, MpWorkerData, ProcessIdentity } from './protocol';
import { AssertionError, BrokenPipeError, EOFError, MpTimeoutError, OSError, RemoteError } from './errors';
import { checkTimeout } from '../primitives/timeout';

let channel: { port: MessagePort; sig: Int32Array } | undefined;

/**
 * Calls `op` on the coordinator. `begin` is recorded as the call arrives (so a thread killed while it
 * waits still shows the wait); `effect` when a put/send takes effect there (protocol.ts).
 */
export function call<T>(op: string, args: unknown, begin?: LocalEv, effect?: LocalEv): T {
  const c = ctx();
  let hello: { port: MessagePort; signal: SharedArrayBuffer } | undefined;
  if (!channel) {
    const mc = new MessageChannel();
    const sig = new Int32Array(new SharedArrayBuffer(4));
    channel = { port: mc.port1, sig };
    hello = { port: mc.port2, signal: sig.buffer as SharedArrayBuffer };
  }
  const { port, sig } = channel;
  c.rec.publish();
  let seen = Atomics.load(sig, 0);
  const m: MpFromThread = { type: 'mp', tid: c.tid, op, args, begin, effect, ...hello };
  parentPort!.postMessage(m, hello ? [hello.port] : []);
  for (;;) {
    const got = receiveMessageOnPort(port);
    if (got) return unwrap(got.message as MpResult) as T;
    c.sched.wait(sig, 0, seen, Infinity);
    seen = Atomics.load(sig, 0);
  }
}

/** Records events of an mp operation (after its reply: they carry what the coordinator decided). */
export function record(...events: LocalEv[]): void {
  const m: MpFromThread = { type: 'mpRec', tid: ctx().tid, events };
  parentPort!.postMessage(m);
}

/** An event at this moment and call site. */
export function ev(k: number, p: number, a = 0, q = -1, l = -1, at = ctx().sites.capture(), t = ctx().sched.now()): LocalEv {
  return [k, t, p, a, q, l, at];
}

/** Seconds (as the API takes them, null for none) to the run's scaled milliseconds, -1 for none; as in CPython's multiprocessing, 0 or less (or NaN) only looks. */
export function timeoutMs(timeout: number | null | undefined): number {
  if (timeout === undefined || timeout === null) return -1;
  checkTimeout(timeout);
  return timeout > 0 ? ctx().ms(timeout) : 0;
}

/** This process, as currentProcess() describes it: the runner's own is MainProcess. */
export function identity(): ProcessIdentity {
  return (workerData as MpWorkerData | undefined)?.mpProcess ?? { id: 0, name: 'MainProcess', daemon: false };
}

const errorTypes: Record<string, new (message: string) => Error> = {
  ValueError,
  RuntimeError,
  Empty,
  Full,
  EOFError,
  TimeoutError: MpTimeoutError,
  OSError,
  BrokenPipeError,
  AssertionError,
  TypeError,
  RangeError,
  Error,
};

function unwrap(r: MpResult): unknown {
  if ('ok' in r) return r.ok;
  throw toError(r.error);
}

/** The error a thread raises for a coordinator's answer; a task's exception keeps its remote stack as `cause`. */
export function toError(e: MpError): Error {
  const Type = errorTypes[e.name];
  const err = Type ? new Type(e.message) : Object.assign(new Error(e.message), { name: e.name });
  if (!Type && e.name !== 'Error') Object.defineProperty(err, 'name', { value: e.name });
  if (e.remoteStack !== undefined) {
    (err as Error & { cause?: unknown }).cause = new RemoteError(e.remoteStack);
    err.stack = `${err.stack}\n\nRaised in a pool worker process; the remote stack:\n${e.remoteStack}`;
  }
  return err;
}
