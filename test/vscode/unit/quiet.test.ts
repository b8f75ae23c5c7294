import assert from 'node:assert/strict';
import { afterEach, beforeEach, mock, test } from 'node:test';
import { Quiet } from '../../../src/extension/quiet';

// A clock the test moves with the mocked timers, so "calm for 2 s" is exact.
let clock = 0;
const tick = (ms: number) => {
  clock += ms;
  mock.timers.tick(ms);
};
beforeEach(() => {
  clock = 1_000_000;
  mock.timers.enable({ apis: ['setTimeout'] });
});
afterEach(() => mock.timers.reset());

test('work waits until nothing has been busy for the calm time', () => {
  const quiet = new Quiet(2000, () => clock);
  const done: number[] = [];
  quiet.busy();
  quiet.whenQuiet(() => done.push(clock));
  tick(1500);
  quiet.busy(); // a summary relayed: the wait starts again
  tick(1500);
  assert.deepEqual(done, [], 'not while the host relays');
  tick(499);
  assert.deepEqual(done, []);
  tick(1);
  assert.deepEqual(done, [1_000_000 + 3500], 'two seconds after the last busy moment');
  tick(10_000);
  assert.equal(done.length, 1, 'once');
});

test('a host that was never busy runs the work at once (in a later turn)', () => {
  const quiet = new Quiet(2000, () => clock);
  let ran = false;
  quiet.whenQuiet(() => (ran = true));
  assert.equal(ran, false, 'never inside the caller');
  tick(0);
  assert.equal(ran, true);
});

test('work asked again while pending replaces it, and runs once; work queued by work runs after it returned', () => {
  const quiet = new Quiet(100, () => clock);
  const log: string[] = [];
  quiet.busy();
  quiet.whenQuiet(() => log.push('first'));
  quiet.whenQuiet(() => {
    log.push('second');
    quiet.whenQuiet(() => log.push('third'));
    log.push('second returns');
  });
  tick(99);
  assert.deepEqual(log, []);
  tick(1);
  assert.deepEqual(log, ['second', 'second returns', 'third']);
});

test('disposed: pending work never runs', () => {
  const quiet = new Quiet(100, () => clock);
  let ran = false;
  quiet.whenQuiet(() => (ran = true));
  quiet.dispose();
  tick(1000);
  assert.equal(ran, false);
});
