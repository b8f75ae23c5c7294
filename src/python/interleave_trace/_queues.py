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

from ._rec import FULL, GET, GET_DONE, K, NAN, PUT, PUT_DONE, at_lasti, _getframe, emit, flush_ring, internal_caller, clock, short_code, site
from ._state import _tls, cur, new_prim
from ._locks import _AcceptsOriginals, _internal_or_new

_OrigQueue = queue.Queue
_OrigLifo = queue.LifoQueue
_OrigPriority = queue.PriorityQueue
_OrigSimple = queue.SimpleQueue
Full = queue.Full
Empty = queue.Empty
_SHUTDOWN = hasattr(_OrigQueue, 'shutdown')  # 3.13
ShutDown = getattr(queue, 'ShutDown', None)
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
        self._il_seq = seq = itertools.count(1)
        pid = self._il_id = new_prim(self, kind, init={'maxsize': self.maxsize})
        self._il_put = short_code(pid, PUT)
        self._il_get = short_code(pid, GET)
        self._il_pdone = put_done = short_code(pid, PUT_DONE)
        self._il_gdone = get_done = short_code(pid, GET_DONE)
        self._il_uput = user_put = self._put
        self._il_uget = user_get = self._get
        size = self._qsize
        # The standard library's FIFO hooks and sizes written out (a call costs as much as a record).
        self._il_fifo = fifo = type(self)._put is _OrigQueue._put and type(self)._get is _OrigQueue._get
        self._il_len = own_size = type(self)._qsize in _STD_QSIZE  # len(self.queue)

        # The hooks of the paths that call the standard library's put/get (a bounded put, a get
        # with a timeout or none at all), called with the queue's mutex held, on a thread put/get
        # has given a state (and its site, in ts.wat).
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

    # put() on an unbounded queue and get() with no timeout write out the standard library's put and
    # get (queue.py, the same in 3.9-3.12; 3.13 adds shut-down checks) with their hooks' records:
    # a queue's stdlib Conditions share its mutex, which is taken directly (their __enter__ is one
    # more call), and the hooks' records need no second look-up of the thread.

    def put(self, item, block=True, timeout=None):
        try:
            ts = _tls.ts
        except AttributeError:
            ts = cur()
        try:
            f = _getframe(1)
            e = at_lasti[f.f_lasti]  # the caller's site (_rec.at_lasti)
            c = f.f_code
            while e[0] is not c:
                e = e[2]
            at = e[1]
        except (KeyError, TypeError, ValueError):
            at = site()
        b = ts.buf
        if block and timeout is None:
            b += (clock(), self._il_put, at)
        else:
            b += (clock(), _PUT, self._il_id, _secs(block, timeout), NAN, NAN, at)
        if self.maxsize > 0:
            ts.during('queue.put', self, timeout is not None or not block, at, _OrigQueue.put, (self, item, block, timeout), self._il_id, Full, K.queueFull)
        else:
            # Never full: the put does not wait (its mutex aside).
            with self.mutex:
                if _SHUTDOWN and self.is_shutdown:
                    raise ShutDown
                if self._il_fifo:
                    self.queue.append(item)
                else:
                    self._il_uput(item)
                iid = next(self._il_seq)
                ids = self._il_ids
                if ids.setdefault(id(item), iid) is not iid:
                    _give_id(ids, item, iid)
                b += (clock(), self._il_pdone, len(self.queue) if self._il_len else self._qsize(), iid, at)
                self.unfinished_tasks += 1
                self.not_empty.notify()
        if len(b) >= FULL:
            flush_ring(ts)

    def get(self, block=True, timeout=None):
        try:
            ts = _tls.ts
        except AttributeError:
            ts = cur()
        try:
            f = _getframe(1)
            e = at_lasti[f.f_lasti]  # the caller's site (_rec.at_lasti)
            c = f.f_code
            while e[0] is not c:
                e = e[2]
            at = e[1]
        except (KeyError, TypeError, ValueError):
            at = site()
        b = ts.buf
        t = clock()
        untimed = block and timeout is None
        if untimed:
            b += (t, self._il_get, at)
        else:
            b += (t, _GET, self._il_id, _secs(block, timeout), NAN, NAN, at)
        # ts.wait() and unwait() written out (a get usually waits: two calls cost as much as a record).
        ts.wtimed = not untimed
        ts.won = self
        ts.wsince = t
        ts.wat = at
        ts.gen += 1
        ts.wop = 'queue.get'
        try:
            if not untimed:
                return _OrigQueue.get(self, block, timeout)
            with self.mutex:
                if _SHUTDOWN and self.is_shutdown and not self._qsize():
                    raise ShutDown
                own_size = self._il_len
                while not (len(self.queue) if own_size else self._qsize()):
                    self.not_empty.wait()
                    if _SHUTDOWN and self.is_shutdown and not self._qsize():
                        raise ShutDown
                item = self.queue.popleft() if self._il_fifo else self._il_uget()
                ids = self._il_ids
                iid = ids.pop(id(item), None)
                if type(iid) is not int:
                    iid = _next_id(ids, item, iid)
                b += (clock(), self._il_gdone, len(self.queue) if own_size else self._qsize(), iid, at)
                self.not_full.notify()
                return item
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
        at = site()
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
