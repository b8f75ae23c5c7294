import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decimalsFor, formatCursor, tickFormatter, unitFor } from '../../src/core/timeline/timeaxis';

test('the unit follows the magnitude of the times shown', () => {
  assert.equal(unitFor(2.5e9).name, 's');
  assert.equal(unitFor(350e6).name, 'ms');
  assert.equal(unitFor(12e3).name, 'µs');
  assert.equal(unitFor(800).name, 'ns');
  assert.equal(unitFor(0).name, 'ns');
});

test('ticks print with just enough decimals for their step', () => {
  const f = tickFormatter(0.5e9, 5e9);
  assert.equal(f(1.5e9), '1.5 s');
  assert.equal(f(2e9), '2.0 s');
  const g = tickFormatter(100e3, 1.2005e9); // 100 µs steps around 1.2 s
  assert.equal(g(1.2001e9), '1.2001 s');
  assert.equal(g(1.2002e9), '1.2002 s');
  const h = tickFormatter(50e6, 400e6);
  assert.equal(h(350e6), '350 ms');
  assert.equal(decimalsFor(0.1e9 + 0.2e9, unitFor(1e9)), 1);
});

test('neighbouring ticks never print the same label', () => {
  for (const [step, end] of [
    [2e6, 1.01e9],
    [5e3, 3e6],
    [1, 500],
    [0.25e9, 10e9],
  ]) {
    const f = tickFormatter(step, end);
    const labels = [0, 1, 2, 3].map((i) => f(end - i * step));
    assert.equal(new Set(labels).size, 4, labels.join(', '));
  }
});

test('the cursor readout resolves one pixel', () => {
  assert.equal(formatCursor(1.2345678e9, 1e6), '1.235 s');
  assert.equal(formatCursor(1500, 10), '1.50 µs');
});
