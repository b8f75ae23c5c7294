// Child processes forked ahead and left idle until they are needed (the extension keeps a runner
// and a timeline process so): taking one skips Node's start, and the fork itself — synchronous in
// Node, 60–200 ms of the caller's thread on a busy machine — happens when the caller chooses (a quiet
// moment), not in the middle of a run.
import type { ChildProcess } from 'node:child_process';

const spares = new Map<string, { child: ChildProcess; idle?: NodeJS.Timeout }>();

const live = (c: ChildProcess | undefined): c is ChildProcess => !!c && c.connected && c.exitCode === null && c.signalCode === null;

/**
 * The idle child kept under `key`, forked by `start` if there is no live one. It does not keep its
 * host alive, and exits when its host goes away or after `idleMs` untaken.
 */
export function prepareSpare(key: string, start: () => ChildProcess, idleMs?: number): ChildProcess {
  const ready = spares.get(key);
  if (live(ready?.child)) return ready.child;
  const child = start();
  child.unref();
  (child.channel as { unref?(): void } | undefined)?.unref?.();
  const idle =
    idleMs === undefined
      ? undefined
      : setTimeout(() => {
          if (spares.get(key)?.child === child) spares.delete(key);
          child.kill();
        }, idleMs);
  idle?.unref();
  spares.set(key, { child, idle });
  return child;
}

/** The live spare under `key`, now the caller's (it keeps the host alive again); undefined if there is none. */
export function takeSpare(key: string): ChildProcess | undefined {
  const entry = spares.get(key);
  spares.delete(key);
  clearTimeout(entry?.idle);
  const spare = entry?.child;
  if (!live(spare)) {
    entry?.child.kill();
    return undefined;
  }
  spare.ref();
  (spare.channel as { ref?(): void } | undefined)?.ref?.();
  return spare;
}

export function disposeSpares(): void {
  for (const s of spares.values()) {
    clearTimeout(s.idle);
    s.child.kill();
  }
  spares.clear();
}
