"""A process pool's tasks on their way to a worker process and back, for multiprocessing.Pool
(_pool.py) and concurrent.futures.ProcessPoolExecutor (_procpool.py): a task travels with its
number (`Task` in place of its function), and the worker's own loop gets its task queue and its
result queue wrapped (`worker_queues`), so that taking a task is a get on the pool followed by the
task's span, and handing in its result ends the span.
"""
import select

from . import _rec
from ._futures import _fn_name
from ._rec import K, NAN, emit
from ._state import cur


class Task:
    """A task's function with its number, from the parent to the worker that runs it."""
    __slots__ = ('tid', 'fn')

    def __init__(self, tid, fn):
        self.tid = tid
        self.fn = fn

    def __reduce__(self):
        return Task, (self.tid, self.fn)


def readable(conn):
    """Whether a pipe has something to read (without reading it)."""
    try:
        return bool(select.select([conn.fileno()], [], [], 0)[0])
    except (OSError, ValueError):
        return True  # closed: whoever reads it is let through at once


class _Tasks:
    """The worker's task queue: taking a task is a get on the pool, then the task starts."""
    _il_cross = True

    def __init__(self, q, pid, unwrap):
        self.q = q
        self._il_id = pid
        self.unwrap = unwrap
        self.running = None  # the task being run: its number and the worker's state

    def __getattr__(self, name):
        return getattr(self.q, name)

    def get(self, *args, **kwargs):
        ts = cur()
        pid = self._il_id
        emit(ts, K.queueGet, pid, -1.0, NAN, NAN, -1)
        ts.wait('pool.next', self, False, -1)
        try:
            item = self.q.get(*args, **kwargs)
        finally:
            ts.unwait()
        tagged, item, fn = self.unwrap(item)
        if tagged is None:
            emit(ts, K.queueGetDone, pid, NAN, NAN, NAN, -1)  # the pool's sentinel: the worker stops
            return item
        emit(ts, K.queueGetDone, pid, NAN, tagged.tid, NAN, -1)
        emit(ts, K.poolTaskStart, pid, _fn_name(fn), tagged.tid, NAN, -1)
        self.running = (tagged.tid, ts)
        return item

    def _il_ready(self, op):
        return readable(self.q._reader)


class _Results:
    """The worker's result queue: handing in a result ends the task (returned or raised)."""

    def __init__(self, q, tasks, returned):
        self.q = q
        self.tasks = tasks
        self.returned = returned

    def __getattr__(self, name):
        return getattr(self.q, name)

    def put(self, item, *args, **kwargs):
        running = self.tasks.running
        if running is not None:
            self.tasks.running = None
            ts = running[1]
            emit(ts, K.poolTaskEnd, self.tasks._il_id, 1 if self.returned(item) else 0, running[0], NAN, -1)
            # Sent before the result: the parent may terminate the pool (SIGTERM) once it has them all.
            _rec.flush_ring(ts)
        self.q.put(item, *args, **kwargs)


def worker_queues(tasks, results, unwrap, returned):
    """The worker loop's task and result queues, recorded when they belong to a traced pool.
    unwrap(item) -> (its Task or None, the item the loop expects, the user's function);
    returned(result item) -> whether the task returned (else it raised)."""
    pid = getattr(tasks, '_il_id', None)
    if pid is None:
        return tasks, results
    tasks = _Tasks(tasks, pid, unwrap)
    return tasks, _Results(results, tasks, returned)
