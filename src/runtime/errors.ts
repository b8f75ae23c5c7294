// Python's exception types, as JavaScript errors with the same names and messages.

export class RuntimeError extends Error {
  override name = 'RuntimeError';
}
export class ValueError extends Error {
  override name = 'ValueError';
}
export class BrokenBarrierError extends RuntimeError {
  override name = 'BrokenBarrierError';
  constructor(message = 'the barrier is broken') {
    super(message);
  }
}
/** queue.Empty */
export class Empty extends Error {
  override name = 'Empty';
}
/** queue.Full */
export class Full extends Error {
  override name = 'Full';
}
