// multiprocessing.Pool under the tracer: each task a span on the worker process that ran it, the
// parent's put of each task linked to the worker's get, and the parent's wait in map()/get()/imap
// linked from the end of every task it received — the events the TypeScript Pool records.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { FIXTURES, interpreters, lineOf, plain, siteLine, traced } from './pythons';

const file = join(FIXTURES, 'mp_pool.py');

for (const py of interpreters()) {
  for (const method of ['fork', 'spawn']) {
    test(`${py.label}, ${method}: Pool tasks on the workers that ran them, submissions and results linked`, async () => {
      const { run, stdout, status } = await traced(py, file, [method], 60);
      const expected = plain(py, file, [method]);
      assert.equal(run.outcome.kind, 'completed', run.describe());
      assert.equal(status, expected.status);
      assert.equal(stdout, expected.stdout);

      const { trace, model } = run;
      const pool = run.prim('pool');
      assert.equal(pool.kind, 'Pool');
      assert.equal(siteLine(trace.sites[pool.site]), `mp_pool.py:${lineOf(file, 'ctx.Pool(2)')}`);
      const main = run.thread('MainThread');
      const workerLanes = new Set(
        trace.threads.filter((t) => trace.processes?.find((p) => p.id === t.process && /^(Fork|Spawn)PoolWorker-\d$/.test(p.name))).map((t) => t.id),
      );
      const tasks = model.tasks ?? [];
      // map 8, starmap 2, apply_async 1, imap 3, imap_unordered 3, map of check 4.
      assert.deepEqual(
        tasks.map((t) => t.task).sort((a, b) => a - b),
        Array.from({ length: 21 }, (_, i) => i + 1),
      );
      const fnOf = (task: number) => tasks.find((t) => t.task === task)!;
      assert.deepEqual(
        [1, 9, 11, 12, 15, 18].map((n) => fnOf(n).fn),
        ['square', 'add', 'square', 'square', 'square', 'check'],
      );
      for (const task of tasks) {
        assert.ok(workerLanes.has(task.thread), `task ${task.task} ran on ${run.threadById(task.thread).name}`);
        assert.equal(task.by, main.id);
        assert.equal(task.pool, pool.id);
        assert.ok(task.end > task.start);
        // Submitted by MainThread at the line of its call; the worker's get of it is linked to that put.
        assert.ok(
          model.links.some((l) => l.kind === 'put-get' && l.prim === pool.id && l.fromThread === main.id && l.toThread === task.thread && l.toT <= task.start),
          `no put → get link for task ${task.task}`,
        );
      }
      // check(2) raised in its worker: that task (and only it) ended by raising.
      assert.deepEqual(
        tasks.filter((t) => !t.ok).map((t) => t.task),
        [20],
      );

      // map(): one wait for tasks 1–8 at its line, ended by the results of all eight, each linked from its task's end.
      const mapLine = lineOf(file, 'pool.map(square');
      const waits = run.spansIn('MainThread', 'waiting', 'pool');
      const mapWait = waits.find((s) => siteLine(trace.sites[s.at]) === `mp_pool.py:${mapLine}`);
      assert.ok(mapWait, waits.map((s) => s.reason).join('\n'));
      assert.match(mapWait.reason, /^waits for the results of tasks 1–8 of Pool `pool`$/);
      for (let n = 1; n <= 8; n++) {
        const task = fnOf(n);
        assert.ok(
          model.links.some(
            (l) => l.kind === 'put-get' && l.fromThread === task.thread && l.fromT === task.end && l.toThread === main.id && l.toT === mapWait.end,
          ),
          `task ${n}'s result is not linked to the end of map()'s wait`,
        );
        assert.ok(task.end <= mapWait.end);
      }
      // apply_async(...).get() waits for its one task; imap's steps each for the next task in order.
      assert.ok(
        waits.some(
          (s) => s.reason === 'waits for the result of task 11 of Pool `pool`' && siteLine(trace.sites[s.at]) === `mp_pool.py:${lineOf(file, 'r.get()')}`,
        ),
      );
      const done = run.events('poolResultDone', { thread: 'MainThread' });
      assert.deepEqual(
        done.filter((e) => e.q! >= 12 && e.q! <= 14).map((e) => e.q),
        [12, 13, 14],
      );
      // Every task's result reached MainThread once (the failing map's too: its get() raised).
      assert.deepEqual(
        done.map((e) => e.q).sort((a, b) => a! - b!),
        Array.from({ length: 21 }, (_, i) => i + 1),
      );
    });
  }
}

const pys = interpreters();
for (const py of [pys[0], pys.at(-1)!]) {
  for (const method of ['fork', 'spawn']) {
    test(`${py.label}, ${method}: a Pool task waiting forever while the parent waits for its result is a stall (exit 3)`, async () => {
      const stall = join(FIXTURES, 'mp_pool_stall.py');
      const { run, status } = await traced(py, stall, [method], 30);
      assert.equal(run.outcome.kind, 'stall', run.describe());
      assert.equal(status, 3);
      const pool = run.prim('pool');
      const main = run.thread('MainThread');
      const stuck = run.outcome.stuck ?? [];
      assert.deepEqual(
        stuck.filter((s) => s.thread === main.id).map((s) => [s.op, s.on]),
        [['pool.result', pool.id]],
      );
      assert.match(run.outcome.explanation, /MainThread waits for a result from Pool `pool` at mp_pool_stall\.py:21/);
      assert.match(run.outcome.explanation, /PoolWorker-\d\/MainThread waits for Event `ev` at mp_pool_stall\.py:13/);
      // Both still under way when the run was stopped: the parent's wait and the task, to the ends of their lanes.
      const wait = run.spansIn('MainThread', 'waiting', 'pool').at(-1)!;
      assert.equal(wait.reason, 'waits for the result of task 1 of Pool `pool`');
      const task = run.model.tasks!.find((t) => t.task === 1)!;
      assert.equal(task.fn, 'wait_forever');
      assert.equal(task.end, run.model.spans[run.trace.threads.indexOf(run.threadById(task.thread))].at(-1)!.end);
    });
  }
}

for (const py of interpreters()) {
  for (const method of ['fork', 'spawn']) {
    test(`${py.label}, ${method}: ProcessPoolExecutor tasks on the worker processes, each result() linked to its task`, async () => {
      const ex = join(FIXTURES, 'mp_executor.py');
      const { run, stdout, status } = await traced(py, ex, [method], 60);
      const expected = plain(py, ex, [method]);
      assert.equal(run.outcome.kind, 'completed', run.describe());
      assert.equal(status, expected.status);
      assert.equal(stdout, expected.stdout);

      const { trace, model } = run;
      const pool = run.prim('ex');
      assert.equal(pool.kind, 'Pool');
      const main = run.thread('MainThread');
      // The executor's manager thread is its plumbing: MainProcess has no lane but MainThread.
      assert.deepEqual(
        trace.threads.filter((t) => t.process === undefined || t.process === 0).map((t) => t.name),
        ['MainThread'],
      );
      const tasks = [...(model.tasks ?? [])].sort((a, b) => a.task - b.task);
      // submit(cube, 3); map(cube, range(4)); two submits for as_completed; submit(boom).
      assert.deepEqual(
        tasks.map((t) => [t.task, t.fn, t.ok]),
        [
          [1, 'cube', true],
          [2, 'cube', true],
          [3, 'cube', true],
          [4, 'cube', true],
          [5, 'cube', true],
          [6, 'cube', true],
          [7, 'cube', true],
          [8, 'boom', false],
        ],
      );
      for (const task of tasks) {
        const proc = trace.processes!.find((p) => p.id === run.threadById(task.thread).process);
        assert.match(proc?.name ?? '', method === 'fork' ? /^ForkProcess-\d+$/ : /^SpawnProcess-\d+$/);
        assert.equal(task.by, main.id);
        assert.ok(
          model.links.some((l) => l.kind === 'put-get' && l.prim === pool.id && l.fromThread === main.id && l.toThread === task.thread && l.toT <= task.start),
          `no put → get link for task ${task.task}`,
        );
        // Every result reached MainThread: an arrow from the task's end.
        assert.ok(
          model.links.some((l) => l.kind === 'put-get' && l.fromThread === task.thread && l.fromT === task.end && l.toThread === main.id),
          `task ${task.task}'s result is not linked to MainThread`,
        );
      }
      const waits = run.spansIn('MainThread', 'waiting', 'ex');
      assert.ok(
        waits.some(
          (s) => s.reason === 'waits for the result of task 1 of Pool `ex`' && siteLine(trace.sites[s.at]) === `mp_executor.py:${lineOf(ex, 'f.result()')}`,
        ),
        waits.map((s) => s.reason).join('\n'),
      );
    });
  }
}
