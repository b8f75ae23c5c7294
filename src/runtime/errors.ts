// Python's exception types, as JavaScript errors with the same names and messages.

/** What every exception of the module shares: Python's class name as its `name`. */
export class PythonError extends Error {
  /** The exception's class name, as Python prints it in a traceback. */
  override name = 'Exception';
}

/** Python's RuntimeError: e.g. releasing a lock that is not held. */
export class RuntimeError extends PythonError {
  override name = 'RuntimeError';
}
/** Python's ValueError: an argument of the right type with a wrong value. */
export class ValueError extends PythonError {
  override name = 'ValueError';
}
/** A timeout longer than TIMEOUT_MAX. */
export class OverflowError extends PythonError {
  override name = 'OverflowError';
}
/** threading.BrokenBarrierError; like CPython's, it carries no message. */
export class BrokenBarrierError extends RuntimeError {
  override name = 'BrokenBarrierError';
}
/** queue.Empty */
export class Empty extends PythonError {
  override name = 'Empty';
}
/** queue.Full */
export class Full extends PythonError {
  override name = 'Full';
}
