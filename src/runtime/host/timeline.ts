// The host's side of the timeline process (runtime/timeline/main.ts): forks it (or takes the spare
// forked ahead) for one binary trace, relays the panel's window requests to it and its summaries and
// windows back. The host keeps nothing of the run but the last summary it relayed.
import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import type { HostToTimeline, TimelineToHost } from '../../core/protocol/timeline';
import { isTimelineToHost } from '../../core/protocol/timeline';
import type { WindowRequestParams } from '../../core/protocol/webview';
import type { Outcome } from '../../core/trace/format';
import { type HostEnv, defaultDistDir } from './run';
import { prepareSpare, takeSpare } from './spares';

export interface TimelineHandle {
  request(r: WindowRequestParams): void;
  /** The run writing a live file is over: the process reads what is there and sends its last summary (`outcome` for a file without one). */
  ended(outcome?: Outcome): void;
  close(): void;
  /** Resolves when the process is gone (closed, or it died: then with why). */
  readonly exited: Promise<string | undefined>;
}

/**
 * A timeline process started on a live file before anything shows it (a run that may grow long): it
 * summarises the file as it is written, so when the run turns out long only the tail is left to
 * read. `adopt` gives it its listener, which first hears (once adopt has returned) the latest
 * summary and any error so far.
 */
export interface EarlyTimeline {
  adopt(onMessage: (m: TimelineToHost) => void): TimelineHandle;
  close(): void;
}

export function startTimelineEarly(path: string, env: HostEnv = {}): EarlyTimeline {
  let held: TimelineToHost[] = [];
  let listener: ((m: TimelineToHost) => void) | undefined;
  const handle = openTimeline(
    path,
    true,
    (m) => {
      if (listener) return listener(m);
      // Only the latest summary matters; an error is kept whatever comes after it.
      held = [...held.filter((h) => h.type === 'error' || (m.type !== 'summary' && h.type === 'summary')), m];
    },
    env,
  );
  return {
    adopt(onMessage) {
      const past = held.splice(0);
      listener = onMessage;
      queueMicrotask(() => past.forEach(onMessage));
      return handle;
    },
    close: () => handle.close(),
  };
}

/**
 * A typed array from Node's IPC is a view into the buffer its message was read into, which may hold
 * other messages too (a summary's buckets beside a window's events). VS Code's postMessage sends a
 * view's whole buffer, and the last summary kept would keep all of it alive: each gets its own.
 */
function ownBuffers(m: TimelineToHost): TimelineToHost {
  const own = (a: Uint8Array): Uint8Array => (a.byteLength === a.buffer.byteLength ? a : a.slice());
  if (m.type === 'summary') m.params.slice.buckets = own(m.params.slice.buckets);
  else if (m.type === 'window') {
    if (m.params.slice) m.params.slice.buckets = own(m.params.slice.buckets);
    if (m.params.detail) m.params.detail.events = own(m.params.detail.events);
  }
  return m;
}

function startTimeline(env: HostEnv): ChildProcess {
  return fork(join(env.distDir ?? defaultDistDir(), 'timeline.js'), [], {
    execPath: env.execPath,
    env: { ...process.env, ...env.env },
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
}

const spareKey = (env: HostEnv) => JSON.stringify(['timeline', env.execPath ?? '', env.distDir ?? '', env.env ?? {}]);

/** Forks the idle timeline process the next trace opened with this env (HostEnv.spares) will take; nothing if one is ready. */
export function prepareSpareTimeline(env: HostEnv): ChildProcess {
  return prepareSpare(spareKey(env), () => startTimeline(env), env.spareIdleMs);
}

/** Opens `path` in a timeline process; `onMessage` gets its summaries, windows and errors. */
export function openTimeline(path: string, live: boolean, onMessage: (m: TimelineToHost) => void, env: HostEnv = {}, widthPx?: number): TimelineHandle {
  const child = (env.spares && takeSpare(spareKey(env))) || startTimeline(env);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  let closing = false;
  const exited = new Promise<string | undefined>((r) =>
    child.on('exit', (code, signal) =>
      r(closing || code === 0 ? undefined : `the timeline process ended (${signal ?? `exit ${code}`})${stderr ? `: ${stderr.trim()}` : ''}`),
    ),
  );
  child.on('message', (m: unknown) => {
    if (isTimelineToHost(m)) onMessage(ownBuffers(m));
  });
  child.on('error', () => undefined); // 'exit' says it
  const send = (m: HostToTimeline) => {
    if (child.connected) child.send(m);
  };
  send({ type: 'open', path, live, widthPx });
  return {
    request: (request) => send({ type: 'window', request }),
    ended: (outcome) => send({ type: 'ended', outcome }),
    close() {
      closing = true;
      send({ type: 'close' });
      setTimeout(() => child.exitCode === null && child.kill(), 2000).unref();
    },
    exited,
  };
}
