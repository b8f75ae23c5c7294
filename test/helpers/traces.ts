// Small scenario traces for the browser tests, made by the trace simulator (synthetic.ts) in
// the shape the runtime records them. Real runs of the examples replace them where the CLI exists.
import { Sim, acquire, join, sleep } from './synthetic';
import type { Trace } from '../../src/core/trace/format';

const ms = (x: number) => Math.round(x * 1e6);

/** The seed's Lock example: worker1 takes the lock, then `with lock` takes it again and blocks on itself. */
export function lockDeadlockTrace(): Trace {
  const sim = new Sim('lock-deadlock.ts');
  let lock = 0;
  let w1 = 0;
  let w2 = 0;
  sim.thread(
    'MainThread',
    function* (s, th) {
      lock = s.prim('Lock', 'lock', 3);
      w1 = s.thread(
        'worker1',
        function* (s2, me) {
          yield* acquire(s2, me, lock, 8);
          s2.emit(me, 'log', { a: s2.string('worker1 has the lock'), at: s2.site(9) });
          yield { op: 'run', ns: ms(120) };
          yield* acquire(s2, me, lock, 11); // `with lock:` — a Lock is not re-entrant
        },
        th,
        20,
      );
      w2 = s.thread(
        'worker2',
        function* (s2, me) {
          yield* sleep(s2, me, ms(50), 15);
          yield* acquire(s2, me, lock, 16);
        },
        th,
        21,
      );
      yield { op: 'run', ns: ms(5) };
      yield* join(s, th, w1, 23);
    },
    0,
    1,
  );
  sim.run();
  const since = (th: number) => sim.events.filter((e) => e.th === th && e.k === 'acquireRequest').at(-1)!.t;
  const sinceJoin = sim.events.find((e) => e.k === 'joinBegin')!.t;
  sim.stop(ms(200));
  return sim.trace(
    {
      kind: 'deadlock',
      summary: 'Deadlock: worker1 waits for Lock `lock`, which it already holds',
      explanation:
        'worker1 acquired Lock `lock` at lock-deadlock.ts:8, then asked for it again at lock-deadlock.ts:11. A Lock is not re-entrant: it waits for itself.\n' +
        'worker2 waits for Lock `lock` (held by worker1) at lock-deadlock.ts:16.\nMainThread waits in join(worker1) at lock-deadlock.ts:23.',
      cycle: [w1],
      stuck: [
        { thread: w1, op: 'acquire', on: lock, heldBy: [w1], holds: [lock], at: sim.site(11), since: since(w1) },
        { thread: w2, op: 'acquire', on: lock, heldBy: [w1], holds: [], at: sim.site(16), since: since(w2) },
        { thread: 1, op: 'join', on: w1, heldBy: [w1], holds: [], at: sim.site(23), since: sinceJoin },
      ],
    },
    'Lock: the seed example deadlocks',
  );
}

/** Two threads take two locks in opposite orders: the classic loop. */
export function abbaDeadlockTrace(): Trace {
  const sim = new Sim('abba.ts');
  let a = 0;
  let b = 0;
  const ids: number[] = [];
  sim.thread(
    'MainThread',
    function* (s, th) {
      a = s.prim('Lock', 'forkA', 3);
      b = s.prim('Lock', 'forkB', 4);
      for (const [name, first, second] of [
        ['alice', () => a, () => b],
        ['bob', () => b, () => a],
      ] as const)
        ids.push(
          s.thread(
            name,
            function* (s2, me) {
              yield* acquire(s2, me, first(), 8);
              yield { op: 'run', ns: ms(30) };
              yield* acquire(s2, me, second(), 10);
            },
            th,
            14,
          ),
        );
      for (const id of ids) yield* join(s, th, id, 16);
    },
    0,
    1,
  );
  sim.run();
  const since = (th: number) => sim.events.filter((e) => e.th === th && e.k === 'acquireRequest').at(-1)!.t;
  sim.stop(ms(150));
  const [alice, bob] = ids;
  return sim.trace(
    {
      kind: 'deadlock',
      summary: 'Deadlock: alice and bob each wait for the lock the other holds',
      explanation: 'alice holds Lock `forkA` and waits for Lock `forkB` at abba.ts:10.\nbob holds Lock `forkB` and waits for Lock `forkA` at abba.ts:10.',
      cycle: [alice, bob],
      stuck: [
        { thread: alice, op: 'acquire', on: b, heldBy: [bob], holds: [a], at: sim.site(10), since: since(alice) },
        { thread: bob, op: 'acquire', on: a, heldBy: [alice], holds: [b], at: sim.site(10), since: since(bob) },
      ],
    },
    'Two locks, opposite orders',
  );
}

/** Semaphore(2) and three workers: the third waits until one of the first two releases. */
export function semaphoreTrace(): Trace {
  const sim = new Sim('semaphore.ts');
  sim.thread(
    'MainThread',
    function* (s, th) {
      const sem = s.prim('Semaphore', 'pool', 3, { value: 2 });
      const ids = [1, 2, 3].map((i) =>
        s.thread(
          `worker${i}`,
          function* (s2, me) {
            yield { op: 'run', ns: ms(2 * i) };
            yield* acquire(s2, me, sem, 7);
            yield* sleep(s2, me, ms(100 + 20 * i), 8);
            s2.release(me, sem, s2.site(9));
          },
          th,
          12,
        ),
      );
      for (const id of ids) yield* join(s, th, id, 14);
    },
    0,
    1,
  );
  sim.run();
  return sim.trace({ kind: 'completed', summary: 'Completed', explanation: 'Every thread finished.' }, 'Semaphore(2) with three workers');
}
