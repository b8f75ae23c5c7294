"""multiprocessing's own primitives, recorded in every process: Lock, RLock, Semaphore,
BoundedSemaphore, Condition, Event, Barrier, Queue, JoinableQueue, SimpleQueue and Pipe's
Connections, as `multiprocessing.X()` or `get_context(...).X()` make them for the user's code.

Each is a subclass of the standard library's class, so it blocks, pickles and fails exactly as the
original; the ones multiprocessing makes for itself (a Queue's locks and feeder thread, Pool's
queues, an Event's Condition) are the originals, so nothing of them is recorded.

One primitive, every process: it carries a key (creating pid and id) that the host maps to one
primitive of the run, however many processes announce it (a forked child inherits it, a spawned
one unpickles it). The numbers that link operations across processes (sequence numbers, item ids)
live in a few int64 of shared memory beside it, under a lock of their own. An item put into a
Queue, SimpleQueue or Pipe travels with its id (`_Item`), so the get in another process names the
put it received.
"""
import collections
import os
import re
import select
import threading

from multiprocessing import connection as _connection, context as _context, queues as _queues, reduction as _reduction
from multiprocessing.sharedctypes import RawArray

from . import _rec, _state
from ._rec import K, NAN, emit, site
from ._state import _tls, cur, new_prim

# mp.Barrier subclasses threading.Barrier: it must be the original, not the traced one.
_traced_barrier, threading.Barrier = threading.Barrier, getattr(threading.Barrier, '_il_original', threading.Barrier)
try:
    from multiprocessing import synchronize as _sync
finally:
    threading.Barrier = _traced_barrier

Full = _queues.Full
Empty = _queues.Empty
_ForkingPickler = _reduction.ForkingPickler
_SENTINEL = _queues._sentinel
_PID = [os.getpid()]
os.register_at_fork(after_in_child=lambda: _PID.__setitem__(0, os.getpid()))


def _secs(timeout):
    return -1.0 if timeout is None else float(timeout)


class _Numbers:
    """Counters every process sees for one primitive: int64 in shared memory and a lock for them
    (both the standard library's, so taking it records nothing)."""

    def __init__(self, n, ctx):
        self.a = RawArray('q', n)
        self.g = _sync.Lock(ctx=ctx)

    def bump(self, i, copy_to=-1):
        """Adds one to counter `i` (also storing the result in `copy_to`) and returns it."""
        a = self.a
        g = self.g
        g.acquire()
        v = a[i] + 1
        a[i] = v
        if copy_to >= 0:
            a[copy_to] = v
        g.release()
        return v

    def __getitem__(self, i):
        return self.a[i]


class _Item:
    """An item on its way through a Queue or Pipe, with the id its put was recorded with."""
    __slots__ = ('iid', 'obj')

    def __init__(self, iid, obj):
        self.iid = iid
        self.obj = obj

    def __reduce__(self):
        return _Item, (self.iid, self.obj)


def _unwrap(item):
    if type(item) is _Item:
        return item.iid, item.obj
    return -1, item


_pair = re.compile(r'^\s*([A-Za-z_][\w.]*)\s*,\s*([A-Za-z_][\w.]*)\s*=')


def _register(obj, kind, ctx, n, init, name=None, at=None):
    """A primitive the user's code made: its counters and its announcement, with its key."""
    obj._il_nums = _Numbers(n, ctx)
    init = dict(init, crossProcess=True)
    return new_prim(obj, kind, name=name, at=at, init=init, key=True)


def _adopt(obj, info, nums):
    """A primitive that came from another process (unpickled when a child was spawned): a local
    id, announced with the creator's key so the host names the same primitive."""
    lid = next(_state._pid)
    info = dict(info, id=lid, site=-1, creator=1)
    obj._il_id = lid
    obj._il_info = info
    obj._il_nums = nums
    _state.prims[lid] = obj
    if _rec._sock is not None and _state.threads:
        _rec.message({'type': 'primitive', 'primitive': info})


class _Pickles:
    """Pickled with the original state: the primitive's description and its counters."""

    def __getstate__(self):
        return (self._il_base.__getstate__(self), self._il_info, self._il_nums)

    def __setstate__(self, state):
        self._il_base.__setstate__(self, state[0])
        _adopt(self, state[1], state[2])


# --- Lock, RLock, Semaphore, BoundedSemaphore -----------------------------------------------

class _SemOps(_Pickles):
    _il_cross = True

    def _il_setup(self, kind, ctx, init=None, name=None, at=None):
        # Counters: 0 the sequence of acquires and releases, 1 the last release's, and for a Lock or
        # RLock 2, 3 the pid and thread id of its holder (a wait-for edge to another process).
        self._il_id = _register(self, kind, ctx, 4, init or {}, name=name, at=at)

    def _il_owner(self):
        """[pid, thread id] of the holder of a Lock or RLock, else None (read by the watchdog)."""
        a = self._il_nums.a
        pid = a[2]
        return [pid, a[3]] if pid and self._il_owned else None

    _il_owned = False

    def _make_methods(self):
        pass  # the class's acquire/release (recorded), not the SemLock's own bound methods

    def _il_held(self):
        return 1

    def acquire(self, block=True, timeout=None):
        ts = cur()
        at = site()
        pid = self._il_id
        a = _secs(timeout) if block else 0.0
        emit(ts, K.acquireRequest, pid, a, NAN, NAN, at)
        sl = self._semlock
        got = sl.acquire(False)
        waited = False
        if not got and block:
            waited = True
            ts.wait('acquire', self, timeout is not None, at)
            try:
                got = sl.acquire(True, timeout)
            finally:
                ts.unwait()
        if got:
            nums = self._il_nums
            q = nums.bump(0)
            if self._il_owned:
                nums.a[3] = ts.id
                nums.a[2] = _PID[0]
            emit(ts, K.acquired, pid, self._il_held(), q, nums[1] if waited else -1, at)
        else:
            emit(ts, K.acquireFailed, pid, a, NAN, NAN, at)
        return got

    def release(self):
        sl = self._semlock
        left = self._il_left()
        if left is None:
            return sl.release()  # raises as the original does
        nums = self._il_nums
        q = nums.bump(0, 1)
        if self._il_owned and left == 0:
            nums.a[2] = 0
        emit(cur(), K.release, self._il_id, left, q, NAN, site())
        sl.release()

    def __enter__(self):
        return self.acquire()

    def __exit__(self, *exc):
        self.release()

    def _il_ready(self, op):
        return self._semlock._get_value() > 0


class Lock(_SemOps, _sync.Lock):
    _il_base = _sync.Lock
    _il_owned = True

    def __init__(self, *, ctx):
        _sync.Lock.__init__(self, ctx=ctx)
        self._il_setup('Lock', ctx)

    def _il_left(self):
        # A free Lock released again raises ValueError (the original's call does).
        return 0 if self._semlock._get_value() == 0 else None


class RLock(_SemOps, _sync.RLock):
    _il_base = _sync.RLock
    _il_owned = True

    def __init__(self, *, ctx, _il_name=None, _il_at=None):
        _sync.RLock.__init__(self, ctx=ctx)
        self._il_setup('RLock', ctx, name=_il_name, at=_il_at)

    def _il_held(self):
        return self._semlock._count()

    def _il_left(self):
        return self._semlock._count() - 1 if self._semlock._is_mine() else None

    def _il_ready(self, op):
        return self._semlock._count() == 0 and self._semlock._get_value() > 0


class Semaphore(_SemOps, _sync.Semaphore):
    _il_base = _sync.Semaphore

    def __init__(self, value=1, *, ctx):
        _sync.Semaphore.__init__(self, value, ctx=ctx)
        self._il_setup('Semaphore', ctx, {'value': value})

    def _il_held(self):
        return self._semlock._get_value()

    def _il_left(self):
        return self._semlock._get_value() + 1


class BoundedSemaphore(_SemOps, _sync.BoundedSemaphore):
    _il_base = _sync.BoundedSemaphore

    def __init__(self, value=1, *, ctx):
        _sync.BoundedSemaphore.__init__(self, value, ctx=ctx)
        self._il_setup('BoundedSemaphore', ctx, {'value': value})

    def _il_held(self):
        return self._semlock._get_value()

    def _il_left(self):
        value = self._semlock._get_value()
        if value >= self._semlock.maxvalue:
            emit(cur(), K.semaphoreOverRelease, self._il_id, value, NAN, NAN, site())
            return None
        return value + 1


# --- Condition, Event, Barrier -------------------------------------------------------------

class _DictPickles:
    """For classes pickled by their __dict__: the primitive is adopted on arrival."""

    def __getstate__(self):
        return dict(self.__dict__)

    def __setstate__(self, state):
        self.__dict__.update(state)
        _adopt(self, state['_il_info'], state['_il_nums'])


class Condition(_Pickles, _sync.Condition):
    _il_base = _sync.Condition
    _il_cross = True

    def __init__(self, lock=None, *, ctx):
        at = site()
        name = _state.infer_name(at, 'Condition', 0)
        if lock is None:
            # Its own RLock is the user's too (as threading.Condition's): named after it.
            lock = RLock(ctx=ctx, _il_name=name and '%s.lock' % name, _il_at=at)
        _sync.Condition.__init__(self, lock, ctx=ctx)
        # Counters: 0 the sequence of notifies (the last one's number).
        self._il_id = _register(self, 'Condition', ctx, 1, {'lock': getattr(lock, '_il_id', -1)}, name=name, at=at)

    def wait(self, timeout=None):
        ts = cur()
        at = site()
        pid = self._il_id
        emit(ts, K.condWait, pid, _secs(timeout), NAN, NAN, at)
        ts.wait('cond.wait', self, timeout is not None, at)
        ok = False
        try:
            ok = _sync.Condition.wait(self, timeout)
        finally:
            ts.unwait()
        emit(ts, K.condWake, pid, 1 if ok else 0, NAN, self._il_nums[0] if ok else -1, at)
        return ok

    def notify(self, n=1):
        if not self._lock._semlock._is_mine():
            return _sync.Condition.notify(self, n)  # raises as the original does
        woken = min(n, max(0, self._sleeping_count._semlock._get_value() - self._woken_count._semlock._get_value()))
        q = self._il_nums.bump(0)
        emit(cur(), K.condNotify, self._il_id, woken, q, NAN, site())
        _sync.Condition.notify(self, n)

    def _il_ready(self, op):
        return False


class Event(_DictPickles, _sync.Event):
    _il_cross = True

    def __init__(self, *, ctx):
        _sync.Event.__init__(self, ctx=ctx)
        # Counters: 0 the sequence of sets (the last one's number).
        self._il_id = _register(self, 'Event', ctx, 1, {})

    def set(self):
        q = self._il_nums.bump(0)
        emit(cur(), K.eventSet, self._il_id, NAN, q, NAN, site())
        _sync.Event.set(self)

    def clear(self):
        emit(cur(), K.eventClear, self._il_id, NAN, NAN, NAN, site())
        _sync.Event.clear(self)

    def wait(self, timeout=None):
        ts = cur()
        at = site()
        pid = self._il_id
        emit(ts, K.eventWait, pid, _secs(timeout), NAN, NAN, at)
        if self.is_set():
            emit(ts, K.eventWake, pid, 1, NAN, -1, at)
            return True
        ts.wait('event.wait', self, timeout is not None, at)
        try:
            ok = _sync.Event.wait(self, timeout)
        finally:
            ts.unwait()
        emit(ts, K.eventWake, pid, 1 if ok else 0, NAN, self._il_nums[0] if ok else -1, at)
        return ok

    def _il_ready(self, op):
        return self.is_set()


class Barrier(_sync.Barrier):
    _il_cross = True

    def __init__(self, parties, action=None, timeout=None, *, ctx):
        _sync.Barrier.__init__(self, parties, action, timeout, ctx=ctx)
        # Counters: 0 arrivals (a trip is every `parties` of them), 1 the trips reset() or abort() skipped.
        self._il_id = _register(self, 'Barrier', ctx, 2, {'parties': parties})

    def __getstate__(self):
        return (_sync.Barrier.__getstate__(self), self._il_info, self._il_nums)

    def __setstate__(self, state):
        if len(state) != 3:  # the original's own __init__ sets its state this way
            return _sync.Barrier.__setstate__(self, state)
        _sync.Barrier.__setstate__(self, state[0])
        _adopt(self, state[1], state[2])

    def wait(self, timeout=None):
        ts = cur()
        at = site()
        pid = self._il_id
        nums = self._il_nums
        trip = nums[1] + (nums.bump(0) - 1) // self._parties
        emit(ts, K.barrierWait, pid, _secs(timeout), NAN, NAN, at)
        index = ts.during('barrier.wait', self, timeout is not None or self._timeout is not None, at,
                          _sync.Barrier.wait, (self, timeout), pid, threading.BrokenBarrierError, K.barrierBroken)
        emit(ts, K.barrierPass, pid, index, NAN, trip, at)
        return index

    def _il_restart(self, how):
        # Arrivals after a reset or abort start a new trip.
        nums = self._il_nums
        nums.g.acquire()
        nums.a[1] += 1 + nums.a[0] // self._parties
        nums.a[0] = 0
        nums.g.release()
        emit(cur(), K.barrierReset, self._il_id, how, NAN, NAN, site())

    def reset(self):
        self._il_restart(0)
        _sync.Barrier.reset(self)

    def abort(self):
        self._il_restart(1)
        _sync.Barrier.abort(self)

    def _il_ready(self, op):
        return False


# --- Queue, JoinableQueue, SimpleQueue ---------------------------------------------------

class _Buffer(collections.deque):
    """A Queue's buffer of items not yet written to its pipe: an item gets its id as put() appends
    it (under the queue's lock, before the feeder thread can send it), so the put is recorded
    before any get can see the item."""

    def __init__(self, queue):
        collections.deque.__init__(self)
        self.queue = queue

    def append(self, obj):
        if obj is _SENTINEL:  # close(): the feeder thread's signal to stop
            return collections.deque.append(self, obj)
        q = self.queue
        iid = q._il_nums.bump(0)
        collections.deque.append(self, _Item(iid, obj))
        ts = _tls.ts
        emit(ts, K.queuePutDone, q._il_id, _size(q), iid, NAN, ts.wat)


def _size(q):
    try:
        return q.qsize()
    except (NotImplementedError, OSError):
        return NAN  # macOS has no sem_getvalue


class _QueueOps(_Pickles):
    _il_cross = True

    def _il_setup(self, kind, ctx, maxsize):
        # Counters: 0 the items put (an item's id).
        self._il_id = _register(self, kind, ctx, 1, {'maxsize': max(0, maxsize)})

    def _reset(self, *args, **kwargs):
        self._il_base._reset(self, *args, **kwargs)
        self._buffer = _Buffer(self)

    def put(self, obj, block=True, timeout=None):
        ts = cur()
        at = site()
        pid = self._il_id
        emit(ts, K.queuePut, pid, _secs(timeout) if block else 0.0, NAN, NAN, at)
        ts.during('queue.put', self, timeout is not None or not block, at, self._il_base.put, (self, obj, block, timeout), pid, Full, K.queueFull)

    def get(self, block=True, timeout=None):
        ts = cur()
        at = site()
        pid = self._il_id
        emit(ts, K.queueGet, pid, _secs(timeout) if block else 0.0, NAN, NAN, at)
        item = ts.during('queue.get', self, timeout is not None or not block, at, self._il_base.get, (self, block, timeout), pid, Empty, K.queueEmpty)
        iid, item = _unwrap(item)
        emit(ts, K.queueGetDone, pid, _size(self), iid, NAN, at)
        return item

    def _il_ready(self, op):
        if op == 'queue.put':
            return not self.full()
        return _size(self) > 0


class Queue(_QueueOps, _queues.Queue):
    _il_base = _queues.Queue

    def __init__(self, maxsize=0, *, ctx):
        _queues.Queue.__init__(self, maxsize, ctx=ctx)
        self._il_setup('Queue', ctx, maxsize)


class JoinableQueue(_QueueOps, _queues.JoinableQueue):
    _il_base = _queues.JoinableQueue

    def __init__(self, maxsize=0, *, ctx):
        _queues.JoinableQueue.__init__(self, maxsize, ctx=ctx)
        self._il_setup('Queue', ctx, maxsize)

    def task_done(self):
        left = self._unfinished_tasks._semlock._get_value() - 1
        if left >= 0:
            # Recorded first: the join it ends may return (and be recorded) before task_done() does.
            emit(cur(), K.queueTaskDone, self._il_id, left, NAN, NAN, site())
        _queues.JoinableQueue.task_done(self)  # raises ValueError when called too many times

    def join(self):
        ts = cur()
        at = site()
        emit(ts, K.queueJoin, self._il_id, NAN, NAN, NAN, at)
        ts.during('queue.join', self, False, at, _queues.JoinableQueue.join, (self,))
        emit(ts, K.queueJoined, self._il_id, NAN, NAN, NAN, at)

    def _il_ready(self, op):
        if op == 'queue.join':
            return self._unfinished_tasks._semlock._is_zero()
        return _QueueOps._il_ready(self, op)


class SimpleQueue(_Pickles, _queues.SimpleQueue):
    _il_base = _queues.SimpleQueue
    _il_cross = True

    def __init__(self, *, ctx):
        _queues.SimpleQueue.__init__(self, ctx=ctx)
        # Counters: 0 the items put (an item's id).
        self._il_id = _register(self, 'SimpleQueue', ctx, 1, {'maxsize': 0})

    def put(self, obj):
        ts = cur()
        at = site()
        pid = self._il_id
        emit(ts, K.queuePut, pid, -1.0, NAN, NAN, at)
        iid = self._il_nums.bump(0)
        data = _ForkingPickler.dumps(_Item(iid, obj))
        # Recorded before the write, so no get in another process is recorded before its put.
        emit(ts, K.queuePutDone, pid, NAN, iid, NAN, at)
        ts.wait('queue.put', self, False, at)
        try:
            # The original's put() after its pickling (the same on 3.9 to 3.13).
            if self._wlock is None:
                self._writer.send_bytes(data)
            else:
                with self._wlock:
                    self._writer.send_bytes(data)
        finally:
            ts.unwait()

    def get(self):
        ts = cur()
        at = site()
        pid = self._il_id
        emit(ts, K.queueGet, pid, -1.0, NAN, NAN, at)
        ts.wait('queue.get', self, False, at)
        try:
            item = _queues.SimpleQueue.get(self)
        finally:
            ts.unwait()
        iid, item = _unwrap(item)
        emit(ts, K.queueGetDone, pid, NAN, iid, NAN, at)
        return item

    def _il_ready(self, op):
        return op == 'queue.put' or not self.empty()


# --- Pipe ----------------------------------------------------------------------------------

class _PipeInfo:
    """What both ends of one Pipe share: the primitive and its counters (alive while either end is)."""
    __slots__ = ('_il_info', '_il_nums', '__weakref__')


class Connection(_connection.Connection):
    """One end of a Pipe(): send() is a put into the pipe, recv() a get from it (as the TypeScript
    runtime records them), each message linked by its id; poll() is recorded too. send_bytes and
    recv_bytes carry no id and are not recorded."""
    _il_cross = True

    def send(self, obj):
        self._check_closed()
        self._check_writable()
        ts = cur()
        at = site()
        pid = self._il_id
        emit(ts, K.queuePut, pid, -1.0, NAN, NAN, at)
        iid = self._il_nums.bump(0) if self._il_nums is not None else -1
        buf = _ForkingPickler.dumps(_Item(iid, obj))
        # Recorded before the write, so no recv in another process is recorded before its send.
        emit(ts, K.queuePutDone, pid, NAN, iid, NAN, at)
        ts.wait('queue.put', self, False, at)
        try:
            self._send_bytes(buf)
        finally:
            ts.unwait()

    def recv(self):
        ts = cur()
        at = site()
        pid = self._il_id
        emit(ts, K.queueGet, pid, -1.0, NAN, NAN, at)
        ts.wait('pipe.recv', self, False, at)
        try:
            item = _connection.Connection.recv(self)
        except EOFError:
            emit(ts, K.queueEmpty, pid, NAN, NAN, NAN, at)
            raise
        finally:
            ts.unwait()
        iid, item = _unwrap(item)
        emit(ts, K.queueGetDone, pid, NAN, iid, NAN, at)
        return item

    def poll(self, timeout=0.0):
        ts = cur()
        at = site()
        pid = self._il_id
        emit(ts, K.connPoll, pid, _secs(timeout), NAN, NAN, at)
        timed = timeout is not None
        if timeout != 0:
            ts.wait('pipe.poll', self, timed, at)
        try:
            ready = _connection.Connection.poll(self, timeout)
        finally:
            ts.unwait()
        emit(ts, K.connPollDone, pid, 1 if ready else 0, NAN, NAN, at)
        return ready

    def _il_ready(self, op):
        try:
            return bool(select.select([self.fileno()], [], [], 0)[0])
        except (OSError, ValueError):
            return True  # closed: recv() raises at once


def Pipe(ctx, duplex=True):
    ends = _connection.Pipe(duplex)
    at = site()
    m = _pair.match(_line(at))
    name = m and '%s/%s' % (m.group(1).rsplit('.', 1)[-1], m.group(2).rsplit('.', 1)[-1])
    holder = _PipeInfo()
    pid = _register(holder, 'Pipe', ctx, 1, {'duplex': bool(duplex)}, name=name, at=at)
    for c in ends:
        c.__class__ = Connection
        c._il_id = pid
        c._il_info = holder._il_info
        c._il_nums = holder._il_nums
        c._il_holder = holder
    return ends


def _line(at):
    if at < 0:
        return ''
    import linecache
    fn, line, _col = _rec.sites[at].rsplit(':', 2)
    return linecache.getline(fn, int(line))


def _reduce_connection(conn):
    df = _reduction.DupFd(conn.fileno())
    # The counters can only travel while a child is being started (as any SemLock).
    nums = conn._il_nums if _context.get_spawning_popen() is not None else None
    return _rebuild_connection, (df, conn.readable, conn.writable, conn._il_info, nums)


def _rebuild_connection(df, readable, writable, info, nums):
    c = Connection(df.detach(), readable, writable)
    _adopt(c, info, nums)
    return c


_reduction.register(Connection, _reduce_connection)
