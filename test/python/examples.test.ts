// The Python twins of the examples (examples/python): listed beside the scenarios, each runs under
// the tracer with python3's own output, and its trace shows what its first comment line promises.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { builtinExamples } from '../../src/runtime/host/run';
import { CLI, EXAMPLES_PY, interpreters, lineOf, plain, siteLine, traced } from './pythons';

const py = interpreters().at(-1)!;
const ex = (f: string) => join(EXAMPLES_PY, f);

test('listed by builtinExamples() and `interleave examples`, each with a one-line description', () => {
  const listed = builtinExamples(join(__dirname, '..', '..', 'dist')).filter((e) => e.language === 'python');
  assert.deepEqual(
    listed.map((e) => e.name),
    [
      'barrier.py',
      'condition.py',
      'daemon-join.py',
      'daemon.py',
      'enumerate.py',
      'event.py',
      'lock-deadlock.py',
      'multiprocessing-pool.py',
      'multiprocessing-queue.py',
      'queue-producer-consumer.py',
      'rlock.py',
      'semaphore.py',
      'thread-pool.py',
      'threads.py',
      'timer.py',
    ],
  );
  const out = spawnSync(process.execPath, [CLI, 'examples'], { encoding: 'utf8' }).stdout;
  for (const e of listed) {
    assert.ok(e.description.length > 20 && e.description.length <= 80, `${e.name}: '${e.description}'`);
    assert.ok(
      out.split('\n').some((l) => l.startsWith(`${e.name} `) && l.endsWith(e.description)),
      e.name,
    );
  }
});

test('each example prints what python3 prints and ends as expected', async () => {
  const expected: Record<string, string> = { 'lock-deadlock.py': 'deadlock' };
  for (const e of builtinExamples(join(__dirname, '..', '..', 'dist')).filter((x) => x.language === 'python')) {
    const { run, stdout } = await traced(py, e.file);
    assert.equal(run.outcome.kind, expected[e.name] ?? 'completed', `${e.name}: ${run.describe()}`);
    // Children print as they run (in the order they get the lock, or as items arrive): compare the lines as a set there.
    const same = (x: string) => (e.name.startsWith('multiprocessing-') ? x.split('\n').sort().join('\n') : x);
    if (e.name !== 'lock-deadlock.py') assert.equal(same(stdout), same(plain(py, e.file).stdout), e.name);
  }
});

test('what each trace shows: holds, waits, wake-up links, cut-off daemons, timers', async () => {
  const rlock = (await traced(py, ex('rlock.py'))).run;
  const w1 = rlock.trace.threads.find((t) => t.name.includes('worker1'))!.name;
  const w2 = rlock.trace.threads.find((t) => t.name.includes('worker2'))!.name;
  assert.deepEqual(
    rlock.events('acquired', { thread: w1, prim: 'lock' }).map((e) => e.a),
    [1, 2],
  );
  const granted = rlock.events('acquired', { thread: w2, prim: 'lock' })[0];
  assert.equal(granted.l, rlock.events('release', { thread: w1, prim: 'lock' }).at(-1)!.q, "worker2 got the lock from worker1's last release");
  assert.equal(rlock.spansIn(w2, 'blocked', 'lock').length, 1);

  const sem = (await traced(py, ex('semaphore.py'))).run;
  const third = sem.trace.threads.find((t) => sem.spansIn(t.name, 'blocked', 'semaphore').length)!;
  const got = sem.events('acquired', { thread: third.name, prim: 'semaphore' })[0];
  assert.ok(
    sem.events('release', { prim: 'semaphore' }).some((r) => r.q === got.l && r.th !== third.id),
    "woken by another worker's release",
  );

  const q = (await traced(py, ex('queue-producer-consumer.py'))).run;
  const puts = new Map(q.events('queuePutDone', { prim: 'q' }).map((e) => [e.q, e]));
  const gets = q.events('queueGetDone', { prim: 'q' });
  assert.equal(gets.length, 10);
  for (const g of gets) assert.ok(puts.get(g.q)!.t <= g.t);
  assert.ok(q.spansIn('producer', 'waiting', 'q').length >= 1, 'the producer waits for room (maxsize 3)');

  // multiprocessing.Queue: every get in the consumer process takes an item the producer process put (an arrow between their lanes).
  const mpq = (await traced(py, ex('multiprocessing-queue.py'))).run;
  const lane = (name: string) => mpq.trace.threads.find((t) => t.process === mpq.trace.processes!.find((p) => p.name === name)!.id)!;
  const [producer, consumer] = [lane('producer'), lane('consumer')];
  const mpPuts = new Map(mpq.events('queuePutDone', { prim: 'q' }).map((e) => [e.q, e]));
  const mpGets = mpq.events('queueGetDone', { prim: 'q' });
  assert.equal(mpGets.length, 6, 'five items and the None');
  for (const g of mpGets) {
    assert.equal(g.th, consumer.id);
    assert.equal(mpPuts.get(g.q)?.th, producer.id);
  }
  assert.equal(mpq.model.links.filter((l) => l.kind === 'put-get' && l.fromThread === producer.id && l.toThread === consumer.id).length, 6);
  const producerLane = mpq.model.spans[mpq.trace.threads.indexOf(producer)];
  assert.ok(
    producerLane.some((s) => s.state === 'waiting' && s.on === mpq.prim('q').id),
    'the producer waits for room (maxsize 2)',
  );

  // multiprocessing.Pool: map's six tasks each on the worker process that ran it, MainThread's wait in map() linked from each.
  const mpp = (await traced(py, ex('multiprocessing-pool.py'))).run;
  const poolTasks = mpp.model.tasks!;
  assert.deepEqual(
    poolTasks.map((t) => [t.task, t.fn]).sort((a, b) => Number(a[0]) - Number(b[0])),
    [1, 2, 3, 4, 5, 6].map((n) => [n, 'square']),
  );
  for (const t of poolTasks) assert.match(mpp.trace.processes!.find((p) => p.id === mpp.threadById(t.thread).process)!.name, /^ForkPoolWorker-\d+$/);
  const mapWait = mpp.spansIn('MainThread', 'waiting', 'pool')[0];
  assert.equal(mapWait.reason, 'waits for the results of tasks 1–6 of Pool `pool`');
  assert.equal(mpp.model.links.filter((l) => l.kind === 'put-get' && l.toThread === mpp.thread('MainThread').id && l.toT === mapWait.end).length, 6);

  const ev = (await traced(py, ex('event.py'))).run;
  const set = ev.events('eventSet', { thread: 'setter', prim: 'event' })[0];
  for (const w of ['waiter1', 'waiter2']) assert.equal(ev.events('eventWake', { thread: w, prim: 'event' })[0].l, set.q);

  const cond = (await traced(py, ex('condition.py'))).run;
  assert.equal(cond.events('condWake', { thread: 'consumer', prim: 'cond' })[0].l, cond.events('condNotify', { thread: 'producer', prim: 'cond' })[0].q);

  const bar = (await traced(py, ex('barrier.py'))).run;
  const passes = bar.events('barrierPass', { prim: 'barrier' });
  assert.deepEqual(passes.map((p) => p.a).sort(), [0, 1, 2]);
  assert.equal(new Set(passes.map((p) => p.l)).size, 1);

  const daemon = (await traced(py, ex('daemon.py'))).run;
  assert.equal(daemon.trace.threads.find((t) => t.name.includes('worker1'))!.exit, 'cutoff');
  assert.equal(daemon.trace.threads.find((t) => t.name.includes('worker2'))!.exit, 'normal');

  const timer = (await traced(py, ex('timer.py'))).run;
  const [fires, cancelled] = timer.trace.threads.filter((t) => t.timerInterval !== undefined);
  assert.equal(fires.timerInterval, 0.3);
  assert.equal(timer.events('timerCancel')[0].p, cancelled.id);
  assert.ok(
    timer.spansIn(fires.name, 'waiting').some((s) => s.end - s.start > 0.25e9),
    'the timer waits its interval',
  );
});

for (const py of interpreters()) {
  test(`${py.label}: thread-pool.py: tasks on two workers, the results linked, and the shutdown at the end of \`with\` joins the workers`, async () => {
    const pool = (await traced(py, ex('thread-pool.py'))).run;
    assert.equal(pool.prim('pool').kind, 'Pool');
    const tasks = pool.model.tasks ?? [];
    assert.equal(tasks.length, 6, 'four submits and a map of two');
    assert.deepEqual(new Set(tasks.map((t) => pool.threadById(t.thread).name)), new Set(['ThreadPoolExecutor-0_0', 'ThreadPoolExecutor-0_1']));
    assert.ok(
      tasks.every((t) => t.ok && t.by === 1),
      'every task submitted by MainThread, returned',
    );
    const results = pool.events('poolResultDone', { thread: 'MainThread', prim: 'pool' });
    assert.deepEqual(
      results.slice(0, 4).map((e) => e.q),
      [1, 2, 3, 4],
    );
    assert.ok(pool.spansIn('MainThread', 'waiting', 'pool').length >= 1, 'MainThread waits in result()');
    // Leaving the `with` block shuts the pool down: MainThread joins each worker there, and each
    // worker's lane ends (normally, not cut off) before the join that waited for it returns.
    // (Python 3.9 puts a `with` block's exit on the block's last line.)
    const withLine = `thread-pool.py:${lineOf(ex('thread-pool.py'), py.label.startsWith('3.9.') ? 'pool.map(work' : 'with concurrent.futures')}`;
    for (const name of ['ThreadPoolExecutor-0_0', 'ThreadPoolExecutor-0_1']) {
      const worker = pool.thread(name);
      assert.equal(worker.exit, 'normal', `${name} ended ${worker.exit}`);
      assert.equal(pool.spans(name).at(-1)!.state, 'done');
      const spawn = pool.events('threadSpawn', { thread: 'MainThread' }).find((e) => e.p === worker.id);
      assert.equal(siteLine(pool.trace.sites[spawn!.at!]), `thread-pool.py:${lineOf(ex('thread-pool.py'), 'pool.submit(work, n)')}`);
      const join = pool.events('joinBegin', { thread: 'MainThread' }).filter((e) => e.p === worker.id);
      assert.equal(join.length, 1, `one join of ${name}`);
      assert.equal(siteLine(pool.trace.sites[join[0].at!]), withLine);
      const joined = pool.events('joinEnd', { thread: 'MainThread' }).find((e) => e.p === worker.id)!;
      assert.ok(worker.end! <= joined.t, `${name} ended before its join returned`);
      assert.ok(
        pool.spansIn('MainThread', 'joining').some((s) => s.on === worker.id),
        `MainThread's lane shows it joining ${name}`,
      );
    }
  });
}
