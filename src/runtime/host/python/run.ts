// Runs a Python script under the tracer (src/python/interleave_trace, shipped in dist/python) and
// turns its stream into the same RunnerToHost messages a TypeScript run produces: the same
// TraceBuilder, live view, model, exporters and explanations serve both.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep, basename } from 'node:path';
import type { RunOptions, RunnerToHost } from '../../../core/protocol/runner';
import { LastAcquired } from '../../../core/analysis/last-acquired';
import { TraceBuilder } from '../../../core/trace/builder';
import type { Outcome, ProcessInfo, Trace, TraceMeta } from '../../../core/trace/format';
import { fileHeader } from '../../../core/trace/binary/records';
import { TraceStoreWriter } from '../../../core/trace/binary/writer';
import { recordingStoppedText } from '../../../core/analysis/outcome';
import { nodeStoreCodec } from '../../store/codec';
import { FileSink, openTraceStore } from '../../store/file';
import { RunWalks } from '../../store/run-walks';
import { defaultDistDir, storedTrace, type RunHandle, type StoredRun } from '../run';
import { toolVersion } from '../../tool-version';
import { pythonOutcome } from './outcome';
import { CrossProcessStall } from './quiet';
import { FrameReader, mainThreadOf, ProcessStream, type PyMessage, type PySnapshot, type RunIds } from './wire';

export interface PythonRunOptions {
  /** The script (absolute, or relative to `cwd`). */
  file: string;
  /** Arguments after the script, as `python3 script.py ARGS...` gets them. */
  args: string[];
  /** The interpreter (see interpreter.ts). */
  python: string;
  /** Seconds of wall time before the run ends as `timeout`. */
  timeLimitS: number;
  cwd?: string;
  /** Record into a binary trace (docs/trace-store.md) as a TypeScript run does: the host then keeps no events. */
  store?: RunOptions['store'];
  /** With `store`: walk each chunk for the terminal's summary as it is written (RunOptions.summarize; StoredRun.summary). */
  summarize?: boolean;
  /** With `store`: walk each chunk for the analyses as it is written (RunOptions.analyze; StoredRun.analyses). */
  analyze?: boolean;
}

export interface PythonHostEnv {
  distDir?: string;
  env?: NodeJS.ProcessEnv;
  /** The script's stdin/stdout/stderr are the host's own (the CLI); else they come through `onOutput`. */
  inheritStdio?: boolean;
  onOutput?: (text: string, stream: 'stdout' | 'stderr') => void;
}

export interface PythonRunHandle extends RunHandle {
  /** The Python process's own exit status (null when it was killed by a signal). */
  readonly exitStatus: Promise<number | null>;
}

/** Chunks reach the file at least this often, so a killed host leaves at most this much unwritten (as runner/store.ts). */
const FLUSH_MS = 500;

/** End kinds a stall called by the host does not replace. */
const stuckKinds: ReadonlySet<string> = new Set(['deadlock', 'stall', 'timeout', 'stopped', 'error']);

/** Seconds past the time limit before a tracer that did not end by itself is killed. */
const GRACE_S = 5;

export function tracerDir(distDir = defaultDistDir()): string {
  return join(distDir, 'python', 'interleave_trace');
}

export function runPython(options: PythonRunOptions, onMessage?: (m: RunnerToHost) => void, env: PythonHostEnv = {}): PythonRunHandle {
  const cwd = options.cwd ?? process.cwd();
  const file = resolve(cwd, options.file);
  const root = dirname(file);
  const builder = new TraceBuilder();
  const ids: RunIds = { threads: 0, prims: 0, sites: [], strings: [], mainOfPid: new Map(), primOfKey: new Map(), threadOfProcess: new Map() };
  /** multiprocessing: process id (0 MainProcess, 1.. children) by pid, and what is known of each. */
  const processByPid = new Map<number, ProcessInfo>();
  const siteText = (s: string) => (s.startsWith(root + sep) ? s.slice(root.length + 1) : s);
  const started = Date.now();
  // A stored run's events go to its file as they come (the builder keeps the rest: names, sites, outcome).
  const sink = options.store && new FileSink(options.store.path);
  const writer = sink && new TraceStoreWriter(sink, nodeStoreCodec, { maxEvents: options.store?.maxEvents, maxBytes: options.store?.maxBytes });
  let lastFlush = performance.now();
  const walks = writer && new RunWalks(options);
  if (writer) writer.onChunk = (chunk, offset) => walks!.feed(chunk, offset);
  /** When the script's main thread ended (StoredRun.scenarioEndMs). */
  let scenarioEndMs: number | undefined;
  const held = new LastAcquired();
  const emit = (m: RunnerToHost) => {
    walks?.note(m);
    if (m.type === 'events') held.note(m.batch);
    if (!writer || m.type !== 'events') builder.accept(m);
    if (writer && m.type !== 'outcome') {
      const stopped = writer.stop;
      writer.accept(m);
      if (performance.now() - lastFlush >= FLUSH_MS) {
        writer.flush();
        lastFlush = performance.now();
      }
      // A limit or a failed write ends the run, as for a TypeScript run.
      if (!stopped && writer.stop) stopScript();
    }
    onMessage?.(m);
  };

  const dir = mkdtempSync(join(tmpdir(), 'interleave-py-'));
  const sockPath = join(dir, 'trace.sock');
  const sockets: Socket[] = [];
  let ended: { end: Extract<PyMessage, { type: 'end' }>; snapshot?: PySnapshot } | undefined;
  let first: ProcessStream | undefined;
  const childOf = new Map<ProcessStream, ProcessInfo>();
  const stall = new CrossProcessStall<ProcessStream>();
  const socketOf = new Map<ProcessStream, Socket>();
  /** Every process's waits when the host called a stall across processes (their own ends follow). */
  let stallSnapshot: PySnapshot | undefined;

  const server = createServer((sock) => {
    sockets.push(sock);
    const stream = new ProcessStream(ids, siteText);
    first ??= stream;
    socketOf.set(stream, sock);
    const reader = new FrameReader((payload) => {
      if (payload[0] === 0x45 /* E */) {
        const batch = stream.decodeEvents(payload);
        if (batch.t.length) emit({ type: 'events', batch });
        return;
      }
      const m = JSON.parse(payload.subarray(1).toString('utf8')) as PyMessage;
      switch (m.type) {
        case 'hello':
          stall.connect(stream, m.pid);
          if (stream === first) {
            emit({ type: 'meta', meta: meta(m) });
            stream.bindProcess(m.pid);
            processByPid.set(m.pid, { id: 0, name: 'MainProcess', pid: m.pid, parent: -1, daemon: false, mainThread: mainThreadOf(ids, m.pid) });
          } else if (m.process) {
            if (processByPid.size === 1) emit({ type: 'process', process: processByPid.values().next().value! });
            const p: ProcessInfo = {
              id: processByPid.size,
              name: m.process.name,
              pid: m.pid,
              parent: processByPid.get(m.process.ppid)?.id ?? 0,
              daemon: m.process.daemon,
              ...(m.process.target ? { target: m.process.target } : {}),
              mainThread: mainThreadOf(ids, m.pid),
            };
            processByPid.set(m.pid, p);
            stream.bindProcess(m.pid, p.id);
            childOf.set(stream, p);
            emit({ type: 'process', process: p });
          }
          break;
        case 'clock':
          stream.t0 = m.t0;
          break;
        case 'thread':
          emit({ type: 'thread', thread: stream.mapThread(m.thread) });
          break;
        case 'primitive': {
          const primitive = stream.mapPrimitive(m.primitive);
          if (primitive) emit({ type: 'primitive', primitive });
          break;
        }
        case 'sites':
          emit({ type: 'sites', base: stream.addSites(m.base, m.sites), sites: m.sites.map(siteText) });
          break;
        case 'strings':
          emit({ type: 'strings', base: stream.addStrings(m.base, m.strings), strings: m.strings });
          break;
        case 'spawned':
          stall.spawned(m.pid);
          break;
        case 'busy':
          stall.busy(stream);
          break;
        case 'quiet': {
          const all = !stallSnapshot && stall.report(stream, m.key, stream.mapSnapshot(m.snapshot));
          if (all) {
            // python3 would hang here (even a main script that ended waits for its children at exit).
            stallSnapshot = all;
            if (ended && !stuckKinds.has(ended.end.kind)) ended = undefined;
            for (const s of socketOf.keys()) if (s !== first || !ended) socketOf.get(s)!.write('stall');
          }
          break;
        }
        case 'end': {
          // A child is live until its process exits (its socket closes): a join on it waits until then.
          if (stream === first) {
            stall.ended(stream);
            scenarioEndMs ??= performance.timeOrigin + performance.now();
          }
          const child = childOf.get(stream);
          if (child) {
            Object.assign(child, {
              end: m.durationNs,
              exitCode: m.exitCode,
              ...(m.kind === 'completed' || m.kind === 'exited' ? {} : { reason: `stopped: ${m.kind}` }),
            });
            emit({ type: 'process', process: child });
          }
          if (stallSnapshot && m.kind === 'stall') {
            // The host's call: every process's waits explain it.
            ended ??= { end: m, snapshot: stallSnapshot };
          } else if (stream === first || ((m.kind === 'deadlock' || m.kind === 'stall') && !ended)) {
            // A deadlock or stall in a child ends the run as one: the main process is stopped.
            ended ??= { end: m, snapshot: m.snapshot && stream.mapSnapshot(m.snapshot) };
            if (stream !== first) sockets[0]?.write('stop');
          }
          break;
        }
      }
    });
    sock.on('data', (d: Buffer) => reader.push(d));
    sock.on('close', () => stall.ended(stream));
    sock.on('error', () => undefined);
  });
  server.listen(sockPath);

  const meta = (hello: Extract<PyMessage, { type: 'hello' }>): TraceMeta => ({
    tool: 'interleave',
    toolVersion: toolVersion(env.distDir ?? defaultDistDir()),
    file,
    root,
    scenario: '__main__',
    title: basename(file),
    mode: 'realtime',
    startedAt: new Date(started).toISOString(),
    clock: 'ns-since-start',
    timeLimitS: options.timeLimitS,
    sleepScale: 1,
    platform: `${process.platform}-${process.arch}`,
    language: 'python',
    runtime: `${hello.implementation === 'cpython' ? 'CPython' : hello.implementation} ${hello.python}`,
    argv: [options.file, ...options.args],
  });

  let stopRequested = false;
  /** Asks the tracer's watchdog to end the run (it keeps the trace); one that cannot answer is killed. */
  const stopScript = () => {
    const sock = sockets[0];
    if (sock && !sock.destroyed) sock.write('stop');
    else child.kill('SIGTERM');
    setTimeout(() => child.exitCode === null && child.kill('SIGKILL'), 2000).unref();
  };
  let resolveStatus!: (s: number | null) => void;
  const exitStatus = new Promise<number | null>((r) => (resolveStatus = r));
  const child = spawn(options.python, [tracerDir(env.distDir), options.file, ...options.args], {
    cwd,
    env: {
      ...process.env,
      ...env.env,
      INTERLEAVE_SOCKET: sockPath,
      INTERLEAVE_TIME_LIMIT: String(options.timeLimitS),
      PYTHONUNBUFFERED: process.env.PYTHONUNBUFFERED,
    },
    stdio: env.inheritStdio ? 'inherit' : ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => env.onOutput?.(d.toString(), 'stdout'));
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-8000);
    env.onOutput?.(d.toString(), 'stderr');
  });

  const outcomeKnown = new Promise<Outcome>((resolveDone) => {
    let finished = false;
    const finish = (status: number | null, signal: NodeJS.Signals | null, spawnError?: Error) => {
      if (finished) return;
      finished = true;
      clearTimeout(killer);
      resolveStatus(status);
      // Everything the processes wrote is in once their sockets have closed.
      void Promise.all(sockets.map((s) => (s.closed ? undefined : new Promise((r) => s.once('close', r))))).then(() => {
        server.close();
        rmSync(dir, { recursive: true, force: true });
        const why = writer?.stop;
        const outcome = why
          ? { kind: 'stopped' as const, durationNs: ended?.end.durationNs ?? (Date.now() - started) * 1e6, ...recordingStoppedText(why) }
          : ended
            ? pythonOutcome(ended.end, ended.snapshot, builder, held, options.timeLimitS)
            : lost(status, signal, spawnError);
        if (ended?.end.kind === 'error' && ended.end.error) emit({ type: 'error', error: ended.end.error });
        emit({ type: 'outcome', outcome });
        if (writer) {
          writer.finish([{ type: 'outcome', outcome }]);
          sink!.close();
        }
        resolveDone(outcome);
      });
    };
    const killer = setTimeout(
      () => {
        if (child.exitCode === null) child.kill('SIGKILL');
      },
      (options.timeLimitS + GRACE_S) * 1000,
    );
    child.on('exit', (code, signal) => finish(code, signal));
    child.on('error', (e) => finish(null, null, e));
  });

  function lost(status: number | null, signal: NodeJS.Signals | null, spawnError?: Error): Outcome {
    const durationNs = (Date.now() - started) * 1e6;
    if (spawnError) {
      const message = `Could not start ${options.python}: ${spawnError.message}`;
      return { kind: 'error', summary: message, explanation: message, durationNs, error: { kind: 'load', message } };
    }
    if (stopRequested)
      return { kind: 'stopped', summary: 'Stopped before it finished', explanation: 'Stopped; the trace up to that moment is kept.', durationNs };
    if (signal || status === null) {
      const explanation = `The Python process was ended by ${signal ?? 'a signal'}; the trace up to that moment is kept.${stderr ? `\n${stderr}` : ''}`;
      return { kind: 'error', summary: explanation.split('\n')[0], explanation, durationNs };
    }
    // os._exit(n) skips the tracer's own ending: what it recorded so far is the trace.
    return {
      kind: status === 0 ? 'completed' : 'exited',
      exitCode: status,
      summary: status === 0 ? `Completed (os._exit(0))` : `Exited: the process ended with status ${status} (os._exit or a crash)`,
      explanation: `The process ended without the tracer's final record${stderr ? `:\n${stderr}` : '.'}`,
      durationNs,
    };
  }

  const store = options.store;
  const stored = async (): Promise<StoredRun> => {
    if (!store) throw new Error('stored(): this run was not recorded into a store (PythonRunOptions.store)');
    const outcome = await outcomeKnown;
    if (!existsSync(store.path)) writeFileSync(store.path, fileHeader());
    const events = openTraceStore(store.path);
    return {
      header: events.header(events.complete ? undefined : outcome),
      events,
      path: store.path,
      summary: walks?.summary?.data,
      analyses: walks?.findings?.data,
      scenarioEndMs,
    };
  };
  let done: Promise<Trace> | undefined;

  return {
    get done() {
      return (done ??= store ? stored().then(storedTrace) : outcomeKnown.then((outcome) => builder.build(outcome)));
    },
    ended: outcomeKnown.then((outcome) => ({ outcome })),
    ...(store ? { stored } : {}),
    exitStatus,
    stop() {
      stopRequested = true;
      stopScript();
    },
    step() {},
  };
}
