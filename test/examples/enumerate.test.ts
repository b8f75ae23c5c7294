import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { runExample, type Run } from './run-example';

describe('examples/enumerate', () => {
  let run: Run;
  before(async () => {
    run = await runExample('enumerate');
  });

  it('completes; MainThread joins every worker in start order and never itself', () => {
    assert.equal(run.outcome.kind, 'completed', run.describe());
    const joined = run.events('joinBegin', { thread: 'MainThread' }).map((e) => run.threadById(e.p!).name);
    assert.deepEqual(joined, ['Thread-1 (worker)', 'Thread-2 (worker)', 'Thread-3 (worker)']);
    for (const e of run.events('joinEnd', { thread: 'MainThread' })) assert.equal(e.a, 1);
    assert.deepEqual(run.logs('MainThread')[1], 'skip <Thread(MainThread, started 1)>');
  });

  it('the first listing shows all four threads; by the last, only MainThread is alive', () => {
    const listings = run.logs('MainThread').filter((l) => !l.startsWith('skip'));
    assert.equal(listings.length, 4, 'one line per thread of the snapshot');
    const count = (l: string) => l.split('<Thread(').length - 1;
    assert.equal(count(listings[0]), 4);
    assert.equal(listings.at(-1), '<Thread(MainThread, started 1)>');
  });

  it('joining the longest worker first: the two others have ended before MainThread asks to join them', () => {
    const [first, ...rest] = run.events('joinBegin', { thread: 'MainThread' });
    const w1 = run.thread('Thread-1 (worker)');
    assert.equal(first.p, w1.id);
    for (const e of rest) assert.ok(run.threadById(e.p!).end! <= e.t, `${run.threadById(e.p!).name} had ended`);
    const [wait] = run.spansIn('MainThread', 'joining');
    assert.equal(wait.on, w1.id);
    assert.equal(wait.end, run.events('joinEnd', { thread: 'MainThread' })[0].t);
  });
});
