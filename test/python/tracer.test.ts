// The Python tracer on real CPython, every version found (pythons.ts): the script's output and
// exit status equal plain python3's, and the trace says who held, waited, woke and ended how.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, interpreters, lineOf, plain, siteLine, traced } from './pythons';

const fx = (f: string) => join(FIXTURES, f);

for (const py of interpreters()) {
  test(`${py.label}: every primitive once — same output as python3, each get linked to its put, wake-ups linked`, async () => {
    const file = fx('features.py');
    const ref = plain(py, file);
    const { run, stdout, status } = await traced(py, file);
    assert.equal(stdout, ref.stdout);
    assert.equal(status, ref.status);
    assert.equal(run.outcome.kind, 'completed', run.describe());
    assert.equal(run.trace.meta.language, 'python');
    assert.match(run.trace.meta.runtime ?? '', new RegExp(`^CPython ${py.label === 'python3' ? '3' : py.label.replace(/\./g, '\\.')}`));
    const kinds = Object.fromEntries(run.trace.primitives.map((p) => [p.name, p.kind]));
    assert.deepEqual(kinds, {
      lock: 'Lock',
      rlock: 'RLock',
      'cond.lock': 'RLock',
      cond: 'Condition',
      sem: 'BoundedSemaphore',
      ev: 'Event',
      bar: 'Barrier',
      q: 'Queue',
      lq: 'LifoQueue',
      pq: 'PriorityQueue',
      sq: 'SimpleQueue',
      'Lock-12': 'Lock', // `type(threading.Lock())`: a name-less Lock
    });
    assert.equal(run.prim('cond').init?.lock, run.prim('cond.lock').id);
    // Every get of q takes an item some put gave, after that put.
    const puts = new Map(run.events('queuePutDone', { prim: 'q' }).map((e) => [e.q, e]));
    const gets = run.events('queueGetDone', { prim: 'q', thread: 'consumer' });
    assert.equal(gets.length, 3);
    for (const g of gets) {
      const p = puts.get(g.q);
      assert.ok(p && p.t <= g.t, `get of item ${g.q} has no earlier put`);
      assert.equal(run.threadById(p.th).name, 'producer');
    }
    assert.equal(siteLine(run.trace.sites[gets[0].at!]), `features.py:${lineOf(file, 'items.append(q.get())')}`);
    // The priority queue hands out 1, 2, 3: its gets link to the puts of 1, 2, 3 (put as 3, 1, 2).
    const pqPuts = run.events('queuePutDone', { prim: 'pq' }).map((e) => e.q);
    assert.deepEqual(
      run.events('queueGetDone', { prim: 'pq' }).map((e) => e.q),
      [pqPuts[1], pqPuts[2], pqPuts[0]],
    );
    // RLock re-entry: depth 1 then 2, released 1 then 0.
    assert.deepEqual(
      run.events('acquired', { prim: 'rlock' }).map((e) => e.a),
      [1, 2],
    );
    assert.deepEqual(
      run.events('release', { prim: 'rlock' }).map((e) => e.a),
      [1, 0],
    );
    // The Event's waiter, if it waited, was woken by the producer's set.
    const set = run.events('eventSet', { prim: 'ev' });
    assert.equal(set.length, 1);
    for (const w of run.events('eventWake', { prim: 'ev' })) assert.ok(w.l === -1 || w.l === set[0].q);
    // One trip of the barrier: two passes, indexes 0 and 1, the same trip number.
    const passes = run.events('barrierPass', { prim: 'bar' });
    assert.deepEqual(passes.map((e) => e.a).sort(), [0, 1]);
    assert.equal(passes[0].l, passes[1].l);
    assert.equal(run.events('semaphoreOverRelease', { prim: 'sem' }).length, 1);
    // The main thread's `q.join()` and Condition wait are recorded; the Condition's lock is released inside wait.
    assert.equal(run.events('queueJoined', { thread: 'MainThread', prim: 'q' }).length, 1);
    const cw = run.events('condWait', { thread: 'MainThread', prim: 'cond' })[0];
    assert.ok(run.events('release', { thread: 'MainThread', prim: 'cond.lock' }).some((e) => e.t >= cw.t));
    // No primitive the standard library made for itself (queue mutexes, Thread._started, ...) shows.
    assert.equal(run.trace.primitives.length, 12);
  });

  test(`${py.label}: concurrent.futures.wait and as_completed wait on the pool, linked to the tasks they saw done`, async () => {
    const file = fx('futures_wait.py');
    const ref = plain(py, file);
    const { run, stdout, status } = await traced(py, file);
    assert.equal(stdout, ref.stdout);
    assert.equal(status, ref.status);
    assert.equal(run.outcome.kind, 'completed', run.describe());
    const line = (text: string) => `futures_wait.py:${lineOf(file, text)}`;
    const at = (e: { at?: number }) => siteLine(run.trace.sites[e.at!]);
    // Task ids in submit order: work(3), work(1), work(2).
    const task = new Map(run.events('queuePutDone', { prim: 'pool' }).map((e, i) => [[3, 1, 2][i], e.q]));
    const waits = run.events('poolResultWait', { thread: 'MainThread', prim: 'pool' });
    const dones = run.events('poolResultDone', { thread: 'MainThread', prim: 'pool' });
    const of = (text: string) => ({ waits: waits.filter((e) => at(e) === line(text)), dones: dones.filter((e) => at(e) === line(text)) });
    // wait(FIRST_COMPLETED): one wait for any task, ended by work(1)'s completion.
    const first = of('return_when=FIRST_COMPLETED');
    assert.equal(first.waits.length, 1);
    assert.equal(first.waits[0].q, undefined);
    assert.deepEqual(
      first.dones.map((e) => [e.a, e.q]),
      [[1, task.get(1)]],
    );
    // as_completed: a wait per future, each ended by the task that finished, in finishing order (and one for the end).
    const loop = of('in as_completed(fs)');
    assert.deepEqual(
      loop.dones.filter((e) => e.q !== undefined).map((e) => e.q),
      [task.get(1), task.get(2), task.get(3)],
    );
    assert.equal(loop.waits.length, 4);
    // wait() after all are done: every task, no time spent.
    const all = of('wait(fs, timeout=5)');
    assert.deepEqual(new Set(all.dones.map((e) => e.q)), new Set([task.get(1), task.get(2), task.get(3)]));
    // The timeline: MainThread waits on the pool in wait(), and each done is linked from its task's end.
    assert.ok(run.spansIn('MainThread', 'waiting', 'pool').some((s) => siteLine(run.trace.sites[s.at]) === line('return_when=FIRST_COMPLETED')));
    const tasks = run.model.tasks ?? [];
    for (const d of [...first.dones, ...loop.dones.filter((e) => e.q !== undefined)]) {
      const t = tasks.find((x) => x.task === d.q)!;
      assert.ok(t.end <= d.t, `task ${d.q} ended before the wait saw it`);
      assert.ok(
        run.model.links.some((l) => l.toThread === d.th && l.toT === d.t && l.fromT === t.end),
        `no link from task ${d.q}'s end to the wait that saw it`,
      );
    }
  });

  test(`${py.label}: an executor never shut down: the interpreter's exit joins its workers, whose lanes end normally`, async () => {
    const file = fx('futures_exit.py');
    const ref = plain(py, file);
    const { run, stdout, status } = await traced(py, file);
    assert.equal(stdout, ref.stdout);
    assert.equal(status, ref.status);
    assert.equal(run.outcome.kind, 'completed', run.describe());
    const workers = run.trace.threads.filter((t) => t.name.startsWith('ThreadPoolExecutor-'));
    assert.equal(workers.length, 2);
    for (const w of workers) assert.equal(w.exit, 'normal', `${w.name} ended ${w.exit}`);
    // work(3) still runs when the script ends: MainThread waits for its worker in the exit join.
    const slow = run.events('poolTaskStart', { prim: 'pool' }).find((e) => e.q === 2)!;
    const joins = run.events('joinBegin', { thread: 'MainThread' }).filter((e) => e.p === slow.th);
    assert.equal(joins.length, 1);
    assert.equal(joins[0].q, 1, "the interpreter's exit join");
    assert.equal(joins[0].at, undefined);
    assert.ok(run.spansIn('MainThread', 'joining').some((s) => s.on === slow.th && s.end >= run.threadById(slow.th).end!));
  });

  test(`${py.label}: the notes' Lock program deadlocks and ends within 1 s, explained with its .py lines`, async () => {
    const file = fx('lock_deadlock.py');
    const { run, status } = await traced(py, file);
    assert.equal(run.outcome.kind, 'deadlock', run.describe());
    assert.equal(status, 2);
    const w1 = run.thread('Thread-1 (worker1)'.replace(py.label.startsWith('3.9') ? ' (worker1)' : '\0', ''));
    assert.deepEqual(run.outcome.cycle, [w1.id]);
    const again = run.events('acquireRequest', { thread: w1.name, prim: 'lock' }).at(-1)!;
    assert.equal(siteLine(run.trace.sites[again.at!]), `lock_deadlock.py:${lineOf(file, 'with lock:')}`);
    assert.ok(run.outcome.durationNs - again.t < 1e9, `ended ${(run.outcome.durationNs - again.t) / 1e6} ms after the second acquire`);
    assert.match(
      run.outcome.explanation,
      new RegExp(
        `acquired Lock \`lock\` at lock_deadlock\\.py:${lineOf(file, 'lock.acquire()')}:\\d+ .* asks for it again at lock_deadlock\\.py:${again.at !== undefined ? lineOf(file, 'with lock:') : 0}`,
      ),
    );
    // worker2 waits behind it, blocked on the same lock, held by worker1.
    const w2stuck = run.outcome.stuck!.find((s) => s.thread !== w1.id && s.op === 'acquire');
    assert.ok(w2stuck && w2stuck.heldBy[0] === w1.id);
    assert.equal(run.spansIn(run.threadById(w2stuck.thread).name, 'blocked', 'lock').length, 1);
  });

  test(`${py.label}: a lock/join cycle between MainThread and a worker is a deadlock; an Event nobody sets is a stall`, async () => {
    const cycle = await traced(py, fx('join_cycle.py'));
    assert.equal(cycle.run.outcome.kind, 'deadlock', cycle.run.describe());
    assert.deepEqual([...cycle.run.outcome.cycle!].sort(), [1, cycle.run.thread('worker').id].sort());
    const stall = await traced(py, fx('stall.py'));
    assert.equal(stall.run.outcome.kind, 'stall', stall.run.describe());
    assert.equal(stall.status, 3);
    assert.deepEqual(stall.run.outcome.stuck!.map((s) => s.op).sort(), ['event.wait', 'join']);
    assert.match(stall.run.outcome.explanation, /waiter waits for Event `ready` at stall\.py:4:\d+, with no timeout/);
  });

  test(`${py.label}: a Lock released by another thread (a signal, a ping-pong) is no deadlock`, async () => {
    const { run, stdout } = await traced(py, fx('lock_signal.py'));
    assert.equal(run.outcome.kind, 'completed', run.describe());
    assert.equal(stdout, 'released by another thread\nping-pong done\n');
    assert.equal(run.events('acquired', { prim: 'ping' }).length, 3001);
  });

  test(`${py.label}: a Lock's, a Queue's, a Condition's and an Event's short records expand to the events of their full form`, async () => {
    // record_forms.py makes each record form once (_rec.py lists the short ones): the events are
    // those the tracer recorded in full before the short forms, field by field, with their lines.
    const file = fx('record_forms.py');
    const ref = plain(py, file);
    const { run, stdout, status } = await traced(py, file);
    assert.equal(run.outcome.kind, 'completed', run.describe());
    assert.equal(stdout, ref.stdout);
    assert.equal(status, ref.status);
    const source = readFileSync(file, 'utf8').split('\n');
    const names = new Map(['q', 'b', 'lock'].map((n) => [run.prim(n).id, n]));
    const num = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? '-' : x);
    const rows = run.trace.events
      .filter((e) => /^(queue|acquire|release)/.test(e.k) && names.has(e.p!))
      .sort((x, y) => x.t - y.t)
      .map((e) => {
        const line = Number(/:(\d+)$/.exec(siteLine(run.trace.sites[e.at!])!)![1]);
        return `${run.threadById(e.th).name} ${names.get(e.p!)} ${e.k} ${num(e.a)} ${num(e.q)} ${num(e.l)} | ${source[line - 1].trim()}`;
      });
    assert.deepEqual(rows, [
      "MainThread q queuePut -1 - - | q.put('a')",
      "MainThread q queuePutDone 1 1 - | q.put('a')",
      "MainThread q queuePut 1 - - | q.put('b', timeout=1)",
      "MainThread q queuePutDone 2 2 - | q.put('b', timeout=1)",
      "MainThread q queuePut 0 - - | q.put_nowait('c')",
      "MainThread q queuePutDone 3 3 - | q.put_nowait('c')",
      'MainThread q queueGet -1 - - | print(q.get())',
      'MainThread q queueGetDone 2 1 - | print(q.get())',
      'MainThread q queueGet 1 - - | print(q.get(timeout=1))',
      'MainThread q queueGetDone 1 2 - | print(q.get(timeout=1))',
      'MainThread q queueGet 0 - - | print(q.get_nowait())',
      'MainThread q queueGetDone 0 3 - | print(q.get_nowait())',
      'MainThread q queueGet 0 - - | q.get_nowait()',
      'MainThread q queueEmpty - - - | q.get_nowait()',
      'MainThread q queuePut -1 - - | q.put(x)',
      'MainThread q queuePutDone 1 4 - | q.put(x)',
      'MainThread q queuePut -1 - - | q.put(x)',
      'MainThread q queuePutDone 2 5 - | q.put(x)',
      'MainThread q queueGet -1 - - | print(q.get() is x, q.get() is x)',
      'MainThread q queueGetDone 1 4 - | print(q.get() is x, q.get() is x)',
      'MainThread q queueGet -1 - - | print(q.get() is x, q.get() is x)',
      'MainThread q queueGetDone 0 5 - | print(q.get() is x, q.get() is x)',
      'MainThread b queuePut -1 - - | b.put(1)',
      'MainThread b queuePutDone 1 1 - | b.put(1)',
      'MainThread b queuePut 0.01 - - | b.put(2, timeout=0.01)',
      'MainThread b queueFull - - - | b.put(2, timeout=0.01)',
      'MainThread b queueGet -1 - - | print(b.get())',
      'MainThread b queueGetDone 0 1 - | print(b.get())',
      'MainThread lock acquireRequest -1 - - | lock.acquire()',
      'MainThread lock acquired 1 1 -1 | lock.acquire()',
      'MainThread lock acquireRequest 0 - - | print(lock.acquire(False))',
      'MainThread lock acquireFailed 0 - - | print(lock.acquire(False))',
      'MainThread lock acquireRequest -1 - - | lock.acquire()  # waits',
      'later lock release 0 2 - | lock.release()',
      'MainThread lock acquired 1 3 2 | lock.acquire()  # waits',
      'MainThread q queueGet -1 - - | print(q.get())  # waits',
      "later q queuePut -1 - - | q.put('d')",
      "later q queuePutDone 1 6 - | q.put('d')",
      'MainThread q queueGetDone 0 6 - | print(q.get())  # waits',
      'MainThread lock release 0 4 - | lock.release()',
      'MainThread lock acquireRequest 1 - - | print(lock.acquire(timeout=1))',
      'MainThread lock acquired 1 5 -1 | print(lock.acquire(timeout=1))',
      'MainThread lock release 0 6 - | lock.release()',
    ]);
    const waits = new Map(['cond', 'ev'].map((n) => [run.prim(n).id, n]));
    const waitRows = run.trace.events
      .filter((e) => /^(cond|event)/.test(e.k) && waits.has(e.p!))
      .sort((x, y) => x.t - y.t)
      .map((e) => {
        const line = Number(/:(\d+)$/.exec(siteLine(run.trace.sites[e.at!])!)![1]);
        return `${run.threadById(e.th).name} ${waits.get(e.p!)} ${e.k} ${num(e.a)} ${num(e.q)} ${num(e.l)} | ${source[line - 1].trim()}`;
      });
    assert.deepEqual(waitRows, [
      'MainThread cond condWait -1 - - | print(cond.wait())  # waits',
      'later cond condNotify 1 1 - | cond.notify()',
      'MainThread cond condWake 1 - 1 | print(cond.wait())  # waits',
      'MainThread cond condWait 0.01 - - | print(cond.wait(0.01))',
      'MainThread cond condWake 0 - -1 | print(cond.wait(0.01))',
      'MainThread ev eventWait -1 - - | print(ev.wait())  # waits',
      'later ev eventSet - 1 - | ev.set()',
      'MainThread ev eventWake 1 - 1 | print(ev.wait())  # waits',
      'MainThread ev eventWait 0.01 - - | print(ev.wait(0.01))',
      'MainThread ev eventWake 1 - -1 | print(ev.wait(0.01))',
      'MainThread ev eventClear - - - | ev.clear()',
      'MainThread ev eventWait 0.01 - - | print(ev.wait(0.01))',
      'MainThread ev eventWake 0 - -1 | print(ev.wait(0.01))',
    ]);
  });

  test(`${py.label}: hostile scripts keep python3's output and status; their outcomes`, async () => {
    for (const [f, kind] of [
      ['hostile_raise.py', 'exception'],
      ['hostile_exit3.py', 'exited'],
      ['hostile_subclass.py', 'completed'],
      ['hostile_daemon.py', 'completed'],
      ['hostile_many.py', 'completed'],
      ['hostile_atexit.py', 'completed'],
      ['hostile_gc.py', 'completed'],
    ] as const) {
      const ref = plain(py, fx(f));
      const { run, stdout, stderr, status } = await traced(py, fx(f));
      assert.equal(status, ref.status, f);
      assert.equal(run.outcome.kind, kind, `${f}: ${run.describe()}`);
      if (f === 'hostile_subclass.py') {
        assert.deepEqual(stderr.split('\n').sort(), ref.stderr.split('\n').sort(), f); // logging from two threads, any order
        assert.equal(stdout, ref.stdout, f);
        assert.deepEqual(run.trace.primitives.map((p) => `${p.kind} ${p.name}`).sort(), ['Lock LOCK', 'Queue q']); // logging's own locks are not the user's
        assert.ok(
          run.events('acquired', { prim: 'LOCK', thread: 'worker-0' }).length + run.events('acquired', { prim: 'LOCK', thread: 'worker-1' }).length === 4,
        );
      } else {
        assert.equal(stdout, ref.stdout, f);
        assert.equal(stderr, ref.stderr, f);
      }
      if (f === 'hostile_raise.py') assert.match(run.outcome.summary, /MainThread raised ValueError: top level boom/);
      if (f === 'hostile_exit3.py') assert.equal(run.outcome.exitCode, 3);
      if (f === 'hostile_gc.py') assert.equal(stdout, 'frames in cyclic garbage: 0\n');
      if (f === 'hostile_daemon.py') assert.equal(run.thread('ticker').exit, 'cutoff');
      if (f === 'hostile_many.py') {
        assert.equal(run.trace.threads.length, 201);
        assert.equal(run.events('acquired', { prim: 'lock' }).length, 200);
        assert.ok(
          run.trace.threads.every((t) => t.exit === 'normal'),
          'every thread ended normally',
        );
      }
    }
  });
}
