// A call the coordinator answers later: when what it waits for happens, or when its timeout
// passes (the coordinator owns every cross-process deadline, so a timeout and a hand-off can never
// both happen). Lists of waiters hold these and skip the ones already answered.
import type { MpResult } from './protocol';

export type Reply = (r: MpResult) => void;

export class Pending {
  private timer?: NodeJS.Timeout;
  done = false;

  /** timeoutMs -1: no timeout. */
  constructor(
    private readonly reply: Reply,
    timeoutMs: number,
    onTimeout: () => MpResult,
  ) {
    if (timeoutMs >= 0) this.timer = setTimeout(() => this.resolve(onTimeout()), timeoutMs);
  }

  /** Answers once; false if it was answered already (timed out). */
  resolve(r: MpResult): boolean {
    if (this.done) return false;
    this.done = true;
    clearTimeout(this.timer);
    this.reply(r);
    return true;
  }
}

/** The first waiter still waiting, removing answered ones from the front. */
export function firstLive<T extends { done: boolean }>(list: T[]): T | undefined {
  while (list.length && list[0].done) list.shift();
  return list[0];
}

export const ok = (value: unknown): MpResult => ({ ok: value });
export const fail = (name: string, message: string): MpResult => ({ error: { name, message } });
