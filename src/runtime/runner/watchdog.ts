// Deadlock and stall detection of a realtime run: every WATCHDOG_MS, a snapshot of who waits for
// what (core/analysis/stuck.ts decides what it means). Two looks in a row must agree before the
// run ends: a thread just notified may still show as waiting.
import { findStuck, type StuckVerdict, type WaitSnapshot } from '../../core/analysis/stuck';

const WATCHDOG_MS = 50;

export class Watchdog {
  private timer?: NodeJS.Timeout;
  private candidate = '';

  constructor(
    private readonly look: () => WaitSnapshot,
    private readonly stuck: (verdict: StuckVerdict) => void,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.check(), WATCHDOG_MS);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private check(): void {
    const verdict = findStuck(this.look());
    if (!verdict) {
      this.candidate = '';
      return;
    }
    const key = JSON.stringify(verdict);
    if (key !== this.candidate) {
      this.candidate = key;
      return;
    }
    this.stop();
    this.stuck(verdict);
  }
}
