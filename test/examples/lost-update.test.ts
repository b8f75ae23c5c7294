import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { analyzeRun } from '../../src/core/analysis/findings';
import { splitTrace } from '../../src/core/trace/source';
import { EXAMPLES, runExample, type Run } from './run-example';

/** The example's line that holds `marker`, 1-based. */
function lineOf(marker: string): number {
  return readFileSync(join(EXAMPLES, 'lost-update.ts'), 'utf8').split('\n').findIndex((l) => l.includes(marker)) + 1;
}

describe('examples/lost-update', () => {
  // Real time, as `interleave run` runs it: whether an update is lost depends on when the OS runs
  // each adder (on a loaded machine one adder once started late and counted all 10), so this run
  // is checked for what holds on every schedule: the race is found.
  let real: Run;
  // Deterministic: the adders' sleeps run in lockstep on virtual time, so every round loses one.
  let lockstep: Run;
  before(async () => {
    real = await runExample('lost-update');
    lockstep = await runExample('lost-update', { seed: 1, strategy: 'random' });
  });

  it('completes, each adder writing 5 times, and MainThread logs the count the record holds', () => {
    assert.equal(real.outcome.kind, 'completed', real.describe());
    const { count } = real.shared('counter');
    assert.deepEqual(real.logs('MainThread'), [`count = ${count}, expected 10`]);
    const writes = real.events('sharedWrite', { prim: 'counter' });
    assert.deepEqual(
      ['adder-1', 'adder-2'].map((name) => writes.filter((w) => w.th === real.thread(name).id).length),
      [5, 5],
    );
  });

  it("the analysis reports exactly one race, on counter.count, between one adder's read and the other's write", () => {
    const { header, events } = splitTrace(real.trace);
    const { races } = analyzeRun(header, events);
    assert.equal(races.length, 1);
    const [r] = races;
    assert.equal(real.trace.primitives.find((p) => p.id === r.record)?.name, 'counter');
    const line = (at: number) => Number(real.trace.sites[at].split(':')[1]);
    const adders = new Set([real.thread('adder-1').id, real.thread('adder-2').id]);
    assert.ok(adders.has(r.first.thread) && adders.has(r.second.thread) && r.first.thread !== r.second.thread);
    for (const a of [r.first, r.second]) assert.equal(line(a.at), lineOf(a.write ? '// write' : '// read'));
    assert.ok(r.first.write || r.second.write);
  });

  it('in lockstep every round loses an update: count = 5, and both adders write each value', () => {
    assert.equal(lockstep.outcome.kind, 'completed', lockstep.describe());
    assert.equal(lockstep.shared('counter').count, 5);
    const writes = lockstep.events('sharedWrite', { prim: 'counter' });
    const byValue = new Map<number, Set<number>>();
    for (const w of writes) byValue.set(w.a!, (byValue.get(w.a!) ?? new Set()).add(w.th));
    assert.deepEqual([...byValue.keys()].sort(), [1, 2, 3, 4, 5]);
    assert.ok([...byValue.values()].every((threads) => threads.size === 2));
  });

  it("the lost update is on the timeline: one adder's read falls between the other's read and write", () => {
    const reads = lockstep.events('sharedRead', { prim: 'counter' }).filter((e) => e.th !== lockstep.thread('MainThread').id);
    const writes = lockstep.events('sharedWrite', { prim: 'counter' });
    const overlapped = reads.some((r) => {
      const next = writes.find((w) => w.th === r.th && w.t > r.t)!;
      return reads.some((o) => o.th !== r.th && o.t > r.t && o.t < next.t);
    });
    assert.ok(overlapped);
  });
});
