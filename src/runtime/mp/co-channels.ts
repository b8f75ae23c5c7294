// The coordinator's message channels: mp.Queue / JoinableQueue and the two ends of a Pipe. Items
// are pickled bytes; each gets an id (per channel) that the put/send and the get/recv record, so
// the timeline draws an arrow from the one to the other, across processes.
import { fail, firstLive, ok, Pending, type Reply } from './pending';

interface Item {
  id: number;
  bytes: Uint8Array;
}

/** What a put/send answers: the item's id and the channel's size right after. */
export interface PutDone {
  item: number;
  size: number;
  /** When it took effect (ns on the run's clock), taken before any getter is handed the item. */
  t: number;
}

/** What a get/recv answers. */
export interface GetDone {
  item: number;
  size: number;
  bytes: Uint8Array;
}

/** The run's clock, ns since its start. */
export type Clock = () => number;

export class QueueState {
  private readonly items: Item[] = [];
  private nextItem = 0;
  private readonly getters: Pending[] = [];
  private readonly putters: (Pending & { bytes: Uint8Array })[] = [];
  private unfinished = 0;
  private readonly joiners: Pending[] = [];
  private closed = false;

  constructor(
    readonly maxsize: number,
    readonly joinable: boolean,
    private readonly now: Clock,
  ) {}

  get size(): number {
    return this.items.length;
  }

  private get full(): boolean {
    return this.maxsize > 0 && this.items.length >= this.maxsize;
  }

  /** Python's put(obj, block, timeout): Full when there is no room in time. */
  put(bytes: Uint8Array, block: boolean, timeoutMs: number, reply: Reply): void {
    if (this.closed) return reply(fail('ValueError', 'Queue is closed'));
    if (!this.full) return reply(ok(this.accept(bytes)));
    if (!block || timeoutMs === 0) return reply(fail('Full', ''));
    this.putters.push(Object.assign(new Pending(reply, timeoutMs, () => fail('Full', '')), { bytes }));
  }

  get(block: boolean, timeoutMs: number, reply: Reply): void {
    if (this.items.length) {
      reply(ok(this.take()));
      this.admitPutters();
      return;
    }
    if (!block || timeoutMs === 0) return reply(fail('Empty', ''));
    this.getters.push(new Pending(reply, timeoutMs, () => fail('Empty', '')));
  }

  /** JoinableQueue.task_done(); answers the unfinished count after. */
  taskDone(): number {
    if (!this.joinable) throw new TypeError('internal: taskDone on a plain Queue');
    if (this.unfinished <= 0) throw Object.assign(new Error('task_done() called too many times'), { name: 'ValueError' });
    this.unfinished--;
    if (this.unfinished === 0) for (const j of this.joiners.splice(0)) j.resolve(ok(0));
    return this.unfinished;
  }

  join(reply: Reply): void {
    if (this.unfinished === 0) return reply(ok(0));
    this.joiners.push(new Pending(reply, -1, () => ok(0)));
  }

  /** Queue.close(): no more puts from anyone (Python: from this process; here the queue is one object). */
  close(): void {
    this.closed = true;
  }

  private accept(bytes: Uint8Array): PutDone {
    const id = ++this.nextItem;
    this.items.push({ id, bytes });
    if (this.joinable) this.unfinished++;
    const done: PutDone = { item: id, size: this.items.length, t: this.now() };
    for (let g = firstLive(this.getters); g && this.items.length; g = firstLive(this.getters)) {
      this.getters.shift();
      g.resolve(ok(this.take()));
    }
    return done;
  }

  private take(): GetDone {
    const it = this.items.shift()!;
    return { item: it.id, size: this.items.length, bytes: it.bytes };
  }

  private admitPutters(): void {
    for (let p = firstLive(this.putters); p && !this.full; p = firstLive(this.putters)) {
      this.putters.shift();
      p.resolve(ok(this.accept(p.bytes)));
    }
  }
}

class End {
  readonly inbox: Item[] = [];
  readonly receivers: Pending[] = [];
  readonly pollers: Pending[] = [];
  closed = false;
}

/**
 * multiprocessing.Pipe(duplex): end 0 and end 1. Each end receives what the other sends. With
 * duplex = false, end 0 only receives and end 1 only sends (Python's (reader, writer) pair).
 * A closed end is closed for every holder: there is one end object, not one per process.
 */
export class PipeState {
  private readonly ends = [new End(), new End()];
  private nextItem = 0;

  constructor(
    readonly duplex: boolean,
    private readonly now: Clock,
  ) {}

  send(from: number, bytes: Uint8Array, reply: Reply): void {
    const err = this.usable(from, 'send');
    if (err) return reply(err);
    const peer = this.ends[1 - from];
    if (peer.closed) return reply(fail('BrokenPipeError', '[Errno 32] Broken pipe'));
    const id = ++this.nextItem;
    peer.inbox.push({ id, bytes });
    const done: PutDone = { item: id, size: peer.inbox.length, t: this.now() };
    reply(ok(done));
    this.serve(1 - from);
  }

  recv(at: number, reply: Reply): void {
    const err = this.usable(at, 'recv');
    if (err) return reply(err);
    this.ends[at].receivers.push(new Pending(reply, -1, () => ok(undefined)));
    this.serve(at);
  }

  /** True when recv() would not block: data waiting, or the other end closed (recv raises EOFError). */
  poll(at: number, timeoutMs: number, reply: Reply): void {
    const err = this.usable(at, 'poll');
    if (err) return reply(err);
    if (this.ready(at)) return reply(ok(true));
    if (timeoutMs === 0) return reply(ok(false));
    this.ends[at].pollers.push(new Pending(reply, timeoutMs, () => ok(false)));
  }

  close(at: number): void {
    const end = this.ends[at];
    if (end.closed) return;
    end.closed = true;
    for (const r of end.receivers.splice(0)) r.resolve(fail('OSError', 'handle is closed'));
    for (const p of end.pollers.splice(0)) p.resolve(fail('OSError', 'handle is closed'));
    this.serve(1 - at);
  }

  private ready(at: number): boolean {
    return this.ends[at].inbox.length > 0 || this.ends[1 - at].closed;
  }

  /** Hands waiting items to receivers of end `at`; EOF to them once the other end is closed and the inbox is empty. */
  private serve(at: number): void {
    const end = this.ends[at];
    for (let r = firstLive(end.receivers); r; r = firstLive(end.receivers)) {
      if (end.inbox.length) {
        end.receivers.shift();
        const it = end.inbox.shift()!;
        r.resolve(ok({ item: it.id, size: end.inbox.length, bytes: it.bytes } satisfies GetDone));
      } else if (this.ends[1 - at].closed) {
        end.receivers.shift();
        r.resolve(fail('EOFError', ''));
      } else break;
    }
    if (this.ready(at)) for (const p of end.pollers.splice(0)) p.resolve(ok(true));
  }

  private usable(at: number, op: 'send' | 'recv' | 'poll'): ReturnType<typeof fail> | undefined {
    if (this.ends[at].closed) return fail('OSError', 'handle is closed');
    if (!this.duplex && op === 'send' && at === 0) return fail('OSError', 'connection is read-only');
    if (!this.duplex && op !== 'send' && at === 1) return fail('OSError', 'connection is write-only');
    return undefined;
  }
}
