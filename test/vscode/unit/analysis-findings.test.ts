import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analysisFindings } from '../../../src/extension/findings';
import type { DataRace, LockCycle } from '../../../src/core/trace/format';
import { trace } from './traces';

// worker1 holds lock (site 1, line 8) and asks for other (site 2, line 9); worker2 the reverse at sites 3 and 4.
const cycle = (extra: Partial<LockCycle> = {}): LockCycle => ({
  kind: 'potentialDeadlock',
  locks: [1, 2],
  edges: [
    { from: 1, to: 2, thread: 2, heldEvent: 0, event: 1, heldAt: 1, at: 2, held: [1], mode: 'blocking' },
    { from: 2, to: 1, thread: 3, heldEvent: 2, event: 3, heldAt: 5, at: 6, held: [2], mode: 'blocking' },
  ],
  ...extra,
});
const sites = [
  'lock.scenario.ts:20:16',
  'lock.scenario.ts:8:3',
  'lock.scenario.ts:9:8',
  'lib/helper.ts:4:5',
  '/abs/x.ts:2:1',
  'lock.scenario.ts:14:3',
  'lock.scenario.ts:15:5',
];

test('a potential deadlock is a warning at each acquisition of the cycle, related to the held lock and the other edge, offering Explore', () => {
  const list = analysisFindings(trace({ kind: 'completed' }, { sites, findings: { cycles: [cycle()], races: [] } }));
  assert.equal(list.length, 2);
  assert.ok(list.every((f) => f.severity === 'warning' && f.message.startsWith('Potential deadlock: ') && /not confirmed by replay/.test(f.message)));
  assert.ok(
    list.every((f) => !/(^|[^l] )deadlock/i.test(f.message.replace(/Potential deadlock/g, ''))),
    'never "deadlock" alone',
  );
  const [a, b] = list;
  assert.deepEqual([a.file, a.line, a.col], ['/ws/lock.scenario.ts', 9, 8]);
  assert.deepEqual(
    a.related.map((r) => [r.line, r.message]),
    [
      [8, 'worker1 acquired Lock `lock` here (still held)'],
      [15, 'worker2 acquires Lock `lock` here while holding Lock `other`'],
    ],
  );
  assert.deepEqual([b.line, b.related.map((r) => r.line)], [15, [14, 9]]);
  assert.equal(a.explore, true);
});

test('a finding the trace says was confirmed keeps its note; a guarded cycle gives nothing; a Python trace offers no Explore', () => {
  const confirmed = cycle({ confirmation: { status: 'confirmed', runs: 12, seed: 7, schedule: [1, 0, 2] } });
  const [f] = analysisFindings(trace({ kind: 'completed' }, { sites, findings: { cycles: [confirmed], races: [] } }));
  assert.match(f.message, /\(confirmed by replay\)/);
  assert.doesNotMatch(f.message, /not confirmed/);
  assert.deepEqual(
    analysisFindings(trace({ kind: 'completed' }, { sites, findings: { cycles: [cycle({ kind: 'guardedCycle', guards: [3] })], races: [] } })),
    [],
  );
  const py = trace({ kind: 'completed' }, { sites, findings: { cycles: [cycle()], races: [] } });
  py.meta.language = 'python';
  const pyList = analysisFindings(py);
  assert.ok(pyList.length === 2 && pyList.every((x) => !x.explore));
});

test('a cycle on the locks the run deadlocked on is left to the deadlock error', () => {
  const stuck = [
    { thread: 2, op: 'acquire' as const, on: 2, heldBy: [3], holds: [1], at: 2, since: 500 },
    { thread: 3, op: 'acquire' as const, on: 1, heldBy: [2], holds: [2], at: 6, since: 520 },
  ];
  assert.deepEqual(analysisFindings(trace({ kind: 'deadlock', cycle: [2, 3], stuck }, { sites, findings: { cycles: [cycle()], races: [] } })), []);
});

test('a data race is a warning at the second access, related to the first', () => {
  const race: DataRace = {
    kind: 'dataRace',
    record: 3,
    field: 0,
    first: { event: 4, thread: 2, write: false, at: 1, value: 0, held: [] },
    second: { event: 7, thread: 3, write: true, at: 5, value: 1, held: [] },
    pairs: 1,
  };
  const t = trace({ kind: 'completed' }, { sites, findings: { cycles: [], races: [race] } });
  t.primitives.push({ id: 3, kind: 'Shared', name: 'd', site: 0, creator: 1, init: { fields: ['x'] } });
  const [f, ...rest] = analysisFindings(t);
  assert.equal(rest.length, 0);
  assert.deepEqual([f.severity, f.line, f.col], ['warning', 14, 3]);
  assert.match(f.message, /^Data race on d\.x: worker1 and worker2 access it unordered/);
  assert.deepEqual(f.related, [{ file: '/ws/lock.scenario.ts', line: 8, col: 3, message: 'worker1 reads it here, unordered with this access' }]);
  assert.equal(f.explore, true);
});

test('while being confirmed the warnings say so; confirmed offers the schedule to replay; not reproduced says in how many', () => {
  const at = (c?: LockCycle['confirmation'], confirming = false) =>
    analysisFindings(trace({ kind: 'completed' }, { sites, findings: { cycles: [cycle({ confirmation: c })], races: [] } }), confirming);
  const pending = at(undefined, true);
  assert.ok(pending.every((f) => / \(not confirmed yet: confirming by replay…\)$/.test(f.message) && !f.replays));
  const confirmed = at({ status: 'confirmed', runs: 12, seed: 7, schedule: [1, 0, 2] });
  assert.ok(confirmed.every((f) => / \(confirmed by replay\) — replay it with the quick fix "Replay the confirming schedule"$/.test(f.message)));
  assert.deepEqual(confirmed[0].replays, [{ title: 'Replay the confirming schedule', seed: 7, schedule: [1, 0, 2] }]);
  const missed = at({ status: 'notReproduced', runs: 200 });
  assert.ok(missed.every((f) => f.message.endsWith(' (not reproduced in 200 schedules)') && !f.replays));
});

test('a confirmed race offers one replay per final value of its field', () => {
  const race: DataRace = {
    kind: 'dataRace',
    record: 3,
    field: 0,
    first: { event: 4, thread: 2, write: false, at: 1, value: 0, held: [] },
    second: { event: 7, thread: 3, write: true, at: 5, value: 1, held: [] },
    pairs: 1,
    confirmation: {
      status: 'confirmed',
      runs: 9,
      values: [
        { value: '2', count: 6, seed: 1, schedule: [1, 2, 3] },
        { value: '1', count: 3, seed: 4, schedule: [1, 3, 2] },
      ],
    },
  };
  const t = trace({ kind: 'completed' }, { sites, findings: { cycles: [], races: [race] } });
  t.primitives.push({ id: 3, kind: 'Shared', name: 'd', site: 0, creator: 1, init: { fields: ['x'] } });
  const [f] = analysisFindings(t);
  assert.match(f.message, /\(confirmed: d\.x = 2 in 6 of 9, d\.x = 1 in 3 of 9\) — replay it with the quick fix/);
  assert.deepEqual(f.replays, [
    { title: 'Replay the confirming schedule (d.x = 2)', seed: 1, schedule: [1, 2, 3] },
    { title: 'Replay the confirming schedule (d.x = 1)', seed: 4, schedule: [1, 3, 2] },
  ]);
});
