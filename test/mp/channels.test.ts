// Queue/Pipe/Lock/Event across processes, and the message arrows they leave in the trace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel } from '../../src/core/model/build';
import { expectMp } from './helpers';

const file = 'channels.ts';

test('Queue: order kept, every put linked to the get of its item in another process', async () => {
  const trace = await expectMp(file, 'Queue_order');
  const q = trace.primitives.find((p) => p.kind === 'Queue')!;
  assert.equal(q.init?.crossProcess, true);
  const puts = trace.events.filter((e) => e.k === 'queuePutDone' && e.p === q.id);
  const gets = trace.events.filter((e) => e.k === 'queueGetDone' && e.p === q.id);
  assert.equal(puts.length, 50);
  assert.deepEqual(
    gets.map((e) => e.q),
    puts.map((e) => e.q),
  );
  const child = trace.processes!.find((p) => p.id === 1)!;
  assert.ok(
    puts.every((e) => e.th === child.mainThread),
    'puts on the child lane',
  );
  assert.ok(
    gets.every((e) => e.th === 1),
    'gets on MainThread',
  );
  const links = buildModel(trace).links.filter((l) => l.kind === 'put-get' && l.prim === q.id);
  assert.equal(links.length, 50);
  assert.ok(
    links.every((l) => l.fromThread === child.mainThread && l.toThread === 1 && l.fromT <= l.toT),
    'arrows go forward in time',
  );
});

test('Queue: blocking, timeouts, Full/Empty, close', () => expectMp(file, 'Queue_blocking').then(() => undefined));
test('JoinableQueue: join and taskDone across processes', () => expectMp(file, 'JoinableQueue_join').then(() => undefined));
test('Pipe: duplex ping-pong, poll, EOF, broken pipe, closed handle', () => expectMp(file, 'Pipe_duplex').then(() => undefined));
test('Pipe: simplex directions; what was sent is read before EOF', () => expectMp(file, 'Pipe_simplex').then(() => undefined));

test('Lock/Event/Semaphore across processes; a release links to the acquire it let through', async () => {
  const trace = await expectMp(file, 'Sync_acrossProcesses');
  const lock = trace.primitives.find((p) => p.kind === 'Lock' && p.name === 'lock')!;
  const model = buildModel(trace);
  const child = trace.processes!.find((p) => p.id === 1)!.mainThread;
  assert.ok(model.links.some((l) => l.kind === 'release-acquire' && l.prim === lock.id && l.fromThread === child && l.toThread === 1));
  assert.ok(
    model.holds.some((h) => h.prim === lock.id && h.thread === child),
    "the child's hold is on the timeline",
  );
  const blocked = model.spans[0].filter((s) => s.state === 'blocked' && s.on === lock.id);
  assert.ok(blocked.length >= 1, 'MainThread shows blocked on the lock');
});
