"""Queue, LifoQueue, PriorityQueue, SimpleQueue: put and get recorded with item ids, so each get
links to the put of the same item.

The stdlib's put/get run unchanged (same argument checks, same blocking, same Full/Empty); the
instance's `_put`/`_get` hooks (the user's own overrides included) are wrapped so the item's id is
taken under the queue's mutex, where its order is decided. Items are matched by identity: an
object in a queue cannot share its id() with another object in it.
"""
import collections
import itertools
import queue

from ._rec import INTERNAL, K, NAN, _code_sites, _getframe, emit, site, internal_caller
from ._state import _tls, cur, new_prim
from ._locks import _AcceptsOriginals, _internal_or_new

_OrigQueue = queue.Queue
_OrigLifo = queue.LifoQueue
_OrigPriority = queue.PriorityQueue
_OrigSimple = queue.SimpleQueue
Full = queue.Full
Empty = queue.Empty


def _secs(block, timeout):
    if not block:
        return 0.0
    return -1.0 if timeout is None else float(timeout)


def _take_id(ids, item):
    # One item id per object in the queue, a deque only while the same object is in it twice.
    d = ids.pop(id(item), None)
    if d is None:
        return -1
    if type(d) is int:
        return d
    iid = d.popleft()
    ids[id(item)] = d[0] if len(d) == 1 else d
    return iid


def _give_id(ids, item, iid):
    k = id(item)
    d = ids.get(k)
    if d is None:
        ids[k] = iid
    elif type(d) is int:
        ids[k] = collections.deque((d, iid))
    else:
        d.append(iid)


def _site():
    # site() for put/get, its common case written out (the user's frame is the caller's caller).
    f = _getframe(2)
    at = _code_sites.get(id(f.f_code), INTERNAL).get(f.f_lasti)
    return site(3) if at is None else at


class _QueueOps:
    def _il_setup(self, kind):
        self._il_ids = ids = {}
        seq = itertools.count(1)
        pid = self._il_id = new_prim(self, kind, init={'maxsize': self.maxsize})
        user_put = self._put
        user_get = self._get
        size = self._qsize

        # Called by put/get with the queue's mutex held, on a thread put/get has given a state.
        def _put(item):
            user_put(item)
            iid = next(seq)
            _give_id(ids, item, iid)
            ts = _tls.ts
            emit(ts, K.queuePutDone, pid, size(), iid, NAN, ts.wat)

        def _get():
            item = user_get()
            ts = _tls.ts
            emit(ts, K.queueGetDone, pid, size(), _take_id(ids, item), NAN, ts.wat)
            return item

        self._put = _put
        self._get = _get

    def put(self, item, block=True, timeout=None):
        ts = cur()
        at = _site()
        emit(ts, K.queuePut, self._il_id, -1.0 if block and timeout is None else _secs(block, timeout), NAN, NAN, at)
        ts.wait('queue.put', self, timeout is not None or not block, at)
        try:
            _OrigQueue.put(self, item, block, timeout)
        except Full:
            emit(ts, K.queueFull, self._il_id, NAN, NAN, NAN, at)
            raise
        finally:
            ts.unwait()

    def get(self, block=True, timeout=None):
        ts = cur()
        at = _site()
        emit(ts, K.queueGet, self._il_id, -1.0 if block and timeout is None else _secs(block, timeout), NAN, NAN, at)
        ts.wait('queue.get', self, timeout is not None or not block, at)
        try:
            return _OrigQueue.get(self, block, timeout)
        except Empty:
            emit(ts, K.queueEmpty, self._il_id, NAN, NAN, NAN, at)
            raise
        finally:
            ts.unwait()

    def task_done(self):
        _OrigQueue.task_done(self)
        emit(cur(), K.queueTaskDone, self._il_id, self.unfinished_tasks, NAN, NAN, site())

    def join(self):
        ts = cur()
        at = site()
        emit(ts, K.queueJoin, self._il_id, NAN, NAN, NAN, at)
        ts.wait('queue.join', self, False, at)
        try:
            _OrigQueue.join(self)
        finally:
            ts.unwait()
        emit(ts, K.queueJoined, self._il_id, NAN, NAN, NAN, at)


def _queue_class(name, orig, base_check):
    def __new__(cls, *args, **kwargs):
        return _internal_or_new(cls, klass, orig, args, kwargs)

    def __init__(self, maxsize=0):
        orig.__init__(self, maxsize)
        self._il_setup(name)

    ns = {'__new__': __new__, '__init__': __init__, '__module__': 'queue', '__qualname__': name, '__doc__': orig.__doc__}
    if base_check:
        ns['_il_original'] = orig
    klass = _AcceptsOriginals(name, (_QueueOps, orig), ns)
    return klass


Queue = _queue_class('Queue', _OrigQueue, True)
LifoQueue = _queue_class('LifoQueue', _OrigLifo, True)
PriorityQueue = _queue_class('PriorityQueue', _OrigPriority, True)


class SimpleQueue(_OrigSimple, metaclass=_AcceptsOriginals):
    _il_original = _OrigSimple

    def __new__(cls, *args, **kwargs):
        if cls is SimpleQueue and internal_caller():
            return _OrigSimple()
        return _OrigSimple.__new__(cls, *args, **kwargs)

    def __init__(self):
        self._il_ids = {}
        self._il_seq = itertools.count(1)
        self._il_id = new_prim(self, 'SimpleQueue', init={'maxsize': 0})

    def put(self, item, block=True, timeout=None):
        # Re-entrant in C (it may be called from __del__ or a GC callback): put first, record after.
        _OrigSimple.put(self, item, block, timeout)
        iid = next(self._il_seq)
        _give_id(self._il_ids, item, iid)
        ts = cur()
        at = site()
        emit(ts, K.queuePut, self._il_id, _secs(block, timeout), NAN, NAN, at)
        emit(ts, K.queuePutDone, self._il_id, self.qsize(), iid, NAN, at)

    def put_nowait(self, item):
        self.put(item, False)

    def get(self, block=True, timeout=None):
        ts = cur()
        at = _site()
        emit(ts, K.queueGet, self._il_id, -1.0 if block and timeout is None else _secs(block, timeout), NAN, NAN, at)
        ts.wait('queue.get', self, timeout is not None or not block, at)
        try:
            item = _OrigSimple.get(self, block, timeout)
        except Empty:
            emit(ts, K.queueEmpty, self._il_id, NAN, NAN, NAN, at)
            raise
        finally:
            ts.unwait()
        emit(ts, K.queueGetDone, self._il_id, self.qsize(), _take_id(self._il_ids, item), NAN, at)
        return item

    def get_nowait(self):
        return self.get(False)


SimpleQueue.__module__ = '_queue'
SimpleQueue.__qualname__ = SimpleQueue.__name__ = 'SimpleQueue'
