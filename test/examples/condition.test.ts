import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { runExample, type Run } from './run-example';

describe('examples/condition', () => {
  let run: Run;
  before(async () => {
    run = await runExample('condition');
  });

  it('completes; six items produced and consumed, the buffer ends empty', () => {
    assert.equal(run.outcome.kind, 'completed', run.describe());
    assert.deepEqual(run.shared('buf'), { count: 0, produced: 6, consumed: 6 });
    assert.deepEqual(
      run.logs('consumer'),
      [1, 2, 3, 4, 5, 6].map((i) => `took item ${i}`),
    );
  });

  it('the count never leaves 0..CAPACITY', () => {
    const field = (run.prim('buf').init!.fields as string[]).indexOf('count');
    const counts = run
      .events('sharedWrite', { prim: 'buf' })
      .filter((e) => e.q === field)
      .map((e) => e.a!);
    assert.equal(counts.length, 12);
    assert.ok(
      counts.every((c) => c >= 0 && c <= 2),
      counts.join(','),
    );
    assert.ok(counts.includes(2), 'the buffer filled up');
  });

  it('the producer waits for room on `cond`, and each such wait is ended by a notify from the consumer', () => {
    const waits = run.spansIn('producer', 'waiting', 'cond');
    assert.ok(waits.length >= 1, 'the producer had to wait');
    const consumer = run.thread('consumer').id;
    const wakes = run.events('condWake', { thread: 'producer', prim: 'cond' });
    assert.ok(wakes.length >= 1);
    for (const w of wakes) {
      assert.equal(w.a, 1, 'woken by a notify, never by a timeout');
      const notify = run.events('condNotify', { prim: 'cond' }).find((n) => n.q === w.l)!;
      assert.equal(notify.th, consumer);
    }
  });
});
