// The drain pump: every DRAIN_MS, and whenever a thread's ring passes half full (it rings
// Ctl.DRAIN_BELL), what the threads recorded since goes to the host — new sites, strings and
// primitives before the events that use them — and then the multiprocessing coordinator's events.
// Never blocks: a thread waits only when its ring is full, which the bell makes rare.
import type { RunnerToHost } from '../../core/protocol/runner';
import type { MpCoordinator } from '../mp/coordinator';
import type { Drain } from './drain';
import { Ctl } from '../shm/layout';
import { changed } from './deterministic';

const DRAIN_MS = 5;

export class DrainPump {
  private timer?: NodeJS.Timeout;

  constructor(
    readonly drain: Drain,
    private readonly send: (m: RunnerToHost) => void,
    private readonly mp: MpCoordinator,
    private readonly ctl: Int32Array,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.flush(), DRAIN_MS);
    void this.listen();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    Atomics.add(this.ctl, Ctl.DRAIN_BELL, 1);
    Atomics.notify(this.ctl, Ctl.DRAIN_BELL);
  }

  private async listen(): Promise<void> {
    while (this.timer) {
      await changed(this.ctl, Ctl.DRAIN_BELL, Atomics.load(this.ctl, Ctl.DRAIN_BELL));
      if (this.timer) this.flush();
    }
  }

  flush(): void {
    const d = this.drain.drain();
    if (d.sites.length) this.send({ type: 'sites', base: this.drain.sites.length - d.sites.length, sites: d.sites });
    if (d.strings.length) this.send({ type: 'strings', base: this.drain.strings.length - d.strings.length, strings: d.strings });
    for (const p of d.primitives) this.send({ type: 'primitive', primitive: p });
    if (d.batch) this.send({ type: 'events', batch: d.batch });
    this.mp.flush();
  }
}
