// CPython's semantics, observed in a scenario (test/fixtures/runtime/semantics.ts) in real time and
// in deterministic mode under several schedules, and compared with what CPython itself observes
// running the scenario's twin (semantics.py) with the newest Python on the machine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Trace } from '../../src/core/trace/format';
import { runDet } from '../deterministic/det-run';
import { newestPython, runTwin } from '../helpers/python';
import { eventsOf, expectClean, fixtures } from './run-fixture';

const file = join(fixtures, 'semantics.ts');
const python = newestPython();
const schedules = [
  { seed: 1, strategy: 'random' as const },
  { seed: 7, strategy: 'pct' as const },
];

function observed(trace: Trace): unknown {
  const logs = eventsOf(trace, 'log', 1);
  assert.equal(logs.length, 1, 'the scenario logs its observations once');
  return JSON.parse(trace.strings[logs[0].a!]);
}

function clean(trace: Trace, name: string): Trace {
  const problems = trace.threads.filter((t) => t.error).map((t) => `${t.name}: ${t.error!.stack ?? t.error!.message}`);
  assert.ok(
    trace.outcome.kind === 'completed' && problems.length === 0,
    `${name}: ${trace.outcome.summary}\n${problems.join('\n')}\n${trace.outcome.explanation}`,
  );
  return trace;
}

for (const name of ['Timeouts_negative', 'Timeouts_extremes', 'Attributes_asGiven', 'Clocks_measure']) {
  test(`${name}: real time, deterministic, and as CPython ${python?.version ?? '(none found)'}`, async (t) => {
    const realtime = observed(await expectClean('semantics.ts', name));
    for (const det of schedules) {
      const got = observed(clean(await runDet(file, det, { scenario: name }), name));
      assert.deepEqual(got, realtime, `deterministic (${det.strategy} seed ${det.seed}) observes what real time does`);
    }
    if (!python) return t.skip('no CPython 3.9+ on this machine');
    assert.deepEqual(realtime, runTwin(python, join(fixtures, 'semantics.py'), name));
  });
}

test('every thread reads one monotonic clock (real time and deterministic)', async () => {
  await expectClean('semantics.ts', 'Clocks_sharedByThreads');
  for (const det of schedules) clean(await runDet(file, det, { scenario: 'Clocks_sharedByThreads' }), 'Clocks_sharedByThreads');
});
