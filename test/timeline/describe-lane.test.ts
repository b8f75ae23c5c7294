// The lane's sentence (its label's tooltip and screen readers' text, webview/describe.ts) from a real trace's model.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildModel } from '../../src/core/model/build';
import { viewData } from '../../webview/data';
import { describeLane } from '../../webview/describe';
import { fixture } from '../core/fixtures';

test("a lane's sentence says how long its thread waited for the recorder, which its bar shows as running", () => {
  const trace = fixture('lock-contention');
  const before = describeLane(viewData(buildModel(trace)), 1);
  assert.doesNotMatch(before, /recorder/);
  trace.threads[1].recorderWaitNs = 475e6;
  const after = describeLane(viewData(buildModel(trace)), 1);
  assert.match(after, /waiting for the recorder 475 ms \(shown as running\)/);
  assert.equal(after.replace(/, waiting for the recorder [^,;]*/, ''), before);
});
