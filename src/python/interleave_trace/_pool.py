"""multiprocessing.Pool recorded as the TypeScript runtime records its Pool (src/runtime/mp/pool.ts):
map, starmap, apply_async, imap and imap_unordered (and their _async forms) submit tasks — a
chunk of calls of one function, numbered from 1 per pool — as puts on the pool; the worker that
takes a task records the get and the task as a span (poolTaskStart/poolTaskEnd, the function's
name, raised or returned); a result's get(), wait(), map() itself or an imap step is a wait on the
pool whose end is linked to each task it delivered.

Only the user's code is instrumented, not the pipes: the pool's task and result queues stay the
standard library's. A task travels to its worker with its number, and the worker's own loop
(`worker`) gets its queues wrapped (_tasks.py). Submissions are recorded by the result object
the pool makes for them (ApplyResult, MapResult, IMapIterator); deliveries by the pool's result
thread calling its `_set` (recorded only as which task, in order: that thread has no lane).

Pools of the fork and spawn start methods are traced (forkserver's workers are not). ThreadPool
(its workers are threads of this process) is left as the standard library's.
"""
import itertools
import threading

from multiprocessing import TimeoutError as _TimeoutError, pool as _pool, queues as _queues

from . import _rec
from ._child import replace
from ._futures import submitted
from ._rec import K, NAN, emit, site
from ._state import cur, new_prim
from ._tasks import Task, readable, worker_queues

_orig = {}
_STARS = (_pool.mapstar, _pool.starmapstar)


def _secs(timeout):
    return -1.0 if timeout is None else float(timeout)


class _TaskQueue(_queues.SimpleQueue):
    """A traced pool's task queue: it carries the pool's primitive to the workers (a spawned one
    adopts it as it unpickles the queue; a forked one inherits it)."""

    def __getstate__(self):
        return (_queues.SimpleQueue.__getstate__(self), self._il_info)

    def __setstate__(self, state):
        from . import _mp
        _queues.SimpleQueue.__setstate__(self, state[0])
        _mp._adopt(self, state[1], None)


# --- the parent: the pool, its submissions and its results ---------------------------------

def _repopulate_pool(self):
    # First called by __init__ before any worker starts (a forked one must inherit the primitive),
    # in the user's thread (the primitive's site is the line that made the pool).
    if not hasattr(self, '_il_id'):
        self._il_id = None
        if type(self._inqueue) is _queues.SimpleQueue and self._ctx.get_start_method() in ('fork', 'spawn'):
            _register(self)
    return _orig['Pool._repopulate_pool'](self)


def _register(pool):
    pid = pool._il_id = new_prim(pool, 'Pool', init={'processes': pool._processes, 'crossProcess': True}, key=True)
    pool._il_count = itertools.count(1)
    q = pool._inqueue
    q.__class__ = _TaskQueue
    q._il_id = pid
    q._il_info = pool._il_info
    send = pool._quick_put

    def put(task):
        # The pool's task thread hands each task to the pipe here: it travels with its number.
        if task is not None:
            job, i, func, args, kwds = task
            r = pool._cache.get(job)
            tids = getattr(r, '_il_tids', None)
            if tids is not None and func is not _pool._helper_reraises_exception:
                tid = tids.get(i)
                if tid is None:
                    tid = tids[i] = _lazy_submit(pool, r)
                task = (job, i, Task(tid, func), args, kwds)
        send(task)

    pool._quick_put = put


def _submit(r, n):
    """A result object of a traced pool was made for `n` tasks (-1: as its iterable is read)."""
    pool = r._pool
    pid = getattr(pool, '_il_id', None)
    if pid is None:
        return
    r._il_pool = pool
    r._il_tids = {}
    r._il_done = []  # the tasks' indexes, as their results arrived
    r._il_seen = 0  # how many of them a wait has reported
    ts = cur()
    at = site()
    if n < 0:
        r._il_by = (ts, at)
        return
    for i in range(n):
        tid = r._il_tids[i] = next(pool._il_count)
        submitted(ts, pid, tid, NAN, at)


def _lazy_submit(pool, r):
    """imap over an iterable with no length reads it in the pool's task thread, task by task: each
    put is recorded, as it happens, on the lane of the thread that called imap."""
    tid = next(pool._il_count)
    ts, at = r._il_by
    submitted(ts, pool._il_id, tid, NAN, at)
    return tid


def _apply_init(self, *args, **kwargs):
    _orig['ApplyResult.__init__'](self, *args, **kwargs)
    if type(self) is _pool.ApplyResult:
        _submit(self, 1)


def _map_init(self, *args, **kwargs):
    _orig['MapResult.__init__'](self, *args, **kwargs)
    _submit(self, self._number_left)


def _imap_init(self, *args, **kwargs):
    _orig['IMapIterator.__init__'](self, *args, **kwargs)
    _submit(self, _imap_tasks.__dict__.pop('n', -1))


_imap_tasks = threading.local()  # imap() -> the IMapIterator it makes: how many tasks, when known


def _imapper(name):
    orig = getattr(_pool.Pool, name)

    def imap(self, func, iterable, chunksize=1):
        # A sized iterable's tasks are known now: their puts are recorded at the call.
        if hasattr(iterable, '__len__') and isinstance(chunksize, int) and chunksize >= 1:
            _imap_tasks.n = -(-len(iterable) // chunksize)
        try:
            return orig(self, func, iterable, chunksize)
        finally:
            _imap_tasks.__dict__.pop('n', None)

    return imap


def _setter(name):
    orig = getattr(_pool, name).__dict__['_set']

    def _set(self, i, obj):
        done = getattr(self, '_il_done', None)
        if done is not None:
            done.append(i)  # before the original wakes the waiter
        return orig(self, i, obj)

    return _set


class _PoolWait:
    """What a thread waiting for a pool's result waits on. The work is in other processes and in
    the pool's own threads: it counts as let through while any of it is on its way (a task not yet
    taken, a result not yet delivered, an iterable still being read), so only a pool with nothing
    left in flight can be part of a stall."""
    _il_cross = True

    def __init__(self, pool, result):
        self._il_id = pool._il_id
        self.pool = pool
        self.result = result

    def _il_ready(self, op):
        r = self.result
        if isinstance(r, _pool.ApplyResult):
            if r.ready():
                return True
        elif r._items or r._index == r._length:
            return True
        pool = self.pool
        if pool._taskqueue.qsize() or readable(pool._inqueue._reader) or readable(pool._outqueue._reader):
            return True
        return any(getattr(x, '_length', 0) is None for x in list(pool._cache.values()))


def _wait(self, timeout=None):
    tids = getattr(self, '_il_tids', None)
    if tids is None or self._il_seen >= len(tids):
        return _orig['ApplyResult.wait'](self, timeout)  # untraced, or every result already reported
    pool = self._il_pool
    pid = pool._il_id
    ts = cur()
    at = site()
    emit(ts, K.poolResultWait, pid, _secs(timeout), tids[0] if len(tids) == 1 else NAN, NAN, at)
    ts.wait('pool.result', _PoolWait(pool, self), timeout is not None, at)
    try:
        _orig['ApplyResult.wait'](self, timeout)
    finally:
        ts.unwait()
    if not self.ready():
        emit(ts, K.poolResultDone, pid, 0, tids[0] if len(tids) == 1 else NAN, NAN, at)
        return
    done = self._il_done
    # One result per task, at one time (the model reads them as one wait that delivered them all).
    t = _rec.clock()
    b = ts.buf
    for i in done[self._il_seen:]:
        b += (t, K.poolResultDone, pid, 1, tids[i], NAN, at)
    self._il_seen = len(done)


def _next(self, timeout=None):
    tids = getattr(self, '_il_tids', None)
    if tids is None or (self._index == self._length and not self._items):
        return _orig['IMapIterator.next'](self, timeout)  # untraced, or at its end (StopIteration)
    pool = self._il_pool
    pid = pool._il_id
    ts = cur()
    at = site()
    ordered = not isinstance(self, _pool.IMapUnorderedIterator)
    k = self._il_seen
    asked = tids.get(k, NAN) if ordered else NAN
    emit(ts, K.poolResultWait, pid, _secs(timeout), asked, NAN, at)
    ts.wait('pool.result', _PoolWait(pool, self), timeout is not None, at)
    got = NAN
    ok = 1
    try:
        value = _orig['IMapIterator.next'](self, timeout)
    except StopIteration:
        raise
    except _TimeoutError:
        ok = 0
        raise
    except BaseException:
        got = _took(self, ordered, tids, k)  # the task raised: its exception is the item
        raise
    else:
        got = _took(self, ordered, tids, k)
        return value
    finally:
        ts.unwait()
        emit(ts, K.poolResultDone, pid, ok, asked if not ok else got, NAN, at)


def _took(r, ordered, tids, k):
    """The number of the task whose result next() just handed out (the k-th it handed out)."""
    r._il_seen = k + 1
    return tids.get(k if ordered else r._il_done[k], NAN)


# --- the worker process: its task loop ------------------------------------------------------

def _unwrap(task):
    if task is None or type(task[2]) is not Task:
        return None, task, None  # the pool's sentinel (the worker stops), or its own error task
    job, i, tagged, args, kwds = task
    fn = tagged.fn
    return tagged, (job, i, fn, args, kwds), args[0][0] if fn in _STARS else fn


def _returned(item):
    return item[2][0]  # (job, i, (success, value))


def worker(inqueue, outqueue, *args, **kwargs):
    inqueue, outqueue = worker_queues(inqueue, outqueue, _unwrap, _returned)
    return _orig['multiprocessing.pool.worker'](inqueue, outqueue, *args, **kwargs)


def install():
    for owner, name, fn in ((_pool, 'worker', worker), (_pool.Pool, '_repopulate_pool', _repopulate_pool),
                            (_pool.ApplyResult, '__init__', _apply_init), (_pool.MapResult, '__init__', _map_init),
                            (_pool.IMapIterator, '__init__', _imap_init), (_pool.ApplyResult, 'wait', _wait),
                            (_pool.IMapIterator, 'next', _next)):
        _orig['%s.%s' % (owner.__name__, name)] = replace(owner, name, fn)
    _pool.IMapIterator.__next__ = _next
    for name in ('imap', 'imap_unordered'):
        replace(_pool.Pool, name, _imapper(name))
    for name in ('ApplyResult', 'MapResult', 'IMapIterator', 'IMapUnorderedIterator'):
        getattr(_pool, name)._set = _setter(name)
