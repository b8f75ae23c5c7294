// Entry of every scenario thread's worker. It maps the shared buffers, makes `interleave` resolve
// to the runtime, loads the scenario bundle (the module's top level runs in every thread, as the
// docs warn), then runs MainThread's scenario or one Thread's target when the runner says so.
import Module from 'node:module';
import { deserialize } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import * as api from '../api/index';
import { isScenario } from '../api/scenario';
import { setContext, ThreadContext, type StartSpec } from './context';
import type { BootMessage, ParkedInit, RunnerToWorker, WorkerInit, WorkerToRunner } from './protocol';
import { fromWire } from './marshal';
import { Recorder } from '../shm/ring';
import { RealtimeScheduler, type Scheduler } from '../sched/scheduler';
import { ControlledScheduler, RunAbort } from '../sched/controlled';
import { virtualizeClocks } from '../sched/clocks';
import { describeNextOp } from '../sched/describe';
import { exploreLoop } from '../sched/explore-worker';
import { freshModuleLoader } from '../sched/fresh-module';
import { SharedHeap } from '../shm/heap';
import { POOL_INDEX, Slot, ThreadState, slotIndex } from '../shm/layout';
import { SiteCapture } from './sites';
import { enumerate, forgetThreads, joinThread, Thread } from './thread';
import { invokeExcepthook } from './excepthook';
import { forgetLocals } from './local';
import { nativeThreadId } from './native-id';
import { EventKind, ExitReason } from '../../core/trace/kinds';
import { formatThreadError } from './errors-format';
import { builtinTarget } from './targets';

const port = parentPort!;
const post = (m: WorkerToRunner) => port.postMessage(m);
// Set once by boot(); every function below runs after it.
let init: WorkerInit;
let heap: SharedHeap;
let sched: Scheduler;
let c: ThreadContext;

function boot(i: WorkerInit): void {
  init = i;
  heap = new SharedHeap(init.heap, init.control);
  const controlled: ControlledScheduler | undefined = init.sched
    ? new ControlledScheduler(init.sched, new Int32Array(init.control), heap.i32, {
        tid: () => c.tid,
        publish: () => c.rec.publish(),
        describe: () => describeNextOp(c),
        holdsLock: () => c.locksHeld > 0,
      })
    : undefined;
  sched = controlled ?? new RealtimeScheduler();
  if (controlled) virtualizeClocks(controlled);
  c = new ThreadContext(
    init.control,
    heap,
    sched,
    new Recorder(init.ring, controlled ? controlled.stamp : () => sched.now(), new Int32Array(init.control), !controlled),
    new SiteCapture(heap, init.bundlePath, init.sourceMap, init.captureSites),
    init.sleepScale,
    post,
  );
  c.raceFields = new Set(init.raceFields);
  setContext(c);
  port.on('message', (m: RunnerToWorker) => {
    if (m.type === 'main') runMain(m.scenario);
  });
  if (loadScenarioModule()) afterLoad();
}

type Loader = (request: string, parent: unknown, isMain: boolean) => unknown;
const moduleWithLoad = Module as unknown as { _load: Loader };
const load = moduleWithLoad._load;
moduleWithLoad._load = function (request, parent, isMain) {
  return request === 'interleave' ? api : load.call(this, request, parent, isMain);
};

function loadScenarioModule(load = () => require(init.bundlePath) as Record<string, unknown>): boolean {
  c.loading = true;
  try {
    c.exports = load();
    return true;
  } catch (e) {
    const err = e as Error;
    post({ type: 'loadError', message: err?.message ?? String(e), stack: formatThreadError(err) });
    return false;
  } finally {
    c.loading = false;
  }
}

function runThread(tid: number, body: () => unknown): void {
  c.tid = tid;
  c.rec.setThread(tid);
  sched.enter();
  const state = slotIndex(tid, Slot.STATE);
  c.ctl[slotIndex(tid, Slot.NATIVE_ID)] = nativeThreadId();
  Atomics.store(c.ctl, state, ThreadState.running);
  sched.wake(c.ctl, state, Infinity);
  c.emit(EventKind.threadStart, c.ctl[slotIndex(tid, Slot.PARENT)], 0, -1, -1, 0);
  let exit: number = ExitReason.normal;
  const finish = () => {
    if (tid === 1) shutdown();
    c.emit(EventKind.threadEnd, 0, exit, -1, -1, 0);
    c.rec.publish();
    c.ctl[slotIndex(tid, Slot.EXIT)] = exit;
    Atomics.store(c.ctl, state, ThreadState.done);
    sched.wake(c.ctl, state, Infinity);
    sched.exit();
    if (tid === 1) post({ type: 'mainDone', raised: exit === ExitReason.exception });
    else post({ type: 'ended', tid });
  };
  const fail = (e: unknown) => {
    exit = ExitReason.exception;
    const text = formatThreadError(e);
    c.emit(EventKind.threadException, 0, heap.writeString(text), -1, -1, 0);
    // MainThread's exception is the run's outcome (sys.excepthook's, in Python); a torn-down run's unwinding is no exception.
    if (tid !== 1 && !(e instanceof RunAbort)) invokeExcepthook(e, Thread.forTid(tid));
  };
  try {
    const result = body();
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      (result as Promise<unknown>).then(finish, (e) => {
        fail(e);
        finish();
      });
      return;
    }
  } catch (e) {
    fail(e);
  }
  finish();
}

/** Python's threading._shutdown: MainThread waits for every non-daemon thread before exit. */
function shutdown(): void {
  for (;;) {
    const waitFor = enumerate().filter((t) => t.tid !== 1 && !t.daemon);
    if (waitFor.length === 0) return;
    for (const t of waitFor) joinThread(t.tid, null, 0, true);
  }
}

function targetOf(name: string): (...a: unknown[]) => unknown {
  const fn = builtinTarget(name) ?? c.exports[name];
  if (typeof fn !== 'function') throw new TypeError(`internal: export '${name}' is not a function`);
  return fn as (...a: unknown[]) => unknown;
}

/** Runs the thread a starter handed us through our mailbox: its copy of the Thread object (START slot), run(). */
function runHandedThread(tid: number): void {
  post({ type: 'running', tid });
  // Made inside the thread: reviving its arguments may run code (a local subclass's constructor).
  runThread(tid, () => {
    const targetRef = c.ctl[slotIndex(tid, Slot.TARGET)];
    const target = targetRef ? targetOf(heap.readString(targetRef)) : undefined;
    const spec = fromWire(deserialize(heap.readBytes(c.ctl[slotIndex(tid, Slot.START)]))) as StartSpec;
    return Thread.adopt(tid, spec, target, c.exports).run();
  });
}

function runMain(scenario: string): void {
  const s = c.exports[scenario];
  runThread(1, () => (isScenario(s) ? s.main() : undefined));
}

function afterLoad(): void {
  const scenarios = Object.entries(c.exports)
    .filter(([, v]) => isScenario(v))
    .map(([name, v]) => ({ name, title: (v as api.Scenario).title }));
  post({ type: 'loaded', scenarios });
  if (init.role === 'pool') {
    // Idle until handed a thread; the runner may have handed one already, while we loaded.
    const mb = POOL_INDEX + init.mailbox;
    Atomics.compareExchange(c.ctl, mb, -1, 0);
    while (Atomics.load(c.ctl, mb) === 0) Atomics.wait(c.ctl, mb, 0);
    runHandedThread(Atomics.load(c.ctl, mb));
  } else if (init.role === 'explore') {
    const fresh = freshModuleLoader(init.bundlePath);
    exploreLoop(c.ctl, init.sched!, init.mailbox, {
      run: (tid) => (tid === 1 ? runMain(init.scenario!) : runHandedThread(tid)),
      // Every thread loads the module afresh, as in a real run: a new instance, nothing kept from the last run.
      reload: () => {
        c.tid = 0;
        forgetThreads();
        forgetLocals();
        return loadScenarioModule(fresh);
      },
    });
  }
}

const data = workerData as WorkerInit | ParkedInit;
if ('parked' in data) port.once('message', (m: BootMessage) => boot(m.init));
else boot(data);
