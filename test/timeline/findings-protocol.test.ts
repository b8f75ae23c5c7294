// The findings messages across the webview boundary: the host's findings (with their confirmation
// by replay) are checked like a trace's, and a Replay request carries nothing but a well-formed schedule.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FindingReplay, FindingsShow, toHost, toWebview } from '../../src/core/protocol/webview';
import type { DataRace, Findings } from '../../src/core/trace/format';
import { validateFindings } from '../../src/core/trace/parse';

const access = (thread: number, write: boolean) => ({ event: 3 + thread, thread, write, at: 1, value: 0, held: [] });
const race: DataRace = {
  kind: 'dataRace',
  record: 1,
  field: 0,
  first: access(2, false),
  second: access(3, true),
  pairs: 4,
  confirmation: {
    status: 'confirmed',
    runs: 40,
    values: [
      { value: '5', count: 12, seed: 3, schedule: [1, 2, -7, 3] },
      { value: '10', count: 28, seed: 4, schedule: [2, 3] },
    ],
  },
};
const findings: Findings = { cycles: [], races: [race] };
const show = (f: unknown, confirming: unknown = false) => ({ v: 1, method: 'findings/show', params: { findings: f, confirming } });

test('findings/show: confirmed findings pass; a malformed confirmation or finding does not', () => {
  assert.ok(FindingsShow.is(FindingsShow.create({ findings, confirming: false })));
  assert.ok(FindingsShow.is(show({ cycles: [], races: [] }, true)));
  assert.ok(!FindingsShow.is(show(findings, 'no')));
  assert.ok(!FindingsShow.is(show({ cycles: [] })));
  const bad = (confirmation: unknown) => show({ cycles: [], races: [{ ...race, confirmation }] });
  assert.ok(!FindingsShow.is(bad({ status: 'maybe', runs: 3 })));
  assert.ok(!FindingsShow.is(bad({ status: 'confirmed', runs: 3, values: [{ value: '5', count: 0, seed: 1, schedule: [1] }] })));
  assert.ok(!FindingsShow.is(bad({ status: 'confirmed', runs: 3, values: [{ value: 5, count: 1, seed: 1, schedule: [1] }] })));
  assert.ok(!FindingsShow.is(bad({ status: 'confirmed', runs: 3, values: [{ value: '5', count: 1, seed: 1, schedule: ['1'] }] })));
  assert.ok(!FindingsShow.is(bad({ status: 'confirmed', runs: 3, seed: 1.5 })));
  assert.ok(toWebview.some((d) => d === FindingsShow));
});

test("the view checks the findings' sites against its trace's", () => {
  assert.deepEqual(validateFindings(findings, 2), findings);
  assert.throws(() => validateFindings(findings, 1), /findings\.races\[0\]\.first\.at/);
});

test('finding/replay: a seed and a non-empty schedule of thread ids and delays (-n), nothing else', () => {
  assert.ok(FindingReplay.is(FindingReplay.create({ seed: 3, schedule: [1, 2, -7, 3] })));
  for (const params of [
    { seed: 3, schedule: [] },
    { seed: 3, schedule: [1, 0] },
    { seed: 3, schedule: [1.5] },
    { seed: '3', schedule: [1] },
    { seed: 3, schedule: '1,2' },
    { schedule: [1] },
  ])
    assert.ok(!FindingReplay.is({ v: 1, method: 'finding/replay', params }), JSON.stringify(params));
  assert.ok(toHost.some((d) => d === FindingReplay));
});
