// multiprocessing.Pipe(duplex=True) → [conn1, conn2]: two Connection ends of one channel in the
// coordinator. send() pickles, recv() blocks until a message or EOF (the other end closed).
import { EventKind } from '../../core/trace/kinds';
import { ctx } from '../worker/context';
import { WIRE, type PrimitiveOptions } from '../primitives/base';
import type { GetDone, PutDone } from './co-channels';
import { call, ev, record, timeoutMs } from './client';
import { EOFError } from './errors';
import { createObject, type MpWire } from './handles';
import { pickle, unpickle } from './pickle';
import { recordedTimeout } from '../primitives/timeout';

export interface ConnectionWire extends MpWire {
  end: number;
  duplex: boolean;
}

/** One end of a Pipe(): send() to the other end, recv() what it sent. Made by Pipe(), never constructed. */
export class Connection<T = unknown> {
  private _closed = false;
  /** @internal The pipe's id in the coordinator. */
  readonly pipe: number;
  /** @internal End 0 receives what end 1 sends, and the other way round when duplex. */
  readonly end: number;
  /** @internal */
  readonly duplex: boolean;

  private constructor(pipe: number, end: number, duplex: boolean) {
    this.pipe = pipe;
    this.end = end;
    this.duplex = duplex;
  }

  /** @internal End `end` of pipe `pipe` (Pipe() makes both; a revived handle one). */
  static open<T>(pipe: number, end: number, duplex: boolean): Connection<T> {
    return new Connection<T>(pipe, end, duplex);
  }

  /** True once close() was called on this end. */
  get closed(): boolean {
    return this._closed;
  }

  /** True if this end can recv(). */
  get readable(): boolean {
    return this.duplex || this.end === 0;
  }

  /** True if this end can send(). */
  get writable(): boolean {
    return this.duplex || this.end === 1;
  }

  /** Sends a copy of `obj` (pickled) to the other end. */
  send(obj: T): void {
    const c = ctx();
    const at = c.operation();
    const bytes = pickle(obj);
    call<PutDone>('pipe.send', { id: this.pipe, end: this.end, bytes }, undefined, ev(EventKind.queuePutDone, this.pipe, 0, -1, -1, at));
  }

  /** Blocks until a message comes; EOFError once the other end is closed and nothing is left. */
  recv(): T {
    const at = ctx().operation();
    const begin = ev(EventKind.queueGet, this.pipe, -1, -1, -1, at);
    let r: GetDone;
    try {
      r = call<GetDone>('pipe.recv', { id: this.pipe, end: this.end }, begin);
    } catch (e) {
      if (e instanceof EOFError) record(ev(EventKind.queueEmpty, this.pipe, 0, -1, -1, begin[6]));
      throw e;
    }
    record(ev(EventKind.queueGetDone, this.pipe, r.size, r.item, -1, begin[6]));
    return unpickle(r.bytes) as T;
  }

  /** Whether recv() would not block, waiting up to `timeout` seconds (0: just look; null: wait as long as it takes). */
  poll(timeout: number | null = 0): boolean {
    const at = ctx().operation();
    const ms = timeoutMs(timeout);
    const begin = ev(EventKind.connPoll, this.pipe, recordedTimeout(timeout), -1, -1, at);
    const ready = call<boolean>('pipe.poll', { id: this.pipe, end: this.end, timeoutMs: ms }, begin);
    record(ev(EventKind.connPollDone, this.pipe, ready ? 1 : 0, -1, -1, begin[6]));
    return ready;
  }

  /** Closes this end for every holder: the other end's recv() then raises EOFError. */
  close(): void {
    this._closed = true;
    call('pipe.close', { id: this.pipe, end: this.end });
  }

  /** @internal */
  [WIRE](): ConnectionWire {
    return { __interleave: 'mp.Connection', ref: this.pipe, end: this.end, duplex: this.duplex };
  }

  /** Which pipe and end this is, and whether it is closed. */
  toString(): string {
    return `<Connection pipe=${this.pipe} end=${this.end}${this._closed ? ' closed' : ''}>`;
  }
}

/** Python's multiprocessing.Pipe(duplex=True): with duplex false, conn1 only receives and conn2 only sends. */
export function Pipe<T = unknown>(duplex = true, options?: PrimitiveOptions): [Connection<T>, Connection<T>] {
  const id = createObject('pipe.new', { duplex, name: options?.name }, 'Pipe', 'Pipe');
  return [Connection.open<T>(id, 0, duplex), Connection.open<T>(id, 1, duplex)];
}

export function reviveConnection(w: ConnectionWire): Connection {
  return Connection.open(w.ref, w.end, w.duplex);
}
