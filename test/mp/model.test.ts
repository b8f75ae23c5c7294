// The model's multiprocessing pass on a hand-written trace: a pool task's arrows and span, the
// caller's wait for its result, the start and terminate markers.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel } from '../../src/core/model/build';
import { renderTerminal } from '../../src/core/render/terminal';
import { overlay } from '../../src/core/model/process-pass';
import type { StateSpan } from '../../src/core/model/types';
import type { Trace, TraceEvent } from '../../src/core/trace/format';

const ev = (t: number, th: number, k: string, p?: number, a?: number, q?: number): TraceEvent => ({ t, th, k, p, a, q });

const trace: Trace = {
  version: 1,
  meta: {
    tool: 'interleave',
    toolVersion: '0',
    file: '/x/pool.ts',
    root: '/x',
    scenario: 'default',
    title: 'pool',
    mode: 'realtime',
    startedAt: '2026-01-01T00:00:00Z',
    clock: 'ns-since-start',
    timeLimitS: 60,
    sleepScale: 1,
    platform: 'test',
  },
  threads: [
    { id: 1, name: 'MainThread', daemon: false, parent: 0, ident: 1, start: 0, end: 1000, exit: 'normal' },
    { id: 2, name: 'MainThread', daemon: false, parent: 1, ident: 2, start: 100, end: 900, exit: 'killed', process: 1, error: { message: 'terminated' } },
  ],
  processes: [
    { id: 0, name: 'MainProcess', pid: 7, parent: -1, daemon: false, mainThread: 1, start: 0, end: 1000, exitCode: 0 },
    { id: 1, name: 'SpawnPoolWorker-1', pid: 42, parent: 0, daemon: true, mainThread: 2, pool: 1, start: 20, end: 900, exitCode: -15 },
  ],
  primitives: [{ id: 1, kind: 'Pool', name: 'pool', site: -1, creator: 1, init: { processes: 1, crossProcess: true } }],
  sites: [],
  strings: ['square'],
  events: [
    ev(0, 1, 'threadStart', 0),
    ev(10, 1, 'primCreate', 1, 14),
    ev(20, 1, 'processStart', 2, 42, 1),
    ev(100, 2, 'threadStart', 1),
    ev(110, 2, 'queueGet', 1, -1),
    ev(200, 1, 'queuePut', 1, -1),
    { ...ev(200, 1, 'queuePutDone', 1, 1, 1), at: 0 },
    ev(210, 1, 'poolResultWait', 1, -1, 1),
    ev(300, 2, 'queueGetDone', 1, 0, 1),
    ev(300, 2, 'poolTaskStart', 1, 0, 1),
    ev(500, 2, 'poolTaskEnd', 1, 1, 1),
    ev(510, 2, 'queueGet', 1, -1),
    ev(600, 1, 'poolResultDone', 1, 1, 1),
    ev(650, 1, 'processSignal', 2, 15),
    ev(1000, 1, 'threadEnd', undefined, 0),
  ],
  outcome: { kind: 'completed', summary: '', explanation: '', durationNs: 1000 },
};

const brief = (spans: StateSpan[]) => spans.map((s) => [s.state, s.start, s.end]);

describe('process pass', () => {
  const m = buildModel(trace);

  it('links start() to the child, the submit to the pick-up, the task end to the get', () => {
    const links = m.links.map((l) => [l.kind, l.fromThread, l.fromT, l.toThread, l.toT]);
    assert.deepEqual(links, [
      ['spawn', 1, 20, 2, 100],
      ['put-get', 1, 200, 2, 300],
      ['put-get', 2, 500, 1, 600],
    ]);
  });

  it('a task is a span on the worker lane, named by its function, with the thread and site that submitted it', () => {
    assert.deepEqual(m.tasks, [{ thread: 2, pool: 1, task: 1, fn: 'square', start: 300, end: 500, ok: true, by: 1, at: 0 }]);
  });

  it('the wait for a result is a waiting span; the worker waits for tasks between them', () => {
    assert.deepEqual(brief(m.spans[0]), [
      ['running', 0, 210],
      ['waiting', 210, 600],
      ['running', 600, 1000],
      ['done', 1000, 1000],
    ]);
    assert.match(m.spans[0][1].reason, /result of task 1 of Pool `pool`/);
    assert.deepEqual(brief(m.spans[1]).slice(0, 4), [
      ['running', 100, 110],
      ['waiting', 110, 300],
      ['running', 300, 510],
      ['waiting', 510, 900],
    ]);
  });

  it('start and terminate are markers that name the process', () => {
    const texts = m.instants.filter((i) => i.thread === 1).map((i) => i.text);
    assert.ok(texts.includes('starts process SpawnPoolWorker-1 (pid 42)'), texts.join(' | '));
    assert.ok(texts.includes('sends SIGTERM to SpawnPoolWorker-1 (pid 42) (terminate())'), texts.join(' | '));
  });
});

describe('overlay', () => {
  const span = (state: StateSpan['state'], start: number, end: number): StateSpan => ({ thread: 1, state, start, end, on: -1, at: -1, reason: '' });

  it('cuts waits out of running spans only, keeping the tiling', () => {
    const out = overlay([span('running', 0, 100), span('sleeping', 100, 200), span('running', 200, 300)], [span('waiting', 10, 20), span('waiting', 150, 250)]);
    assert.deepEqual(brief(out), [
      ['running', 0, 10],
      ['waiting', 10, 20],
      ['running', 20, 100],
      ['sleeping', 100, 200],
      ['waiting', 200, 250],
      ['running', 250, 300],
    ]);
  });
});

describe('terminal view of pool tasks', () => {
  it('lists each task with its pool, function, worker and result', () => {
    const text = renderTerminal(buildModel(trace), { width: 80 });
    const table = text.slice(text.indexOf('Pool tasks'));
    assert.match(table, /pool\s+task\s+function\s+worker\s+start\s+took\s+result/);
    assert.match(table, /pool\s+1\s+square\(\)\s+\S*MainThread\s+300 ns\s+200 ns\s+returned/);
  });
});
