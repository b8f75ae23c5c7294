// multiprocessing's own primitives under the tracer, fork and spawn: Queue, JoinableQueue,
// SimpleQueue, Pipe, Lock, Semaphore, Event and the locks of Value/Array used across processes are recorded in each
// process, as one primitive each, with the wake-up links from one process to another; a child
// waiting forever on a Queue is a stall. Fork runs on every interpreter found, spawn (a fresh
// interpreter per child, seconds each on a loaded machine) on the oldest and the newest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Run } from '../examples/run-example';
import { FIXTURES, interpreters, lineOf, plain, traced, type Interpreter } from './pythons';

const fx = (f: string) => join(FIXTURES, f);
const siteLine = (run: Run, at: number | undefined) => run.trace.sites[at ?? -1]?.replace(/:\d+$/, '');
const processOf = (run: Run, th: number) => run.threadById(th).process ?? 0;

const pys = interpreters();
const cases: [Interpreter, string][] = [...pys.map((py): [Interpreter, string] => [py, 'fork']), [pys[0], 'spawn']];
if (pys.length > 1) cases.push([pys.at(-1)!, 'spawn']);

/** Runs a fixture traced and plain: same stdout (lines, in any order across processes) and status. */
async function both(py: Interpreter, name: string, args: string[]) {
  const file = fx(name);
  const ref = plain(py, file, args);
  const t = await traced(py, file, args, 60);
  assert.deepEqual(t.stdout.split('\n').sort(), ref.stdout.split('\n').sort());
  assert.equal(t.status, ref.status);
  assert.equal(t.run.outcome.kind, 'completed', t.run.describe());
  return { ...t, file };
}

/** Every get of `prim` took an item a put of another process gave, linked put → get in the model. */
function assertCrossLinks(run: Run, prim: string, gets: number) {
  const id = run.prim(prim).id;
  const puts = new Map(run.events('queuePutDone', { prim }).map((e) => [e.q, e]));
  const got = run.events('queueGetDone', { prim });
  assert.equal(got.length, gets, `${prim}: ${got.length} gets`);
  for (const g of got) {
    const p = puts.get(g.q);
    assert.ok(p, `${prim}: get of item ${g.q} has no put`);
    assert.notEqual(processOf(run, p.th), processOf(run, g.th), `${prim}: item ${g.q} stayed in one process`);
  }
  const links = run.model.links.filter((l) => l.kind === 'put-get' && l.prim === id);
  assert.equal(links.length, gets, `${prim}: ${links.length} put-get links`);
  for (const l of links) assert.notEqual(processOf(run, l.fromThread), processOf(run, l.toThread));
}

for (const [py, method] of cases) {
  test(`${py.label}, ${method}: mp.Queue, JoinableQueue and SimpleQueue across processes, each get linked to its put`, async () => {
    const { run, file } = await both(py, 'mp_queue.py', [method]);
    const kinds = Object.fromEntries(run.trace.primitives.map((p) => [p.name, p.kind]));
    // One primitive each, whatever number of processes used it; none of their internal locks.
    assert.deepEqual(kinds, { q: 'Queue', jobs: 'Queue', answers: 'SimpleQueue' });
    for (const p of run.trace.primitives) assert.equal(p.init?.crossProcess, true);
    // q: 3 items and the None, put in the producer process, got in the parent.
    assertCrossLinks(run, 'q', 4);
    const producer = run.trace.processes!.find((p) => p.target === 'producer')!;
    for (const e of run.events('queuePutDone', { prim: 'q' })) assert.equal(processOf(run, e.th), producer.id);
    assert.deepEqual(
      run.events('queuePutDone', { prim: 'q' }).map((e) => siteLine(run, e.at)),
      [...Array(3).fill(`mp_queue.py:${lineOf(file, 'q.put(i * 10)')}`), `mp_queue.py:${lineOf(file, 'q.put(None)')}`],
    );
    for (const e of run.events('queueGetDone', { prim: 'q' })) {
      assert.equal(processOf(run, e.th), 0);
      assert.equal(siteLine(run, e.at), `mp_queue.py:${lineOf(file, 'item = q.get()')}`);
    }
    // jobs: four puts in the parent, four gets and task_done in the worker, the parent's join returns after.
    assertCrossLinks(run, 'jobs', 4);
    const done = run.events('queueTaskDone', { prim: 'jobs' });
    assert.equal(done.length, 4);
    for (const e of done) assert.equal(processOf(run, e.th), processOf(run, run.events('queueGetDone', { prim: 'jobs' })[0].th));
    // Tasks left after each: the parent may still be putting while the first ones are done.
    assert.equal(done.at(-1)!.a, 0);
    const [join] = run.events('queueJoin', { prim: 'jobs' });
    const [joined] = run.events('queueJoined', { prim: 'jobs' });
    assert.equal(siteLine(run, join.at), `mp_queue.py:${lineOf(file, 'jobs.join()')}`);
    assert.ok(joined.t >= done.at(-1)!.t, 'join() returned before the last task_done()');
    assert.ok(run.spansIn('MainThread', 'waiting', 'jobs').length >= 1, 'the parent waits on jobs');
    // answers (SimpleQueue): three puts in the worker, three gets in the parent.
    assertCrossLinks(run, 'answers', 3);
    // The queues' feeder threads are multiprocessing's: no lane.
    assert.ok(!run.trace.threads.some((t) => /feed/i.test(t.name)), run.trace.threads.map((t) => t.name).join(', '));
  });

  test(`${py.label}, ${method}: Pipe ping-pong, each recv linked to the other process's send`, async () => {
    const { run, file } = await both(py, 'mp_pipe.py', [method]);
    assert.equal(run.trace.primitives.length, 1);
    const pipe = run.trace.primitives[0];
    assert.equal(pipe.kind, 'Pipe');
    assert.equal(pipe.name, 'parent_conn/child_conn');
    assertCrossLinks(run, pipe.name, 6);
    // Ping, pong, ping, pong...: item ids follow the messages in order, alternating processes.
    const sends = run.events('queuePutDone', { prim: pipe.name });
    assert.deepEqual(
      sends.map((e) => e.q),
      [1, 2, 3, 4, 5, 6],
    );
    assert.deepEqual(
      sends.map((e) => (processOf(run, e.th) === 0 ? 'parent' : 'child')),
      ['parent', 'child', 'parent', 'child', 'parent', 'child'],
    );
    assert.equal(siteLine(run, sends[1].at), `mp_pipe.py:${lineOf(file, 'conn.send(msg + 1)')}`);
    // The parent's recv waits for the child's answer; its poll at the end finds nothing.
    assert.ok(run.events('queueGet', { prim: pipe.name }).some((e) => siteLine(run, e.at) === `mp_pipe.py:${lineOf(file, 'value = parent_conn.recv()')}`));
    const polls = run.events('connPollDone', { prim: pipe.name });
    assert.deepEqual(
      polls.map((e) => e.a),
      [0],
    );
  });

  test(`${py.label}, ${method}: an mp.Lock shared by the parent and two children is one primitive; they block on it; an mp.Event set in a child wakes the parent`, async () => {
    const { run, file } = await both(py, 'mp_lock.py', [method]);
    const lock = run.prim('lock');
    assert.equal(lock.kind, 'Lock');
    assert.equal(run.trace.primitives.filter((p) => p.kind === 'Lock').length, 1);
    // One row in the contention table: three acquisitions (parent, both children), the children's waited.
    const rows = run.model.contention.filter((r) => run.trace.primitives.find((p) => p.id === r.prim)?.kind === 'Lock');
    assert.equal(rows.length, 1);
    assert.equal(rows[0].acquisitions, 3);
    assert.equal(rows[0].contended, 2);
    // Each child was blocked on the lock (its lane), at the `with lock:` line of the child.
    const children = run.trace.processes!.filter((p) => p.target === 'hold');
    assert.equal(children.length, 2);
    for (const c of children) {
      const lane = run.trace.threads.indexOf(run.threadById(c.mainThread!));
      const blocked = run.model.spans[lane].filter((s) => s.state === 'blocked' && s.on === lock.id);
      assert.ok(blocked.length >= 1, `${c.name} never blocked on the lock`);
      assert.equal(siteLine(run, blocked[0].at), `mp_lock.py:${lineOf(file, 'with lock:  # child lock')}`);
    }
    // Release → acquire links: the parent's release let a child through, that child's the other.
    const links = run.model.links.filter((l) => l.kind === 'release-acquire' && l.prim === lock.id);
    assert.equal(links.length, 2);
    assert.equal(processOf(run, links[0].fromThread), 0);
    assert.notEqual(processOf(run, links[0].toThread), 0);
    assert.notEqual(processOf(run, links[1].fromThread), 0);
    assert.notEqual(processOf(run, links[1].toThread), processOf(run, links[1].fromThread));
    // Sequence numbers are the lock's, across processes: 1..6 in time order, no repeats.
    const seqs = [...run.events('acquired', { prim: 'lock' }), ...run.events('release', { prim: 'lock' })].sort((a, b) => a.t - b.t).map((e) => e.q);
    assert.deepEqual(seqs, [1, 2, 3, 4, 5, 6]);
    // The Event: set in the 'setter' child, the parent's wait woken by it.
    const [set] = run.events('eventSet', { prim: 'ev' });
    assert.equal(run.trace.processes!.find((p) => p.id === processOf(run, set.th))?.name, 'setter');
    assert.equal(siteLine(run, set.at), `mp_lock.py:${lineOf(file, 'ev.set()')}`);
    const wake = run.events('eventWake', { prim: 'ev', thread: 'MainThread' }).find((e) => processOf(run, e.th) === 0)!;
    assert.equal(wake.a, 1);
    assert.equal(wake.l, set.q);
    assert.ok(run.model.links.some((l) => l.kind === 'set-wake' && l.fromThread === set.th && l.toThread === wake.th));
    assert.ok(run.spansIn('MainThread', 'waiting', 'ev').length >= 1);
  });

  test(`${py.label}, ${method}: the locks of mp.Value and mp.Array are the user's RLocks, recorded in every process`, async () => {
    const { run, file } = await both(py, 'mp_value.py', [method]);
    // `lock=False` makes none; multiprocessing's own locks stay unrecorded.
    const kinds = Object.fromEntries(run.trace.primitives.map((p) => [p.name, p.kind]));
    assert.deepEqual(kinds, { counter: 'RLock', arr: 'RLock' });
    assert.equal(run.prim('counter').init?.crossProcess, true);
    // Each child takes the counter's lock 20 times at its `with` line; `counter.value += 1` re-enters it.
    const withLine = `mp_value.py:${lineOf(file, 'with counter.get_lock():')}`;
    const addLine = `mp_value.py:${lineOf(file, 'counter.value += 1')}`;
    const children = run.trace.processes!.filter((p) => p.target === 'add');
    assert.equal(children.length, 2);
    for (const c of children) {
      const mine = run.events('acquired', { prim: 'counter' }).filter((e) => processOf(run, e.th) === c.id);
      assert.equal(mine.filter((e) => siteLine(run, e.at) === withLine).length, 20, c.name);
      assert.ok(
        mine.some((e) => siteLine(run, e.at) === addLine),
        `${c.name}: no re-entry at the += line`,
      );
    }
    const [arr] = run.events('acquired', { prim: 'arr' });
    assert.equal(processOf(run, arr.th), 0);
    assert.equal(siteLine(run, arr.at), `mp_value.py:${lineOf(file, 'with arr.get_lock():')}`);
  });

  test(`${py.label}, ${method}: a child waiting forever on an mp.Queue is a stall (exit 3), joined or left to the interpreter's exit`, async () => {
    // Spawned, a child the parent does not wait for may find the queue's semaphores gone (python3 too).
    for (const args of method === 'fork' ? [[method], [method, 'exit']] : [[method]]) {
      const { run, status } = await traced(py, fx('mp_stall.py'), args, 30);
      assert.equal(run.outcome.kind, 'stall', `${args.join(' ')}: ${run.describe()}`);
      assert.equal(status, 3);
      const consumer = run.trace.processes!.find((p) => p.name === 'consumer')!;
      const stuck = run.outcome.stuck ?? [];
      const get = stuck.find((s) => s.thread === consumer.mainThread);
      assert.ok(get, run.describe());
      assert.equal(get.op, 'queue.get');
      assert.equal(get.on, run.prim('q').id);
      assert.match(run.outcome.explanation, /consumer\/MainThread waits for an item from Queue `q` at mp_stall\.py:9/);
      if (args.length === 1) assert.match(run.outcome.explanation, /MainThread waits for consumer\/MainThread to finish \(join at mp_stall\.py:18/);
    }
  });
}

for (const [py, method] of cases.filter(([p, m]) => m === 'spawn' || p === pys.at(-1))) {
  test(`${py.label}, ${method}: mp.Barrier, Condition (with its own RLock), RLock re-entry, BoundedSemaphore over-release, Full/Empty and a timed-out acquire`, async () => {
    const { run, file } = await both(py, 'mp_sync.py', [method]);
    const kinds = Object.fromEntries(run.trace.primitives.map((p) => [p.name, p.kind]));
    assert.deepEqual(kinds, {
      bar: 'Barrier',
      'cond.lock': 'RLock',
      cond: 'Condition',
      rlock: 'RLock',
      box: 'RLock', // the Value's lock
      sem: 'BoundedSemaphore',
      q: 'Queue',
      lock: 'Lock',
      'Lock-9': 'Lock',
    });
    assert.equal(run.prim('cond').init?.lock, run.prim('cond.lock').id);
    // Both parties of the one trip pass with the same trip number, one in each process.
    const passes = run.events('barrierPass', { prim: 'bar' });
    assert.deepEqual(passes.map((e) => e.a).sort(), [0, 1]);
    assert.equal(passes[0].l, passes[1].l);
    assert.notEqual(processOf(run, passes[0].th), processOf(run, passes[1].th));
    // The parent holds cond from before the barrier until its wait: the child's notify wakes it (linked).
    const [notify] = run.events('condNotify', { prim: 'cond' });
    assert.notEqual(processOf(run, notify.th), 0);
    assert.equal(siteLine(run, notify.at), `mp_sync.py:${lineOf(file, 'cond.notify_all()')}`);
    const wake = run.events('condWake', { prim: 'cond' }).at(-1)!;
    assert.equal(wake.l, notify.q);
    assert.ok(
      run.model.links.some((l) => l.kind === 'notify-wake' && l.prim === run.prim('cond').id && l.fromThread === notify.th && processOf(run, l.toThread) === 0),
    );
    assert.deepEqual(
      run.events('acquired', { prim: 'rlock' }).map((e) => e.a),
      [1, 2],
    );
    assert.equal(run.events('semaphoreOverRelease', { prim: 'sem' }).length, 1);
    assert.equal(run.events('queueFull', { prim: 'q' }).length, 1);
    assert.equal(run.events('queueEmpty', { prim: 'q' }).length, 1);
    assert.equal(run.events('acquireFailed', { prim: 'lock' })[0].a, 0.05);
  });
}

for (const [py, method] of cases) {
  test(`${py.label}, ${method}: two processes holding one mp.Lock each and wanting the other's: a deadlock, each wait held by the other process's thread`, async () => {
    const file = fx('mp_deadlock.py');
    const { run } = await traced(py, file, [method], 30);
    assert.equal(run.outcome.kind, 'deadlock', run.describe());
    const other = run.trace.processes!.find((p) => p.name === 'other')!;
    assert.deepEqual([...(run.outcome.cycle ?? [])].sort(), [1, other.mainThread].sort());
    const stuck = run.outcome.stuck ?? [];
    const parent = stuck.find((s) => s.thread === 1)!;
    const child = stuck.find((s) => s.thread === other.mainThread)!;
    assert.deepEqual(
      [parent.on, parent.heldBy, siteLine(run, parent.at)],
      [run.prim('b').id, [other.mainThread], `mp_deadlock.py:${lineOf(file, 'with b:  # parent wants b')}`],
    );
    assert.deepEqual([child.on, child.heldBy, siteLine(run, child.at)], [run.prim('a').id, [1], `mp_deadlock.py:${lineOf(file, 'with a:  # child wants a')}`]);
    assert.match(run.outcome.explanation, /MainThread waits for Lock `b` \(held by other\/MainThread\)/);
  });
}
