import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { runExample, type Run } from './run-example';

describe('examples/worker-pool', () => {
  let run: Run;
  before(async () => {
    run = await runExample('worker-pool');
  });

  const tasksOf = (pool: string) => {
    const id = run.prim(pool).id;
    return run.model.tasks!.filter((t) => t.pool === id && t.fn === 'countPrimes');
  };

  it('completes and reports both times and the speedup', () => {
    assert.equal(run.outcome.kind, 'completed', run.describe());
    const logs = run.logs('MainThread');
    assert.match(logs[0], /^1 process: 6 tasks in \d+ ms \(33860 primes each\)$/);
    assert.match(logs[1], /^2 processes: 6 tasks in \d+ ms/);
    assert.match(logs[2], /^speedup with 2 processes: ×\d+\.\d\d$/);
  });

  it('Pool(1) ran its tasks one after another on one worker lane', () => {
    const tasks = tasksOf('pool of 1');
    assert.equal(tasks.length, 6);
    assert.equal(new Set(tasks.map((t) => t.thread)).size, 1);
    for (let i = 1; i < tasks.length; i++) assert.ok(tasks[i].start >= tasks[i - 1].end);
  });

  it('Pool(2) ran tasks side by side on two worker lanes', () => {
    const tasks = tasksOf('pool of 2');
    assert.equal(tasks.length, 6);
    assert.equal(new Set(tasks.map((t) => t.thread)).size, 2);
    const overlapping = tasks.some((a) => tasks.some((b) => a.thread !== b.thread && a.start < b.end && b.start < a.end));
    assert.ok(overlapping, 'two tasks were running at the same time');
  });

  it('each task is linked from its submission and to the get() of its result', () => {
    const pool = run.prim('pool of 2');
    const links = run.model.links.filter((l) => l.prim === pool.id && l.kind === 'put-get');
    const main = run.thread('MainThread').id;
    const workers = new Set(tasksOf('pool of 2').map((t) => t.thread));
    assert.ok(links.filter((l) => l.fromThread === main && workers.has(l.toThread)).length >= 6, 'submit → pick-up');
    assert.ok(links.filter((l) => workers.has(l.fromThread) && l.toThread === main).length >= 6, 'task end → result');
  });
});
