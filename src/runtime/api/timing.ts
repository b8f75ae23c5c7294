// time.sleep and logging.debug for scenarios: both recorded on the calling thread's lane.
import { format } from 'node:util';
import { EventKind } from '../../core/trace/kinds';
import { ctx } from '../worker/context';
import { BlockOp } from '../shm/layout';
import { ValueError } from '../errors';

/** Python's time.sleep(seconds) (scaled by the run's sleep scale). */
export function sleep(seconds: number): void {
  if (!(seconds >= 0)) throw new ValueError('sleep length must be non-negative');
  const c = ctx();
  const at = c.operation();
  c.emit(EventKind.sleepBegin, 0, seconds, -1, -1, at);
  c.blockBegin(BlockOp.sleep, 0, true, at);
  c.sched.sleep(c.ms(seconds));
  c.blockEnd();
  c.emit(EventKind.sleepEnd, 0, seconds, -1, -1, at);
}

/** A labelled instant on this thread's lane (console.log formatting). */
export function log(...values: unknown[]): void {
  const c = ctx();
  const text = format(...values);
  c.emit(EventKind.log, 0, c.heap.writeString(text), -1, -1, c.sites.capture());
}
