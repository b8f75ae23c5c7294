// multiprocessing under the tracer: children made by fork and by spawn are traced, their lanes
// grouped by process, Process.start()/join() linked to the child's MainThread.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { FIXTURES, interpreters, plain, traced } from './pythons';

const pys = interpreters();
for (const py of [pys[0], pys.at(-1)!]) {
  for (const method of ['fork', 'spawn']) {
    test(`${py.label}, ${method}: child processes traced, grouped by process, same output as python3`, async () => {
      const file = join(FIXTURES, 'mp_children.py');
      const { run, stdout, status } = await traced(py, file, [method], 60);
      assert.equal(run.outcome.kind, 'completed', run.describe());
      assert.equal(status, 0);
      assert.deepEqual(stdout.split('\n').sort(), plain(py, file, [method]).stdout.split('\n').sort());
      const procs = run.trace.processes ?? [];
      assert.equal(procs[0].name, 'MainProcess');
      const children = procs.filter((p) => /^Process-\d$/.test(p.name));
      assert.equal(children.length, 2, procs.map((p) => p.name).join(', '));
      // Pool(2)'s workers: a spawned one still booting when the pool is terminated may never report.
      assert.ok(procs.some((p) => /PoolWorker/.test(p.name)));
      for (const p of children) {
        assert.equal(p.exitCode, 0);
        assert.equal(p.target, 'child');
        const lanes = run.trace.threads.filter((t) => t.process === p.id).map((t) => t.name);
        assert.deepEqual(lanes.sort(), ['MainThread', 'helper'], p.name);
        // The parent's start() and join() name this child's MainThread.
        assert.ok(run.events('processStart', { thread: 'MainThread' }).some((e) => e.p === p.mainThread && e.a === p.pid));
        assert.ok(run.events('joinEnd').some((e) => e.th === 1 && e.p === p.mainThread && e.a === 1));
        // The helper thread inside the child slept 50 ms and was joined there.
        const helper = run.trace.threads.find((t) => t.process === p.id && t.name === 'helper')!;
        assert.ok(run.trace.events.some((e) => e.th === helper.id && e.k === 'sleepEnd'));
      }
    });
  }
}
