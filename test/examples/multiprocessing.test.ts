import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { runExample, type Run } from './run-example';

describe('examples/multiprocessing', () => {
  let run: Run;
  before(async () => {
    run = await runExample('multiprocessing');
  });

  const proc = (name: string) => run.trace.processes!.find((p) => p.name === name)!;
  const laneOf = (name: string) => run.threadById(proc(name).mainThread!);

  it('completes; the thread changed the record, the child only its copy', () => {
    assert.equal(run.outcome.kind, 'completed', run.describe());
    assert.deepEqual(run.shared('counter'), { value: 1 });
    assert.deepEqual(run.logs('MainThread').slice(0, 2), ['after the thread: value = 1', 'after the process: value = 1 (the child changed its own copy)']);
    const childLogs = run
      .events('log')
      .filter((e) => e.th === laneOf('child').id)
      .map((e) => run.trace.strings[e.a!]);
    assert.deepEqual(childLogs, ['in the child process: value = 2']);
  });

  it('four processes, each with its own pid and lane, all exited normally', () => {
    const names = run.trace.processes!.map((p) => p.name);
    assert.deepEqual(names, ['MainProcess', 'child', 'producer', 'consumer']);
    assert.equal(new Set(run.trace.processes!.map((p) => p.pid)).size, 4);
    for (const p of run.trace.processes!.slice(1)) {
      assert.equal(p.exitCode, 0, p.name);
      assert.equal(run.threadById(p.mainThread!).process, p.id);
    }
  });

  it("every item is an arrow from the producer's put to the consumer's get; the producer waited for room", () => {
    const q = run.prim('q');
    const links = run.model.links.filter((l) => l.kind === 'put-get' && l.prim === q.id);
    assert.equal(links.length, 6, 'five items and the end marker');
    assert.ok(links.every((l) => l.fromThread === laneOf('producer').id && l.toThread === laneOf('consumer').id && l.fromT <= l.toT));
    assert.equal(run.logs('MainThread')[2], 'the consumer got 5 items');
    const producerLane = run.trace.threads.indexOf(laneOf('producer'));
    assert.ok(
      run.model.spans[producerLane].some((s) => s.state === 'waiting' && s.on === q.id),
      'a put waited: q holds two items at most',
    );
  });
});
