// Step mode: what a thread stopped at a scheduling point is about to do, read from its own stack
// (the runtime method that called point(), and the user's line that called it). Costs a stack
// capture per point, so only step mode asks.
import type { ThreadContext } from '../worker/context';

const opRefs = new Map<string, number>();

export function describeNextOp(c: ThreadContext): { op: number; site: number } {
  const op = callerOfPoint();
  let ref = opRefs.get(op);
  if (ref === undefined) {
    ref = c.heap.writeString(op);
    opRefs.set(op, ref);
  }
  return { op: ref, site: c.sites.capture() };
}

/** "Lock.acquire", "Thread.start", "shared.read"...: the frame above the scheduler's point() and the operation() hook that calls it. */
function callerOfPoint(): string {
  const prepare = Error.prepareStackTrace;
  const limit = Error.stackTraceLimit;
  Error.prepareStackTrace = (_e, frames) => frames;
  Error.stackTraceLimit = 8;
  const holder: { stack?: NodeJS.CallSite[] } = {};
  Error.captureStackTrace(holder, callerOfPoint);
  const frames = holder.stack ?? [];
  Error.prepareStackTrace = prepare;
  Error.stackTraceLimit = limit;
  const at = frames.findIndex((f) => f.getFunctionName() === 'point' || f.getMethodName() === 'point');
  const hook = frames[at + 1]?.getMethodName() === 'operation' ? 1 : 0;
  const f = at >= 0 ? frames[at + 1 + hook] : undefined;
  if (!f) return 'operation';
  const name = f.getMethodName() ?? f.getFunctionName() ?? 'operation';
  // Bundlers rename classes that would collide (Thread → _Thread, Lock2): the user knows them unadorned.
  const type = f.getTypeName()?.replace(/^_+|\d+$/g, '') ?? null;
  // A shared record is a Proxy: its traps are plain `get`/`set` functions of the handler object.
  if ((name === 'get' || name === 'set') && (type === 'Object' || type === null)) return name === 'get' ? 'shared.read' : 'shared.write';
  if (name === 'sleep') return 'sleep';
  return type && type !== 'Object' ? `${type}.${name}` : name;
}
