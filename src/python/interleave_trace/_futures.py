"""concurrent.futures.ThreadPoolExecutor as a pool: submit is a put of a task, the task runs as a
span on its worker's lane, and Future.result()/exception() wait for that task's result (the same
events as a multiprocessing Pool, so the timeline links each result to the task that made it).

The executor's worker threads are the standard library's own; each gets a lane when it first
runs a task (adopted), named as Python names it (ThreadPoolExecutor-0_0).
"""
import itertools
import queue
from concurrent.futures import _base, thread as _cft

from . import _rec
from ._rec import K, NAN, emit, site
from ._state import cur, new_prim
from ._locks import _AcceptsOriginals, _internal_or_new

_OrigExecutor = _cft.ThreadPoolExecutor
_orig_result = _base.Future.result
_orig_exception = _base.Future.exception
_names = {}


def _fn_name(fn):
    name = getattr(fn, '__qualname__', None) or getattr(fn, '__name__', None) or repr(fn)
    sid = _names.get(name)
    if sid is None:
        sid = _names[name] = _rec.add_string(name)
    return sid


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

    def submit(self, fn, /, *args, **kwargs):
        ts = cur()
        at = site()
        pid = self._il_id
        task = next(self._il_tasks)
        fn_name = _fn_name(fn)
        emit(ts, K.queuePut, pid, 0.0, NAN, NAN, at)

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
        emit(ts, K.queuePutDone, pid, self._work_queue.qsize() + 1, task, NAN, at)
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


def install():
    import concurrent.futures as cf
    _cft.ThreadPoolExecutor = ThreadPoolExecutor
    cf.ThreadPoolExecutor = ThreadPoolExecutor
    _base.Future.result = _waiting(_orig_result)
    _base.Future.exception = _waiting(_orig_exception)
