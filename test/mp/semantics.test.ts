// multiprocessing's timeout rules, observed in a scenario and compared with CPython running the
// scenario's twin (test/mp/fixtures/semantics.py) with the newest Python on the machine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { newestPython, runTwin } from '../helpers/python';
import { expectMp, mpFixtures } from './helpers';

const python = newestPython();

test(`multiprocessing: a negative timeout only looks, as in CPython ${python?.version ?? '(none found)'}`, async (t) => {
  const trace = await expectMp('semantics.ts', 'Mp_negativeTimeouts');
  const logs = trace.events.filter((e) => e.k === 'log');
  assert.equal(logs.length, 1);
  const observed = JSON.parse(trace.strings[logs[0].a!]);
  if (!python) return t.skip('no CPython 3.9+ on this machine');
  assert.deepEqual(observed, runTwin(python, join(mpFixtures, 'semantics.py'), 'Mp_negativeTimeouts'));
});
