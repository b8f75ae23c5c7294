// Python's exceptions of multiprocessing (and the OS errors a Connection raises), by name.

/** Connection.recv() when the other end is closed and nothing is left to read. */
export class EOFError extends Error {
  override name = 'EOFError';
}

/** multiprocessing.TimeoutError: AsyncResult.get(timeout) ran out of time. */
export class MpTimeoutError extends Error {
  override name = 'TimeoutError';
}

/** Use of a closed connection, or of one end in a direction it does not allow. */
export class OSError extends Error {
  override name = 'OSError';
}

/** send() on a connection whose other end is closed. */
export class BrokenPipeError extends OSError {
  override name = 'BrokenPipeError';
}

/** Python raises AssertionError for misuse of a Process (join before start, start twice). */
export class AssertionError extends Error {
  override name = 'AssertionError';
}

/** multiprocessing.pool.RemoteTraceback: the `cause` of an exception re-raised from a pool task. */
export class RemoteError extends Error {
  override name = 'RemoteTraceback';
  constructor(readonly remoteStack: string) {
    super(remoteStack.split('\n', 1)[0]);
  }
}
