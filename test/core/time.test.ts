import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDuration, formatPercent, formatSeconds, niceStep, pickUnit } from '../../src/core/format/time';

describe('formatDuration', () => {
  it('picks the unit that keeps the number readable', () => {
    assert.equal(formatDuration(0), '0 s');
    assert.equal(formatDuration(850), '850 ns');
    assert.equal(formatDuration(12_340), '12.34 µs');
    assert.equal(formatDuration(200_020_000), '200 ms');
    assert.equal(formatDuration(1_203_000_000), '1.203 s');
    assert.equal(formatDuration(1_200_000_000), '1.2 s');
    assert.equal(formatDuration(7_200e9), '7200 s');
  });
  it('moves up a unit when rounding reaches 1000', () => {
    assert.equal(formatDuration(999_960_000), '1 s');
    assert.equal(formatDuration(999_999), '1 ms');
  });
  it('keeps a forced unit and a given precision', () => {
    assert.equal(formatDuration(500_000_000, 's'), '0.5 s');
    assert.equal(formatDuration(0, 'ms'), '0 ms');
    assert.equal(formatDuration(1_234_567, 'ms', 2), '1.2 ms');
  });
  it('handles what is not a time', () => {
    assert.equal(formatDuration(Number.NaN), '—');
    assert.equal(formatDuration(-1500), '-1.5 µs');
  });
});

describe('time helpers', () => {
  it('pickUnit, formatSeconds, niceStep, formatPercent', () => {
    assert.deepEqual([1, 1e3, 1e6, 1e9].map(pickUnit), ['ns', 'µs', 'ms', 's']);
    assert.equal(formatSeconds(0.5), '500 ms');
    assert.deepEqual([0.7, 1, 1.1, 3, 7, 420].map(niceStep), [1, 1, 2, 5, 10, 500]);
    assert.equal(formatPercent(1, 2), '50.0 %');
    assert.equal(formatPercent(1, 3), '33.3 %');
    assert.equal(formatPercent(0, 0), '—');
  });
});
