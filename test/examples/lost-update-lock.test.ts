import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { runExample, type Run } from './run-example';

describe('examples/lost-update-lock', () => {
  let run: Run;
  before(async () => {
    run = await runExample('lost-update-lock');
  });

  it('completes with all 10 increments', () => {
    assert.equal(run.outcome.kind, 'completed', run.describe());
    assert.deepEqual(run.shared('counter'), { count: 10 });
    assert.deepEqual(run.logs('MainThread'), ['count = 10, expected 10']);
  });

  it('every read-modify-write happens inside one hold of the lock, and holds never overlap', () => {
    const lock = run.prim('lock').id;
    const holds = run.model.holds.filter((h) => h.prim === lock).sort((a, b) => a.start - b.start);
    assert.equal(holds.length, 10);
    for (let i = 1; i < holds.length; i++) assert.ok(holds[i - 1].end <= holds[i].start, 'one holder at a time');
    const adders = new Set([run.thread('adder-1').id, run.thread('adder-2').id]);
    for (const e of [...run.events('sharedRead', { prim: 'counter' }), ...run.events('sharedWrite', { prim: 'counter' })]) {
      if (!adders.has(e.th)) continue;
      assert.ok(
        holds.some((h) => h.thread === e.th && h.start <= e.t && e.t <= h.end),
        'accessed under the lock',
      );
    }
  });

  it('the adders contend: each blocked acquire is let through by the other adder’s release', () => {
    const row = run.model.contention.find((r) => r.prim === run.prim('lock').id)!;
    assert.equal(row.acquisitions, 10);
    assert.ok(row.contended >= 1);
    const links = run.model.links.filter((l) => l.kind === 'release-acquire');
    assert.equal(links.length, row.contended);
    for (const l of links) assert.notEqual(l.fromThread, l.toThread);
  });
});
