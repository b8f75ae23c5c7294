import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { runExample, type Run } from './run-example';

const WORKERS = ['worker-1', 'worker-2', 'worker-3'];

describe('examples/barrier', () => {
  let run: Run;
  before(async () => {
    run = await runExample('barrier');
  });

  it('completes; each worker passes the barrier twice, once per phase', () => {
    assert.equal(run.outcome.kind, 'completed', run.describe());
    for (const w of WORKERS) assert.equal(run.events('barrierPass', { thread: w, prim: 'barrier' }).length, 2, w);
  });

  it('per phase: nobody passes before the last arrival, the indices are 0, 1, 2, the last arrival has index 2', () => {
    const waits = run.events('barrierWait', { prim: 'barrier' });
    const passes = run.events('barrierPass', { prim: 'barrier' });
    for (const phase of [0, 1]) {
      const arrivals = waits.slice(phase * 3, phase * 3 + 3);
      const trip = passes.filter((p) => p.l === passes[phase * 3].l);
      assert.equal(trip.length, 3, 'three passes share one trip');
      assert.deepEqual(trip.map((p) => p.a).sort(), [0, 1, 2]);
      for (const p of trip) assert.ok(p.t >= arrivals[2].t, 'released only after the third arrival');
      assert.equal(trip.find((p) => p.a === 2)!.th, arrivals[2].th, 'the last to arrive gets index 2');
      // Early arrivals wait on the barrier; the trip draws an arrow to each of them.
      for (const a of arrivals.slice(0, 2)) assert.ok(run.spansIn(run.threadById(a.th).name, 'waiting', 'barrier').length >= 1);
    }
    assert.equal(run.model.links.filter((l) => l.kind === 'barrier-trip').length, 4, 'two waiters per phase');
  });

  it("the action runs once per phase, on the last arrival's lane, before anyone is released", () => {
    const lines = run.logLines().filter((l) => l.text.startsWith('phase done'));
    assert.equal(lines.length, 2);
    const passes = run.events('barrierPass', { prim: 'barrier' });
    [0, 1].forEach((phase) => {
      const last = passes.slice(phase * 3, phase * 3 + 3).find((p) => p.a === 2)!;
      assert.equal(lines[phase].thread, run.threadById(last.th).name);
      assert.ok(lines[phase].t <= Math.min(...passes.slice(phase * 3, phase * 3 + 3).map((p) => p.t)));
    });
  });
});
