// The process-main side of a thread's synchronous calls: each thread's reply port and signal
// word, registered by its first call. Answering posts on the port, then bumps and notifies the
// word the thread waits on (the thread reads the port only after the bump, so it never misses it).
import type { MessagePort } from 'node:worker_threads';
import type { MpFromThread, MpResult } from './protocol';

export class ThreadPorts {
  private readonly byTid = new Map<number, { port: MessagePort; sig: Int32Array }>();

  /** Registers the thread's port if this is its first call. */
  accept(m: MpFromThread): void {
    if (m.type === 'mp' && m.port && m.signal) this.byTid.set(m.tid, { port: m.port, sig: new Int32Array(m.signal) });
  }

  reply(tid: number, result: MpResult): void {
    const t = this.byTid.get(tid);
    if (!t) return; // the thread is gone (its worker ended or was stopped)
    t.port.postMessage(result);
    Atomics.add(t.sig, 0, 1);
    Atomics.notify(t.sig, 0);
  }

  forget(tid: number): void {
    this.byTid.get(tid)?.port.close();
    this.byTid.delete(tid);
  }
}
