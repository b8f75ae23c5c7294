import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildModel } from '../../src/core/model/build';
import { buildColumns, firstEndingAfter, STATE_CODE, STATE_OF_CODE } from '../../src/core/model/columns';
import { fixture, fixtureNames } from './fixtures';

describe('buildColumns', () => {
  for (const name of fixtureNames)
    it(`${name}: row i of each lane is model.spans[lane][i]`, () => {
      const model = buildModel(fixture(name));
      const lanes = buildColumns(model);
      assert.equal(lanes.length, model.trace.threads.length);
      lanes.forEach((lane, l) => {
        assert.equal(lane.thread, model.trace.threads[l].id);
        const spans = model.spans[l];
        assert.equal(lane.spans.start.length, spans.length);
        spans.forEach((s, i) => {
          assert.deepEqual(
            [lane.spans.start[i], lane.spans.end[i], STATE_OF_CODE[lane.spans.state[i]], lane.spans.on[i], lane.spans.at[i]],
            [s.start, s.end, s.state, s.on, s.at],
          );
        });
        const mine = model.holds.filter((h) => h.thread === lane.thread);
        assert.equal(lane.holds.start.length, mine.length);
        lane.holds.index.forEach((hi, i) => {
          const h = model.holds[hi];
          assert.equal(h.thread, lane.thread);
          assert.deepEqual(
            [lane.holds.start[i], lane.holds.end[i], lane.holds.prim[i], lane.holds.maxDepth[i], lane.holds.contended[i]],
            [h.start, h.end, h.prim, h.maxDepth, h.contended ? 1 : 0],
          );
        });
      });
    });

  it('state codes are a bijection', () => {
    for (const [state, code] of Object.entries(STATE_CODE)) assert.equal(STATE_OF_CODE[code], state);
  });

  it('firstEndingAfter finds the first span visible from a time', () => {
    const lane = buildColumns(buildModel(fixture('lock-contention')))[2].spans; // worker2
    assert.equal(firstEndingAfter(lane.end, 0), 0);
    assert.equal(firstEndingAfter(lane.end, 1_400_000_000), 1);
    assert.equal(firstEndingAfter(lane.end, 1_500_020_000), 2);
    assert.equal(firstEndingAfter(lane.end, 9e9), lane.end.length);
  });
});
