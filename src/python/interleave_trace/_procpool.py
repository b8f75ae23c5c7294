"""concurrent.futures.ProcessPoolExecutor recorded as a pool, as ThreadPoolExecutor is (_futures.py)
and multiprocessing.Pool (_pool.py): submit() (and map(), which submits) puts a numbered task on
the pool at the caller's line; the worker process that takes it records the get and the task as a
span; Future.result(), exception(), wait() and as_completed() are waits on the pool linked to the
task they saw done (_futures.py records them for any traced executor's future).

The task travels with its number (_tasks.py) inside the executor's own call queue, which carries
the pool's primitive to the workers; their loop (`_process_worker`) gets its queues wrapped.
Executors of the fork and spawn start methods are traced (forkserver's workers are not).
"""
import functools
import itertools
from concurrent.futures import process as _cfp

from ._child import replace
from ._futures import submitted
from ._state import cur, new_prim
from ._rec import site
from ._tasks import Task, readable, worker_queues

_orig = {}


class _CallQueue(_cfp._SafeQueue):
    """A traced executor's call queue: it carries the pool's primitive to the workers (a spawned
    one adopts it as it unpickles the queue; a forked one inherits it)."""

    def __getstate__(self):
        return (_cfp._SafeQueue.__getstate__(self), self._il_info)

    def __setstate__(self, state):
        from . import _mp
        _cfp._SafeQueue.__setstate__(self, state[0])
        _mp._adopt(self, state[1], None)


def _init(self, *args, **kwargs):
    _orig['__init__'](self, *args, **kwargs)
    if self._mp_context.get_start_method() not in ('fork', 'spawn'):
        return
    # Before any worker starts: a forked one must inherit the primitive.
    pid = self._il_id = new_prim(self, 'Pool', init={'processes': self._max_workers, 'crossProcess': True}, key=True)
    self._il_tasks = itertools.count(1)
    q = self._call_queue
    q.__class__ = _CallQueue
    q._il_id = pid
    q._il_info = self._il_info


def _submit(self, fn, /, *args, **kwargs):
    pid = getattr(self, '_il_id', None)
    if pid is None:
        return _orig['submit'](self, fn, *args, **kwargs)
    task = next(self._il_tasks)
    # Recorded before the put itself: a worker may take the task before submit() returns.
    submitted(cur(), pid, task, self._work_ids.qsize() + 1, site())
    fut = _orig['submit'](self, Task(task, fn), *args, **kwargs)
    fut._il = (self, task)
    return fut


def _ready(self, op):
    """A thread waiting for a result counts as let through while work is on its way (a task not
    yet handed to a worker, a result not yet delivered): only an executor with nothing in flight
    can be part of a stall."""
    calls = self._call_queue
    return bool(self._work_ids.qsize() or calls._buffer or readable(calls._reader) or readable(self._result_queue._reader))


def _unwrap(item):
    tagged = getattr(item, 'fn', None)
    if type(tagged) is not Task:
        return None, item, None  # None: the executor's signal to stop
    item.fn = fn = tagged.fn
    # map() submits chunks of calls of the user's function.
    if isinstance(fn, functools.partial) and fn.func is _cfp._process_chunk:
        fn = fn.args[0]
    return tagged, item, fn


def _returned(item):
    return getattr(item, 'exception', None) is None


def _process_worker(call_queue, result_queue, *args, **kwargs):
    call_queue, result_queue = worker_queues(call_queue, result_queue, _unwrap, _returned)
    return _orig['_process_worker'](call_queue, result_queue, *args, **kwargs)


def install():
    Executor = _cfp.ProcessPoolExecutor
    for owner, name, fn in ((Executor, '__init__', _init), (Executor, 'submit', _submit), (_cfp, '_process_worker', _process_worker)):
        _orig[name] = replace(owner, name, fn)
    Executor._il_cross = True
    Executor._il_ready = _ready
