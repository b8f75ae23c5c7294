// Python's exceptions of multiprocessing (and the OS errors a Connection raises), by name.
import { PythonError } from '../errors';

/** Connection.recv() when the other end is closed and nothing is left to read. */
export class EOFError extends PythonError {
  override name = 'EOFError';
}

/** multiprocessing.TimeoutError: AsyncResult.get(timeout) ran out of time. */
export class MpTimeoutError extends PythonError {
  override name = 'TimeoutError';
}

/** Use of a closed connection, or of one end in a direction it does not allow. */
export class OSError extends PythonError {
  override name = 'OSError';
}

/** send() on a connection whose other end is closed. */
export class BrokenPipeError extends OSError {
  override name = 'BrokenPipeError';
}

/** Python raises AssertionError for misuse of a Process (join before start, start twice). */
export class AssertionError extends PythonError {
  override name = 'AssertionError';
}

/** multiprocessing.pool.RemoteTraceback: the `cause` of an exception re-raised from a pool task. */
export class RemoteError extends PythonError {
  override name = 'RemoteTraceback';
  /** The stack of the exception in the worker process. */
  readonly remoteStack: string;

  constructor(remoteStack: string) {
    super(remoteStack.split('\n', 1)[0]);
    this.remoteStack = remoteStack;
  }
}
