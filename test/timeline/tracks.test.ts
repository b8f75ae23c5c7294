import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Link } from '../../src/core/model/types';
import { counterSteps, counterValueAt } from '../../src/core/timeline/counters';
import { indexLinks, visibleLinks } from '../../src/core/timeline/links';
import { parseSite, siteLabel } from '../../src/core/timeline/site';

test('counter steps: one per sample when they are apart, min/max when they share a pixel', () => {
  const t = [0, 100, 200, 201, 202, 500];
  const v = [2, 1, 0, 1, 0, 2];
  const steps = counterSteps(t, v, { t0: 0, t1: 1000, width: 10 }); // 100 ns per px
  assert.deepEqual(
    steps.map((s) => [s.x, s.v, s.min, s.max]),
    [
      [0, 2, 2, 2],
      [1, 1, 1, 1],
      [2, 0, 0, 1],
      [5, 2, 2, 2],
    ],
  );
  const late = counterSteps(t, v, { t0: 300, t1: 400, width: 10 });
  assert.deepEqual(
    late.map((s) => [s.x, s.v]),
    [[0, 0]],
    'the value in force at the left edge',
  );
  assert.equal(counterValueAt(t, v, 150), 1);
  assert.equal(counterValueAt(t, v, -1), undefined);
});

const link = (fromT: number, toT: number): Link => ({ kind: 'release-acquire', prim: 1, fromThread: 1, fromT, toThread: 2, toT });

test('visibleLinks returns the arrows that cross the window, including long ones from before it', () => {
  const links = [link(0, 10), link(500, 520), link(100, 900), link(2000, 2010)];
  const ix = indexLinks(links);
  assert.deepEqual(visibleLinks(ix, 400, 600, 100).links.sort(), [1, 2]);
  assert.deepEqual(visibleLinks(ix, 3000, 4000, 100).links, []);
  const cut = visibleLinks(ix, 0, 3000, 2);
  assert.equal(cut.links.length, 2);
  assert.equal(cut.more, true);
});

test('sites resolve against the trace root; absolute and Windows paths stay as they are', () => {
  assert.deepEqual(parseSite('examples/lock.ts:14:5', '/home/u/proj'), { file: '/home/u/proj/examples/lock.ts', line: 14, col: 5 });
  assert.deepEqual(parseSite('/abs/x.ts:3:1', '/root'), { file: '/abs/x.ts', line: 3, col: 1 });
  assert.deepEqual(parseSite('C:\\p\\x.ts:3:9', 'C:\\p'), { file: 'C:\\p\\x.ts', line: 3, col: 9 });
  assert.deepEqual(parseSite('x.ts:3:9', 'C:\\p\\'), { file: 'C:\\p\\x.ts', line: 3, col: 9 });
  assert.equal(parseSite('nonsense', '/r'), undefined);
  assert.equal(siteLabel('examples/lock.ts:14:5'), 'lock.ts:14');
});
