import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { runExample, type Run } from './run-example';

describe('examples/lost-update', () => {
  let run: Run;
  before(async () => {
    run = await runExample('lost-update');
  });

  it('completes with fewer than 10 increments counted', () => {
    assert.equal(run.outcome.kind, 'completed', run.describe());
    const { count } = run.shared('counter');
    assert.ok(typeof count === 'number' && count < 10, `count = ${count}`);
    assert.deepEqual(run.logs('MainThread'), [`count = ${count}, expected 10`]);
  });

  it('every thread wrote 5 times, and some write repeated a value the other thread had already written', () => {
    const writes = run.events('sharedWrite', { prim: 'counter' });
    assert.equal(writes.length, 10);
    const byValue = new Map<number, Set<number>>();
    for (const w of writes) byValue.set(w.a!, (byValue.get(w.a!) ?? new Set()).add(w.th));
    assert.ok(
      [...byValue.values()].some((threads) => threads.size === 2),
      'both adders wrote the same value: one increment was lost',
    );
  });

  it("the lost update is on the timeline: one adder's read falls between the other's read and write", () => {
    const reads = run.events('sharedRead', { prim: 'counter' }).filter((e) => e.th !== run.thread('MainThread').id);
    const writes = run.events('sharedWrite', { prim: 'counter' });
    const overlapped = reads.some((r) => {
      const next = writes.find((w) => w.th === r.th && w.t > r.t)!;
      return reads.some((o) => o.th !== r.th && o.t > r.t && o.t < next.t);
    });
    assert.ok(overlapped);
  });
});
