// threading.excepthook: what happens to an exception that ends a thread (not MainThread). The
// hook is process-wide, as in Python, so it travels by name: an exported function of the scenario
// file, kept in the control block for every worker. The trace records the exception either way.
import { Ctl } from '../shm/layout';
import { ctx } from './context';
import { formatThreadError } from './errors-format';
import { exportNameOf } from './targets';
import type { Thread } from './thread';

/** What excepthook is called with (Python's threading.ExceptHookArgs). */
export interface ExceptHookArgs {
  /** The exception's class (its constructor), undefined for a thrown non-object. */
  excType: unknown;
  /** What was thrown. */
  excValue: unknown;
  /** The stack, as text (JavaScript has no traceback objects). */
  excTraceback: string | undefined;
  /** The thread it ended. */
  thread: Thread | undefined;
}

export type ExceptHook = (args: ExceptHookArgs) => unknown;

/** The default hook (Python's threading.__excepthook__): "Exception in thread NAME:" and the stack, on stderr. */
export function excepthook(args: ExceptHookArgs): void {
  const who = args.thread?.name ?? ctx().tid;
  process.stderr.write(`Exception in thread ${who}:\n${formatThreadError(args.excValue)}\n`);
}

/** Python's `threading.excepthook = hook`: an exported function of the scenario file; null restores the default. */
export function setExcepthook(hook: ExceptHook | null): void {
  const c = ctx();
  Atomics.store(c.ctl, Ctl.EXCEPTHOOK, hook === null || hook === excepthook ? 0 : c.heap.writeString(exportNameOf(hook, 'excepthook')));
}

/** The hook in force (Python's `threading.excepthook`). */
export function getExcepthook(): ExceptHook {
  const c = ctx();
  const ref = Atomics.load(c.ctl, Ctl.EXCEPTHOOK);
  return ref === 0 ? excepthook : (c.exports[c.heap.readString(ref)] as ExceptHook);
}

/** @internal Hands the exception that ended `thread` to the hook; one the hook raises is reported as CPython does. */
export function invokeExcepthook(e: unknown, thread: Thread | undefined): void {
  const args: ExceptHookArgs = {
    excType: typeof e === 'object' && e !== null ? e.constructor : undefined,
    excValue: e,
    excTraceback: e instanceof Error ? e.stack : undefined,
    thread,
  };
  try {
    getExcepthook()(args);
  } catch (hookError) {
    process.stderr.write(`Exception in threading.excepthook:\n${formatThreadError(hookError)}\n`);
  }
}
