// Python's exception types, as JavaScript errors with the same names and messages.

export class RuntimeError extends Error {
  override name = 'RuntimeError';
}
export class ValueError extends Error {
  override name = 'ValueError';
}
/** A timeout longer than TIMEOUT_MAX. */
export class OverflowError extends Error {
  override name = 'OverflowError';
}
/** threading.BrokenBarrierError; like CPython's, it carries no message. */
export class BrokenBarrierError extends RuntimeError {
  override name = 'BrokenBarrierError';
}
/** queue.Empty */
export class Empty extends Error {
  override name = 'Empty';
}
/** queue.Full */
export class Full extends Error {
  override name = 'Full';
}
