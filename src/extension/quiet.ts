// Work the extension host may put off to a quiet moment: forking a child process blocks the host's
// thread (60–200 ms on a busy machine, whatever the child), so the spares for the next run are
// forked once nothing has been relayed for a while, never during a run or while its panel is fed.

export class Quiet {
  private lastBusy = -Infinity;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private pending: (() => void) | undefined;

  /** `calmMs`: how long nothing must have happened; `now`: the clock (ms). */
  constructor(
    private readonly calmMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Something was relayed or is running: pending work waits `calmMs` from now. */
  busy(): void {
    this.lastBusy = this.now();
  }

  /** Runs `work` once the host has been calm for `calmMs` (replacing work still pending). */
  whenQuiet(work: () => void): void {
    this.pending = work;
    this.arm();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = undefined;
  }

  private arm(): void {
    if (this.timer) return;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        if (this.now() - this.lastBusy < this.calmMs) return this.arm();
        const work = this.pending;
        this.pending = undefined;
        work?.();
      },
      Math.max(0, this.lastBusy + this.calmMs - this.now()),
    );
    // Nothing to do when the host is going away anyway.
    (this.timer as { unref?(): void }).unref?.();
  }
}
