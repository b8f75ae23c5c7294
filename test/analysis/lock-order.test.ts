// Potential deadlocks from real runs: the lock-order graph and its cycles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { lockOrderGraph } from '../../src/core/analysis/lock-order';
import { splitTrace } from '../../src/core/trace/source';
import type { Trace } from '../../src/core/trace/format';
import { examples, findingsOf, fixture, named, run } from './run';

function pairs(trace: Trace): string[] {
  const { header, events } = splitTrace(trace);
  const n = named(trace);
  const out: string[] = [];
  for (const [from, byTo] of lockOrderGraph(header, events).pairs) for (const to of byTo.keys()) out.push(`${n.prim(from)}→${n.prim(to)}`);
  return out.sort();
}

test('naive philosophers that happened to complete: the 5-cycle, from five threads, with both lines of each edge', async () => {
  // Deterministic runs from seed 1 on until one completes (most do: each diner is short).
  let trace: Trace | undefined;
  for (let seed = 1; seed <= 40 && !trace; seed++) {
    const t = await run(fixture('philosophers-lucky.ts'), undefined, { seed, strategy: 'random' });
    if (t.outcome.kind === 'completed') trace = t;
  }
  assert.ok(trace, 'no completed run in 40 seeds');
  const f = findingsOf(trace);
  const potential = f.cycles.filter((c) => c.kind === 'potentialDeadlock');
  assert.equal(potential.length, 1, JSON.stringify(f.cycles));
  const [c] = potential;
  const n = named(trace);
  assert.deepEqual(c.locks.map(n.prim), ['fork-0', 'fork-1', 'fork-2', 'fork-3', 'fork-4']);
  assert.deepEqual(
    c.edges.map((e) => n.thread(e.thread)),
    ['p0', 'p1', 'p2', 'p3', 'p4'],
  );
  for (const e of c.edges) {
    assert.equal(n.line(e.heldAt), '10'); // left.acquire()
    assert.equal(n.line(e.at), '11'); // right.acquire()
    assert.deepEqual(e.held, [e.from]);
    assert.equal(e.mode, 'blocking');
    assert.equal(trace.events[e.event].k, 'acquireRequest');
    assert.equal(trace.events[e.heldEvent].p, e.from);
  }
});

test('ordered philosophers: edges, but no cycle', async () => {
  const trace = await run(join(examples, 'dining-philosophers-ordered.ts'));
  assert.equal(trace.outcome.kind, 'completed');
  assert.ok(pairs(trace).length >= 4, pairs(trace).join(' '));
  assert.deepEqual(findingsOf(trace).cycles, []);
});

test('the naive philosophers that deadlocked: the outcome is the deadlock, the cycle is also a potential deadlock', async () => {
  // Deterministic: in real time the example usually deadlocks, but not always.
  const trace = await run(join(examples, 'dining-philosophers.ts'), undefined, { seed: 1, strategy: 'random' });
  assert.equal(trace.outcome.kind, 'deadlock');
  const f = findingsOf(trace);
  assert.equal(f.cycles.length, 1);
  assert.equal(f.cycles[0].locks.length, 5);
});

test('opposite orders: bare is a potential deadlock; under a gate lock it is guarded by the gate', async () => {
  const bare = await run(fixture('lock-orders.ts'), 'bare');
  const fb = findingsOf(bare);
  assert.deepEqual(
    fb.cycles.map((c) => c.kind),
    ['potentialDeadlock'],
  );
  assert.deepEqual(fb.cycles[0].locks.map(named(bare).prim), ['a', 'b']);

  const gated = await run(fixture('lock-orders.ts'), 'gated');
  const fg = findingsOf(gated);
  assert.deepEqual(
    fg.cycles.map((c) => c.kind),
    ['guardedCycle'],
  );
  assert.deepEqual(fg.cycles[0].guards!.map(named(gated).prim), ['gate']);
  assert.deepEqual(fg.cycles[0].locks.map(named(gated).prim), ['a', 'b']);
});

test('a timed second acquire marks its edge', async () => {
  const trace = await run(fixture('lock-orders.ts'), 'timed');
  const [c] = findingsOf(trace).cycles;
  const n = named(trace);
  assert.deepEqual(c.edges.map((e) => `${n.thread(e.thread)}:${e.mode}`).sort(), ['t1:blocking', 't2:timed']);
});

test('RLock re-entry is no edge; a Condition wait holds nothing', async () => {
  const rl = await run(fixture('lock-orders.ts'), 'rlock');
  // reenter: r, r again, other → r→other; reenterOther: r, other, r again (re-entry: no other→r).
  assert.deepEqual(pairs(rl), ['r→other']);
  assert.deepEqual(findingsOf(rl).cycles, []);
  for (const name of ['rlock', 'condition', 'condition-notify']) {
    const t = await run(join(examples, `${name}.ts`));
    assert.deepEqual(pairs(t), [], name);
  }
});
