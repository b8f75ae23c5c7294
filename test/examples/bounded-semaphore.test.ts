import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { runExample, type Run } from './run-example';

describe('examples/bounded-semaphore', () => {
  let run: Run;
  before(async () => {
    run = await runExample('bounded-semaphore');
  });

  it('completes with one thread raised: sloppy, with ValueError at its second release', () => {
    assert.equal(run.outcome.kind, 'completed', run.describe());
    const sloppy = run.thread('sloppy');
    assert.deepEqual(run.outcome.exceptions, [{ thread: sloppy.id, message: 'ValueError: Semaphore released too many times' }]);
    assert.equal(sloppy.exit, 'exception');
    assert.match(sloppy.error!.stack!, /bounded-semaphore\.ts:\d+/);
    assert.equal(run.spans('sloppy').at(-1)!.state, 'exception');
    assert.ok(!run.logs('sloppy').includes('never reached'));
    assert.equal(run.thread('careful').exit, 'normal');
  });

  it('the over-release is recorded on sloppy’s lane after its first release, when both permits were back', () => {
    const [over] = run.events('semaphoreOverRelease', { thread: 'sloppy', prim: 'pool' });
    assert.ok(over, 'an over-release event on sloppy’s lane');
    assert.equal(over.a, 2, 'the pool was already full');
    const releases = run.events('release', { prim: 'pool' });
    assert.deepEqual(
      releases.map((r) => [run.threadById(r.th).name, r.a]),
      [
        ['careful', 1],
        ['sloppy', 2],
      ],
    );
    assert.ok(releases[1].t < over.t);
  });

  it('the permit count never exceeds the bound; MainThread sees 2 of 2 at the end', () => {
    const permits = run.model.counters.find((c) => c.prim === run.prim('pool').id)!;
    assert.equal(Math.max(...permits.v), 2);
    assert.deepEqual(run.logs('MainThread'), ['permits left: 2 of 2']);
  });
});
