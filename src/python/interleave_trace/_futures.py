"""concurrent.futures.ThreadPoolExecutor as a pool: submit is a put of a task, the task runs as a
span on its worker's lane, and Future.result()/exception() wait for that task's result (the same
events as a multiprocessing Pool, so the timeline links each result to the task that made it).

The executor's worker threads are traced threads (spawned by the submit that needed them), named
as Python names them (ThreadPoolExecutor-0_0): shutdown, or the interpreter's exit, joins them as
any thread is joined, and their lanes end when they do.
"""
import itertools
import os
import queue
import _thread
from concurrent.futures import _base, thread as _cft

from . import _rec, _threads
from ._rec import K, NAN, emit, site
from ._state import cur, new_prim
from ._locks import _AcceptsOriginals, _internal_or_new

_OrigExecutor = _cft.ThreadPoolExecutor
_orig_result = _base.Future.result
_orig_exception = _base.Future.exception
_orig_wait = _base.wait
_orig_as_completed = _base.as_completed
_names = {}  # a function's name -> its string id (a forked child numbers its strings anew)
os.register_at_fork(after_in_child=_names.clear)


def _fn_name(fn):
    name = getattr(fn, '__qualname__', None) or getattr(fn, '__name__', None) or repr(fn)
    sid = _names.get(name)
    if sid is None:
        sid = _names[name] = _rec.add_string(name)
    return sid


def submitted(ts, pid, task, size, at):
    """Task `task` was put into pool `pid`: a put that never waits, its two events at one time
    (so no span of waiting for room lies between them)."""
    t = _rec.clock()
    b = ts.buf
    b += (t, K.queuePut, pid, -1.0, NAN, NAN, at, t, K.queuePutDone, pid, size, task, NAN, at)
    if len(b) >= _rec.FULL:
        _rec.flush_ring(ts)


class _WorkQueue(queue.SimpleQueue.__base__ if queue.SimpleQueue.__module__ != '_queue' else queue.SimpleQueue):
    """The executor's queue of work items: a worker waiting here waits for a task (its lane says so,
    and the watchdog counts it as waiting); each get is linked to the submit of its task."""

    def get(self, block=True, timeout=None):
        pool = self._il_pool
        ts = cur()
        emit(ts, K.queueGet, pool._il_id, -1.0 if block and timeout is None else 0.0, NAN, NAN, -1)
        ts.wait('pool.next', pool, timeout is not None or not block, -1)
        try:
            item = super().get(block, timeout)
        finally:
            ts.unwait()
        task = getattr(getattr(item, 'fn', None), '_il_task', -1)
        emit(ts, K.queueGetDone, pool._il_id, self.qsize(), task, NAN, -1)
        return item


class ThreadPoolExecutor(_OrigExecutor, metaclass=_AcceptsOriginals):
    _il_original = _OrigExecutor

    def __new__(cls, *args, **kwargs):
        return _internal_or_new(cls, ThreadPoolExecutor, _OrigExecutor, args, kwargs)

    def __init__(self, max_workers=None, thread_name_prefix='', initializer=None, initargs=()):
        _OrigExecutor.__init__(self, max_workers, thread_name_prefix, initializer, initargs)
        self._il_tasks = itertools.count(1)
        self._il_id = new_prim(self, 'Pool', init={'processes': self._max_workers, 'threads': True})
        self._work_queue = _WorkQueue()
        self._work_queue._il_pool = self

    def _adjust_thread_count(self):
        me = _thread.get_ident()
        _threads.spawning_workers.add(me)
        try:
            _OrigExecutor._adjust_thread_count(self)
        finally:
            _threads.spawning_workers.discard(me)

    def submit(self, fn, /, *args, **kwargs):
        ts = cur()
        at = site()
        pid = self._il_id
        task = next(self._il_tasks)
        fn_name = _fn_name(fn)

        def run():
            wts = cur()
            emit(wts, K.poolTaskStart, pid, fn_name, task, NAN, -1)
            ok = 0
            try:
                value = fn(*args, **kwargs)
                ok = 1
                return value
            finally:
                emit(wts, K.poolTaskEnd, pid, ok, task, NAN, -1)

        run._il_task = task
        # Recorded before the put itself: a worker may take the task before submit() returns.
        submitted(ts, pid, task, self._work_queue.qsize() + 1, at)
        fut = _OrigExecutor.submit(self, run)
        fut._il = (self, task)
        return fut


ThreadPoolExecutor.__module__ = 'concurrent.futures.thread'
ThreadPoolExecutor.__qualname__ = ThreadPoolExecutor.__name__ = 'ThreadPoolExecutor'


def _waiting(orig):
    def wait_for_task(self, timeout=None):
        il = getattr(self, '_il', None)
        if il is None:
            return orig(self, timeout)
        pool, task = il
        ts = cur()
        at = site()
        emit(ts, K.poolResultWait, pool._il_id, -1.0 if timeout is None else float(timeout), task, NAN, at)
        ready = 1
        ts.wait('pool.result', pool, timeout is not None, at)
        try:
            return orig(self, timeout)
        except _base.TimeoutError:
            ready = 0
            raise
        finally:
            ts.unwait()
            emit(ts, K.poolResultDone, pool._il_id, ready, task, NAN, at)

    wait_for_task.__name__ = orig.__name__
    wait_for_task.__qualname__ = orig.__qualname__
    wait_for_task.__doc__ = orig.__doc__
    return wait_for_task


def _traced(fs):
    """The traced futures among `fs` as (future, pool, task), and the pool the wait is drawn on."""
    out = [(f,) + f._il for f in fs if getattr(f, '_il', None) is not None]
    return out, (out[0][1] if out else None)


def _done(ts, futures, timed_out, at):
    """The end of a wait for any of the futures: one poolResultDone per future it found done, each
    linked to its task's end (one with no task when none was)."""
    n = 0
    for f, pool, task in futures:
        if f.done():
            emit(ts, K.poolResultDone, pool._il_id, 1, task, NAN, at)
            n += 1
    if not n:
        emit(ts, K.poolResultDone, futures[0][1]._il_id, 0 if timed_out else 1, NAN, NAN, at)


def wait(fs, timeout=None, return_when=_base.ALL_COMPLETED):
    fs = set(fs) if not isinstance(fs, (set, frozenset)) else fs
    futures, pool = _traced(fs)
    if pool is None:
        return _orig_wait(fs, timeout, return_when)
    ts = cur()
    at = site()
    emit(ts, K.poolResultWait, pool._il_id, -1.0 if timeout is None else float(timeout), NAN, NAN, at)
    ts.wait('pool.result', pool, timeout is not None, at)
    try:
        result = _orig_wait(fs, timeout, return_when)
    finally:
        ts.unwait()
    done = set(result.done)
    _done(ts, [x for x in futures if x[0] in done], bool(result.not_done), at)
    return result


def as_completed(fs, timeout=None):
    """Each future it yields ends a wait for "any task" (sited at the loop that asked for the next)."""
    fs = set(fs) if not isinstance(fs, (set, frozenset)) else fs
    futures, pool = _traced(fs)
    it = _orig_as_completed(fs, timeout)
    if pool is None:
        yield from it
        return
    by_future = {x[0]: x for x in futures}
    while True:
        ts = cur()
        at = site()
        emit(ts, K.poolResultWait, pool._il_id, -1.0 if timeout is None else float(timeout), NAN, NAN, at)
        ts.wait('pool.result', pool, timeout is not None, at)
        try:
            f = next(it)
        except StopIteration:
            ts.unwait()
            emit(ts, K.poolResultDone, pool._il_id, 1, NAN, NAN, at)
            return
        except _base.TimeoutError:
            ts.unwait()
            emit(ts, K.poolResultDone, pool._il_id, 0, NAN, NAN, at)
            raise
        ts.unwait()
        x = by_future.get(f)
        if x is not None:
            emit(ts, K.poolResultDone, x[1]._il_id, 1, x[2], NAN, at)
        else:
            emit(ts, K.poolResultDone, pool._il_id, 1, NAN, NAN, at)
        yield f


for _f, _orig in ((wait, _orig_wait), (as_completed, _orig_as_completed)):
    _f.__doc__ = _orig.__doc__
    _f.__module__ = _orig.__module__


def install():
    import concurrent.futures as cf
    _cft.ThreadPoolExecutor = ThreadPoolExecutor
    cf.ThreadPoolExecutor = ThreadPoolExecutor
    _base.Future.result = _waiting(_orig_result)
    _base.Future.exception = _waiting(_orig_exception)
    _base.wait = cf.wait = wait
    _base.as_completed = cf.as_completed = as_completed
