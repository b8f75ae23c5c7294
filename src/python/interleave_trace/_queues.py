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

from . import _rec
from ._rec import FULL, GET, GET_DONE, INTERNAL, K, NAN, PUT, PUT_DONE, code_sites, _getframe, emit, flush_ring, internal_caller, clock, now, short_code, site
from ._state import _tls, cur, new_prim
from ._locks import _AcceptsOriginals, _internal_or_new

_OrigQueue = queue.Queue
_OrigLifo = queue.LifoQueue
_OrigPriority = queue.PriorityQueue
_OrigSimple = queue.SimpleQueue
Full = queue.Full
Empty = queue.Empty
_PUT, _GET = K.queuePut, K.queueGet
_STD_QSIZE = (_OrigQueue._qsize, _OrigLifo._qsize, _OrigPriority._qsize)


def _secs(block, timeout):
    if not block:
        return 0.0
    return -1.0 if timeout is None else float(timeout)


def _give_id(ids, item, iid):
    # One item id per object in the queue, a deque only while the same object is in it twice.
    k = id(item)
    d = ids.get(k)
    if d is None:
        ids[k] = iid
    elif type(d) is int:
        ids[k] = collections.deque((d, iid))
    else:
        d.append(iid)


def _next_id(ids, item, d):
    # The object was queued more than once: its first id goes.
    if d is None:
        return -1
    iid = d.popleft()
    ids[id(item)] = d[0] if len(d) == 1 else d
    return iid


class _QueueOps:
    def _il_setup(self, kind):
        self._il_ids = ids = {}
        seq = itertools.count(1)
        pid = self._il_id = new_prim(self, kind, init={'maxsize': self.maxsize})
        self._il_put = short_code(pid, PUT)
        self._il_get = short_code(pid, GET)
        put_done = short_code(pid, PUT_DONE)
        get_done = short_code(pid, GET_DONE)
        user_put = self._put
        user_get = self._get
        size = self._qsize
        # The standard library's FIFO hooks and sizes written out here (a call costs as much as a record).
        fifo = type(self)._put is _OrigQueue._put and type(self)._get is _OrigQueue._get
        own_size = type(self)._qsize in _STD_QSIZE  # len(self.queue)

        # Called by put/get with the queue's mutex held, on a thread put/get has given a state
        # (and its site, in ts.wat).
        def _put(item):
            if fifo:
                self.queue.append(item)
            else:
                user_put(item)
            iid = next(seq)
            if ids.setdefault(id(item), iid) is not iid:  # (ids are unique: only this one is iid)
                _give_id(ids, item, iid)
            ts = _tls.ts
            b = ts.buf
            b += (clock(), put_done, len(self.queue) if own_size else size(), iid, ts.wat)

        def _get():
            item = self.queue.popleft() if fifo else user_get()
            iid = ids.pop(id(item), None)
            if type(iid) is not int:
                iid = _next_id(ids, item, iid)
            ts = _tls.ts
            b = ts.buf
            b += (clock(), get_done, len(self.queue) if own_size else size(), iid, ts.wat)
            return item

        self._put = _put
        self._get = _get

    def put(self, item, block=True, timeout=None):
        try:
            ts = _tls.ts
        except AttributeError:
            ts = cur()
        f = _getframe(1)
        at = code_sites(id(f.f_code), INTERNAL).get(f.f_lasti)
        if at is None:
            at = site(2)
        b = ts.buf
        if block and timeout is None:
            b += (clock(), self._il_put, at)
        else:
            b += (clock(), _PUT, self._il_id, _secs(block, timeout), NAN, NAN, at)
        if self.maxsize > 0:
            ts.during('queue.put', self, timeout is not None or not block, at, _OrigQueue.put, (self, item, block, timeout), self._il_id, Full, K.queueFull)
        else:
            # Never full: the put does not wait (its mutex aside). The hook reads the site.
            ts.wat = at
            _OrigQueue.put(self, item, block, timeout)
        if len(b) >= FULL:
            flush_ring(ts)

    def get(self, block=True, timeout=None):
        try:
            ts = _tls.ts
        except AttributeError:
            ts = cur()
        f = _getframe(1)
        at = code_sites(id(f.f_code), INTERNAL).get(f.f_lasti)
        if at is None:
            at = site(2)
        b = ts.buf
        if block and timeout is None:
            b += (clock(), self._il_get, at)
            ts.wtimed = False
        else:
            b += (clock(), _GET, self._il_id, _secs(block, timeout), NAN, NAN, at)
            ts.wtimed = True
        # ts.wait() and unwait() written out (a get usually waits: two calls cost as much as a record).
        ts.won = self
        ts.wsince = now() - _rec.T0
        ts.wat = at
        ts.gen += 1
        ts.wop = 'queue.get'
        try:
            return _OrigQueue.get(self, block, timeout)
        except Empty:
            emit(ts, K.queueEmpty, self._il_id, NAN, NAN, NAN, at)
            raise
        finally:
            ts.wop = None
            ts.won = None
            if len(b) >= FULL:
                flush_ring(ts)

    def task_done(self):
        _OrigQueue.task_done(self)
        emit(cur(), K.queueTaskDone, self._il_id, self.unfinished_tasks, NAN, NAN, site())

    def join(self):
        ts = cur()
        at = site()
        emit(ts, K.queueJoin, self._il_id, NAN, NAN, NAN, at)
        ts.during('queue.join', self, False, at, _OrigQueue.join, (self,))
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
        pid = self._il_id = new_prim(self, 'SimpleQueue', init={'maxsize': 0})
        self._il_codes = tuple(short_code(pid, form) for form in (PUT, PUT_DONE, GET, GET_DONE))

    def put(self, item, block=True, timeout=None):
        # Re-entrant in C (it may be called from __del__ or a GC callback): put first, record after.
        _OrigSimple.put(self, item, block, timeout)
        iid = next(self._il_seq)
        _give_id(self._il_ids, item, iid)
        ts = cur()
        at = site()
        put, put_done = self._il_codes[:2]
        b = ts.buf
        t = clock()
        if block and timeout is None:
            b += (t, put, at)
        else:
            b += (t, _PUT, self._il_id, _secs(block, timeout), NAN, NAN, at)
        b += (clock(), put_done, self.qsize(), iid, at)
        if len(b) >= FULL:
            flush_ring(ts)

    def put_nowait(self, item):
        self.put(item, False)

    def get(self, block=True, timeout=None):
        ts = cur()
        at = site(2)
        _put, _put_done, get, get_done = self._il_codes
        b = ts.buf
        if block and timeout is None:
            b += (clock(), get, at)
        else:
            b += (clock(), _GET, self._il_id, _secs(block, timeout), NAN, NAN, at)
        item = ts.during('queue.get', self, timeout is not None or not block, at, _OrigSimple.get, (self, block, timeout), self._il_id, Empty, K.queueEmpty)
        ids = self._il_ids
        iid = ids.pop(id(item), None)
        if type(iid) is not int:
            iid = _next_id(ids, item, iid)
        b += (clock(), get_done, self.qsize(), iid, at)
        if len(b) >= FULL:
            flush_ring(ts)
        return item

    def get_nowait(self):
        return self.get(False)


SimpleQueue.__module__ = '_queue'
SimpleQueue.__qualname__ = SimpleQueue.__name__ = 'SimpleQueue'
