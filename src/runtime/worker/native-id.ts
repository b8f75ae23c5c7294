// The operating system's id of this worker's thread (Python's threading.get_native_id()): Linux
// names it in /proc/thread-self; elsewhere Node's worker threadId stands in.
import { readlinkSync } from 'node:fs';
import { threadId } from 'node:worker_threads';

let id: number | undefined;

export function nativeThreadId(): number {
  if (id === undefined) {
    try {
      id = Number(readlinkSync('/proc/thread-self').split('/').pop());
    } catch {
      id = threadId;
    }
  }
  return id;
}
