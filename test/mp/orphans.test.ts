// No child process outlives its run: stopping the run, killing the runner, or killing the host
// ends every one of them (pool workers and daemonic children included).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { runScenario } from '../../src/runtime/host/run';
import type { RunnerToHost } from '../../src/core/protocol/runner';
import { mpFixtures } from './helpers';

const file = join(mpFixtures, 'orphans.ts');
/** MainProcess + sleeper + daemon sleeper + one pool worker. */
const PROCESSES = 4;

interface Seen {
  pids: Map<string, number>;
  mainThreads: Set<number>;
  started: Set<number>;
}

/** Feeds one host message; true once every process is known and every child's MainThread runs. */
function see(s: Seen, m: RunnerToHost): boolean {
  if (m.type === 'process') {
    s.pids.set(m.process.name, m.process.pid);
    if (m.process.id > 0) s.mainThreads.add(m.process.mainThread!);
  } else if (m.type === 'events') {
    for (let i = 0; i < m.batch.k.length; i++) if (m.batch.k[i] === 1) s.started.add(m.batch.th[i]);
  }
  return s.pids.size === PROCESSES && [...s.mainThreads].every((t) => s.started.has(t));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie (dead, not yet reaped by whoever inherited it) is gone for our purpose.
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

async function allGone(pids: number[], withinMs: number): Promise<number[]> {
  const until = Date.now() + withinMs;
  for (;;) {
    const left = pids.filter(alive);
    if (left.length === 0 || Date.now() > until) return left;
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('stop(): every child process ends, their lanes end as stopped', async () => {
  const s: Seen = { pids: new Map(), mainThreads: new Set(), started: new Set() };
  let handle: ReturnType<typeof runScenario> | undefined;
  let stopped = false;
  handle = runScenario({ file, timeLimitS: 120, captureSites: false, sleepScale: 1 }, (m) => {
    if (see(s, m) && !stopped) {
      stopped = true;
      setImmediate(() => handle!.stop());
    }
  });
  const trace = await handle.done;
  assert.equal(trace.outcome.kind, 'stopped');
  const children = [...s.pids].filter(([name]) => name !== 'MainProcess').map(([, pid]) => pid);
  assert.equal(children.length, 3);
  assert.deepEqual(await allGone(children, 5000), []);
  for (const p of trace.processes!.slice(1)) {
    assert.equal(p.exitCode, -9);
    assert.match(p.reason!, /stopped with the run/);
    assert.equal(trace.threads.find((t) => t.id === p.mainThread)!.exit, 'stopped');
  }
});

test('kill -9 of the runner: every child process ends', async () => {
  const s: Seen = { pids: new Map(), mainThreads: new Set(), started: new Set() };
  let killed = false;
  const handle = runScenario({ file, timeLimitS: 120, captureSites: false, sleepScale: 1 }, (m) => {
    if (see(s, m) && !killed) {
      killed = true;
      process.kill(s.pids.get('MainProcess')!, 'SIGKILL');
    }
  });
  const trace = await handle.done;
  assert.equal(trace.outcome.kind, 'error', 'the host reports the lost runner');
  const children = [...s.pids].filter(([name]) => name !== 'MainProcess').map(([, pid]) => pid);
  assert.equal(children.length, 3);
  assert.deepEqual(await allGone(children, 5000), [], 'no orphan left');
});

test('kill -9 of the host: the runner and every child process end', async () => {
  const host = spawn(process.execPath, ['--import', 'tsx', join(mpFixtures, 'host.ts'), file], { stdio: ['ignore', 'pipe', 'inherit'] });
  const s: Seen = { pids: new Map(), mainThreads: new Set(), started: new Set() };
  await new Promise<void>((resolve, reject) => {
    host.on('exit', () => reject(new Error('the host ended early')));
    createInterface({ input: host.stdout! }).on('line', (line) => {
      const m = JSON.parse(line) as { name?: string; pid?: number; mainThread?: number; started?: number };
      if (m.started !== undefined) s.started.add(m.started);
      else {
        s.pids.set(m.name!, m.pid!);
        if (m.name !== 'MainProcess') s.mainThreads.add(m.mainThread!);
      }
      if (s.pids.size === PROCESSES && [...s.mainThreads].every((t) => s.started.has(t))) resolve();
    });
  });
  host.removeAllListeners('exit');
  host.kill('SIGKILL');
  assert.deepEqual(await allGone([...s.pids.values()], 5000), [], 'neither the runner nor a child is left');
});
