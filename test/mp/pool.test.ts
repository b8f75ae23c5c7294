// Pool: order, chunking, reuse, exceptions with the remote stack, timeouts, terminate; the task spans.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectMp } from './helpers';

const file = 'pool.ts';

test('map, starmap, imap, imapUnordered; chunks become tasks; workers reused', async () => {
  const trace = await expectMp(file, 'Pool_map');
  const pool = trace.primitives.find((p) => p.kind === 'Pool')!;
  assert.deepEqual(pool.init, { processes: 2, crossProcess: true });
  const workers = trace.processes!.filter((p) => p.pool === pool.id);
  assert.equal(workers.length, 2, 'two worker processes for the whole run');
  assert.ok(workers.every((w) => w.name.startsWith('SpawnPoolWorker-') && w.daemon && w.exitCode === 0));
  const starts = trace.events.filter((e) => e.k === 'poolTaskStart');
  // Python's default chunksize: ceil(n / (4 × workers)). 20 items → chunks of 3 (7 tasks); chunksize 3 (7);
  // starmap of 3 → chunks of 1 (3); imap (3); imapUnordered (4); the pids (12).
  assert.equal(starts.length, 7 + 7 + 3 + 3 + 4 + 12);
  assert.ok(
    starts.every((e) => workers.some((w) => w.mainThread === e.th)),
    'tasks run on the worker lanes',
  );
  assert.equal(trace.strings[starts[0].a!], 'square');
  const submitted = trace.events.filter((e) => e.k === 'queuePutDone' && e.p === pool.id).map((e) => e.q);
  assert.deepEqual(
    starts.map((e) => e.q).sort((a, b) => a! - b!),
    submitted.sort((a, b) => a! - b!),
  );
});

test('exceptions re-raise with the remote stack; the worker survives', () => expectMp(file, 'Pool_exception').then(() => undefined));
test('applyAsync: timeouts, ready, successful, apply, close/join rules', () => expectMp(file, 'Pool_applyAsync').then(() => undefined));

test('terminate with tasks in flight ends the workers with the reason', async () => {
  const trace = await expectMp(file, 'Pool_terminate');
  const workers = trace.processes!.filter((p) => p.pool !== undefined);
  assert.equal(workers.length, 2);
  for (const w of workers) {
    assert.equal(w.exitCode, -15);
    const lane = trace.threads.find((t) => t.id === w.mainThread)!;
    assert.equal(lane.exit, 'killed');
    assert.match(lane.error!.message, /Pool\.terminate/);
  }
});

test('a worker that dies fails its task and is replaced', async () => {
  const trace = await expectMp(file, 'Pool_workerDies');
  const workers = trace.processes!.filter((p) => p.pool !== undefined);
  assert.deepEqual(
    workers.map((w) => [w.name, w.exitCode]),
    [
      ['SpawnPoolWorker-1', 7],
      ['SpawnPoolWorker-2', 0],
    ],
  );
});
