"""Lock, RLock, Condition, Semaphore, BoundedSemaphore, Event, Barrier: the user's calls, recorded.

Each is a class (a subclass of the stdlib's where the type allows it), so `isinstance` checks and
user subclasses keep working. A primitive the standard library makes for itself (a Queue's mutex,
a Semaphore's Condition, logging's locks) is the original object: nothing of it is recorded and it
costs nothing, which is also what keeps nested operations silent.
"""
import itertools
import threading
import _thread

from . import _rec, _state, _watch
from ._rec import COND_NOTIFY, COND_WAIT, COND_WAKE, EVENT_SET, EVENT_WAIT, EVENT_WAKE, FULL, K, NAN, LOCK_ASK, LOCK_GOT, LOCK_GOT_AFTER, LOCK_REL, at_lasti, _getframe, emit, flush_ring, internal_caller, clock, short_code, site
from ._state import _tls, cur, new_prim

_OrigCondition = threading.Condition
_OrigSemaphore = threading.Semaphore
_OrigBoundedSemaphore = threading.BoundedSemaphore
_OrigEvent = threading.Event
_OrigBarrier = threading.Barrier
_orig_rlock_factory = threading.RLock
_allocate = _thread.allocate_lock
_LockType = _thread.LockType
_CRLock = _thread.RLock
BrokenBarrierError = threading.BrokenBarrierError
_REQ, _ACQ, _REL = K.acquireRequest, K.acquired, K.release


def _secs(timeout):
    return -1.0 if timeout is None else float(timeout)


class _AcceptsOriginals(type):
    """`isinstance(x, threading.Event)` is also true for the stdlib's own Events (and raw locks)."""

    def __instancecheck__(cls, obj):
        if type.__instancecheck__(cls, obj):
            return True
        orig = cls.__dict__.get('_il_original')
        return orig is not None and isinstance(obj, orig)

    def __subclasscheck__(cls, sub):
        if type.__subclasscheck__(cls, sub):
            return True
        orig = cls.__dict__.get('_il_original')
        return orig is not None and isinstance(sub, type) and issubclass(sub, orig)


class Lock(metaclass=_AcceptsOriginals):
    """threading.Lock: a raw lock plus its owner (for the wait-for graph) and a sequence number.

    The sequence number `_il_q` is a plain int: it only changes while the raw lock is held (after an
    acquire, before a release), so the lock itself orders its updates (no itertools.count call)."""
    __slots__ = ('_il_lk', '_il_id', '_il_own', '_il_q', '_il_rel', '_il_info', '_il_got', '_il_ask', '_il_after',
                 '_il_relc', '__weakref__')
    _il_original = _LockType

    def __new__(cls, *args, **kwargs):
        if cls is Lock and internal_caller():
            return _allocate(*args, **kwargs)
        return object.__new__(cls)

    def __init__(self):
        self._il_lk = _allocate()
        self._il_own = None
        self._il_rel = -1
        self._il_q = 0
        pid = self._il_id = new_prim(self, 'Lock', lock=True)
        # The short records' codes (_rec.py), one attribute load each on the hot path.
        self._il_got = short_code(pid, LOCK_GOT)
        self._il_ask = short_code(pid, LOCK_ASK)
        self._il_after = short_code(pid, LOCK_GOT_AFTER)
        self._il_relc = short_code(pid, LOCK_REL)

    def acquire(self, blocking=True, timeout=-1):
        # The hot path is written out (no emit/site/wait calls): a call costs as much as a record.
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
        lk = self._il_lk
        if timeout == -1 and blocking:
            if lk.acquire(False):
                # Not contended: asked and got at one instant, one short record (the buffer is
                # checked for FULL at the release, or by the watchdog's drain).
                self._il_own = ts
                q = self._il_q = self._il_q + 1
                b = ts.buf
                b += (clock(), self._il_got, q, at)
                return True
            b = ts.buf
            t = clock()
            b += (t, self._il_ask, at)
            # ts.wait(...) and unwait() written out; no check_cycle: a cycle through a plain Lock is
            # the watchdog's call.
            ts.won = self
            ts.wtimed = False
            ts.wsince = t
            ts.wat = at
            ts.gen += 1
            ts.wop = 'acquire'
            try:
                lk.acquire()
            finally:
                ts.wop = None
                ts.won = None
            self._il_own = ts
            q = self._il_q = self._il_q + 1
            # The lock is ours: the last release recorded on it is the one that let this thread through.
            b += (clock(), self._il_after, q, self._il_rel, at)
            if len(b) >= FULL:
                flush_ring(ts)
            return True
        pid = self._il_id
        a = (-1.0 if timeout == -1 else float(timeout)) if blocking else 0.0
        emit(ts, _REQ, pid, a, NAN, NAN, at)
        if _simple(blocking, timeout):
            got = lk.acquire(False)
            waited = not got and blocking
            if waited:
                ts.wait('acquire', self, True, at)
                try:
                    got = lk.acquire(True, timeout)
                finally:
                    ts.unwait()
        else:
            waited = self._il_own is not None
            ts.wait('acquire', self, True, at)
            try:
                got = lk.acquire(blocking, timeout)  # raises exactly as the original for bad arguments
            finally:
                ts.unwait()
        if got:
            self._il_own = ts
            q = self._il_q = self._il_q + 1
            emit(ts, _ACQ, pid, 1, q, self._il_rel if waited else -1, at)
        else:
            emit(ts, K.acquireFailed, pid, a, NAN, NAN, at)
        return got

    __enter__ = acquire

    def release(self):
        lk = self._il_lk
        if self._il_own is None and not lk.locked():  # (an owner is set only while it is locked)
            lk.release()  # raises the original RuntimeError
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
        q = self._il_rel = self._il_q = self._il_q + 1
        b = ts.buf
        b += (clock(), self._il_relc, q, at)
        self._il_own = None
        lk.release()
        if len(b) >= FULL:
            flush_ring(ts)

    def __exit__(self, *exc):
        # release() written out: through a call, the caller's frame would be this method's.
        lk = self._il_lk
        if self._il_own is None and not lk.locked():
            lk.release()
        try:
            ts = _tls.ts
        except AttributeError:
            ts = cur()
        try:
            f = _getframe(1)
            e = at_lasti[f.f_lasti]
            c = f.f_code
            while e[0] is not c:
                e = e[2]
            at = e[1]
        except (KeyError, TypeError, ValueError):
            at = site()
        q = self._il_rel = self._il_q = self._il_q + 1
        b = ts.buf
        b += (clock(), self._il_relc, q, at)
        self._il_own = None
        lk.release()
        if len(b) >= FULL:
            flush_ring(ts)

    def locked(self):
        return self._il_lk.locked()

    def _is_owned(self):
        # What Condition asks of a plain lock ("is it held?"), without the acquire/release probe it
        # would otherwise make (and record).
        return self._il_lk.locked()

    def _at_fork_reinit(self):
        self._il_lk._at_fork_reinit()
        self._il_own = None

    acquire_lock = acquire
    release_lock = release
    locked_lock = locked

    def __repr__(self):
        return '<%s _thread.lock object at %#x>' % ('locked' if self._il_lk.locked() else 'unlocked', id(self))

    def __reduce_ex__(self, protocol):
        raise TypeError("cannot pickle '_thread.lock' object")

    @property
    def __class__(self):
        # isinstance(x, T) falls back to x.__class__: a traced lock also passes isinstance(lock, _thread.LockType).
        return _LockType if type(self) is Lock else type(self)


def _simple(blocking, timeout):
    """Arguments a non-blocking first try cannot get wrong; anything else goes to the original as is."""
    if timeout == -1:
        return True
    return bool(blocking) and type(timeout) in (int, float) and timeout >= 0


class _RLock(_CRLock):
    """threading.RLock() returns this (threading.RLock stays a factory function, as in CPython)."""

    def __init__(self, *args, **kwargs):
        self._il_own = None
        self._il_depth = 0
        self._il_rel = -1
        self._il_seq = itertools.count(1)
        self._il_id = new_prim(self, 'RLock', name=kwargs.pop('_il_name', None), at=kwargs.pop('_il_at', None), lock=True)

    def __new__(cls, *args, **kwargs):
        kwargs.pop('_il_name', None)
        kwargs.pop('_il_at', None)
        return _CRLock.__new__(cls, *args, **kwargs)

    def acquire(self, blocking=True, timeout=-1):
        ts = cur()
        at = site()
        pid = self._il_id
        emit(ts, K.acquireRequest, pid, (-1.0 if timeout == -1 else float(timeout)) if blocking else 0.0, NAN, NAN, at)
        if _simple(blocking, timeout):
            got = _CRLock.acquire(self, False)
            waited = not got and bool(blocking)
            if waited:
                ts.wait('acquire', self, timeout != -1, at)
                if timeout == -1:
                    _watch.check_cycle(ts)
                try:
                    got = _CRLock.acquire(self, True, timeout)
                finally:
                    ts.unwait()
        else:
            waited = self._il_own is not None and self._il_own is not ts
            ts.wait('acquire', self, True, at)
            try:
                got = _CRLock.acquire(self, blocking, timeout)  # raises exactly as the original for bad arguments
            finally:
                ts.unwait()
        if got:
            self._il_own = ts
            self._il_depth += 1
            emit(ts, K.acquired, pid, self._il_depth, next(self._il_seq), self._il_rel if waited else -1, at)
        else:
            emit(ts, K.acquireFailed, pid, (-1.0 if timeout == -1 else float(timeout)) if blocking else 0.0, NAN, NAN, at)
        return got

    __enter__ = acquire

    def release(self):
        if not self._is_owned():
            _CRLock.release(self)  # raises the original RuntimeError
        ts = cur()
        q = next(self._il_seq)
        depth = self._il_depth - 1
        emit(ts, K.release, self._il_id, depth, q, NAN, site())
        self._il_depth = depth
        if depth == 0:
            self._il_rel = q
            self._il_own = None
        _CRLock.release(self)

    def __exit__(self, *exc):
        self.release()

    # Condition.wait releases an RLock completely and restores its depth afterwards.
    def _release_save(self):
        ts = cur()
        q = next(self._il_seq)
        emit(ts, K.release, self._il_id, 0, q, NAN, site())
        saved = (_CRLock._release_save(self), self._il_depth)
        self._il_depth = 0
        self._il_rel = q
        self._il_own = None
        return saved

    def _acquire_restore(self, saved):
        state, depth = saved
        ts = cur()
        at = site()
        emit(ts, K.acquireRequest, self._il_id, -1.0, NAN, NAN, at)
        waited = self._il_own is not None
        ts.wait('acquire', self, False, at)
        try:
            _CRLock._acquire_restore(self, state)
        finally:
            ts.unwait()
        self._il_own = ts
        self._il_depth = depth
        emit(ts, K.acquired, self._il_id, depth, next(self._il_seq), self._il_rel if waited else -1, at)

    def _at_fork_reinit(self):
        _CRLock._at_fork_reinit(self)
        self._il_own = None
        self._il_depth = 0

    def __repr__(self):
        owner = self._il_own.ident if self._il_own is not None else 0
        return '<%s _thread.RLock object owner=%d count=%d at %#x>' % (
            'locked' if self._il_depth else 'unlocked', owner, self._il_depth, id(self))

    def __reduce_ex__(self, protocol):
        raise TypeError("cannot pickle '_thread.RLock' object")


_RLock.__name__ = _RLock.__qualname__ = 'RLock'
_RLock.__module__ = '_thread'


def RLock(*args, **kwargs):
    if internal_caller():
        return _orig_rlock_factory(*args, **kwargs)
    if args or kwargs:
        _orig_rlock_factory(*args, **kwargs)  # the same warning (3.13) or error as the original
    return _RLock()


RLock.__module__ = 'threading'
RLock.__qualname__ = 'RLock'
RLock.__doc__ = _orig_rlock_factory.__doc__


def _internal_or_new(cls, base, orig, args, kwargs):
    """The stdlib's own instance for its own use; else a new traced instance."""
    if cls is base and internal_caller():
        obj = orig.__new__(orig)
        obj.__init__(*args, **kwargs)
        return obj
    return object.__new__(cls)


class Condition(_OrigCondition, metaclass=_AcceptsOriginals):
    _il_original = _OrigCondition

    def __new__(cls, *args, **kwargs):
        return _internal_or_new(cls, Condition, _OrigCondition, args, kwargs)

    def __init__(self, lock=None):
        at = site()
        pid_name = None
        if lock is None:
            pid_name = _state.infer_name(at, 'Condition', 0)
            lock = _RLock(_il_name=pid_name and '%s.lock' % pid_name, _il_at=at)
        _OrigCondition.__init__(self, lock)
        self._il_waiters = __import__('collections').deque()
        self._il_seq = itertools.count(1)
        pid = self._il_id = new_prim(self, 'Condition', name=pid_name, at=at, init={'lock': getattr(lock, '_il_id', -1)})
        self._il_codes = tuple(short_code(pid, form) for form in (COND_WAIT, COND_WAKE, COND_NOTIFY))

    def wait(self, timeout=None):
        ts = cur()
        at = site()
        wait_code, wake_code, _ = self._il_codes
        b = ts.buf
        if timeout is None:
            b += (clock(), wait_code, at)
        else:
            b += (clock(), K.condWait, self._il_id, _secs(timeout), NAN, NAN, at)
        ws = self._il_waiters
        ws.append(ts)
        ts.wake = -1
        ts.wait('cond.wait', self, timeout is not None, at)
        ok = False
        try:
            ok = _OrigCondition.wait(self, timeout)
        finally:
            ts.unwait()
            if not ok:
                try:
                    ws.remove(ts)
                except ValueError:
                    pass
        b += (clock(), wake_code, 1 if ok else 0, ts.wake if ok else -1, at)
        if len(b) >= FULL:
            flush_ring(ts)
        return ok

    def notify(self, n=1):
        if not self._is_owned():
            raise RuntimeError('cannot notify on un-acquired lock')
        q = next(self._il_seq)
        ws = self._il_waiters
        k = 0
        while ws and k < n:
            ws.popleft().wake = q
            k += 1
        ts = cur()
        b = ts.buf
        b += (clock(), self._il_codes[2], k, q, site())
        if len(b) >= FULL:
            flush_ring(ts)
        _OrigCondition.notify(self, n)

    def notify_all(self):
        self.notify(len(self._waiters))

    notifyAll = notify_all


class _SemOps:
    def acquire(self, blocking=True, timeout=None):
        if not blocking and timeout is not None:
            raise ValueError("can't specify timeout for non-blocking acquire")
        ts = cur()
        at = site()
        pid = self._il_id
        a = _secs(timeout) if blocking else 0.0
        emit(ts, K.acquireRequest, pid, a, NAN, NAN, at)
        got = self._il_base.acquire(self, False)
        waited = False
        if not got and blocking:
            waited = True
            ts.wait('acquire', self, timeout is not None, at)
            try:
                got = self._il_base.acquire(self, True, timeout)
            finally:
                ts.unwait()
        if got:
            emit(ts, K.acquired, pid, self._value, next(self._il_seq), self._il_rel if waited else -1, at)
        else:
            emit(ts, K.acquireFailed, pid, a, NAN, NAN, at)
        return got

    __enter__ = acquire

    def release(self, n=1):
        ts = cur()
        at = site()
        initial = getattr(self, '_initial_value', None)
        if initial is not None and n >= 1 and self._value + n > initial:
            emit(ts, K.semaphoreOverRelease, self._il_id, self._value, NAN, NAN, at)
        elif n >= 1:
            q = next(self._il_seq)
            emit(ts, K.release, self._il_id, self._value + n, q, NAN, at)
            self._il_rel = q
        self._il_base.release(self, n)

    def __exit__(self, *exc):
        self.release()

    def _il_init(self, kind, value):
        self._il_seq = itertools.count(1)
        self._il_rel = -1
        self._il_id = new_prim(self, kind, init={'value': value})


class Semaphore(_SemOps, _OrigSemaphore, metaclass=_AcceptsOriginals):
    _il_original = _OrigSemaphore
    _il_base = _OrigSemaphore

    def __new__(cls, *args, **kwargs):
        return _internal_or_new(cls, Semaphore, _OrigSemaphore, args, kwargs)

    def __init__(self, value=1):
        _OrigSemaphore.__init__(self, value)
        # Up to 3.11 BoundedSemaphore.__init__ calls the module's `Semaphore.__init__`, i.e. this one.
        if not isinstance(self, _OrigBoundedSemaphore):
            self._il_init('Semaphore', value)


class BoundedSemaphore(_SemOps, _OrigBoundedSemaphore, metaclass=_AcceptsOriginals):
    _il_original = _OrigBoundedSemaphore
    _il_base = _OrigBoundedSemaphore

    def __new__(cls, *args, **kwargs):
        return _internal_or_new(cls, BoundedSemaphore, _OrigBoundedSemaphore, args, kwargs)

    def __init__(self, value=1):
        _OrigBoundedSemaphore.__init__(self, value)
        self._il_init('BoundedSemaphore', value)


class Event(_OrigEvent, metaclass=_AcceptsOriginals):
    _il_original = _OrigEvent

    def __new__(cls, *args, **kwargs):
        kwargs.pop('_il_name', None)
        return _internal_or_new(cls, Event, _OrigEvent, args, kwargs)

    def __init__(self, _il_name=None):
        _OrigEvent.__init__(self)
        self._il_seq = itertools.count(1)
        self._il_setq = -1
        pid = self._il_id = new_prim(self, 'Event', name=_il_name)
        self._il_codes = tuple(short_code(pid, form) for form in (EVENT_WAIT, EVENT_WAKE, EVENT_SET))

    def set(self):
        q = next(self._il_seq)
        self._il_setq = q
        ts = cur()
        b = ts.buf
        b += (clock(), self._il_codes[2], q, site())
        if len(b) >= FULL:
            flush_ring(ts)
        _OrigEvent.set(self)

    def clear(self):
        emit(cur(), K.eventClear, self._il_id, NAN, NAN, NAN, site())
        _OrigEvent.clear(self)

    def wait(self, timeout=None):
        ts = cur()
        at = site()
        wait_code, wake_code, _ = self._il_codes
        b = ts.buf
        if timeout is None:
            b += (clock(), wait_code, at)
        else:
            b += (clock(), K.eventWait, self._il_id, _secs(timeout), NAN, NAN, at)
        if self._flag:
            ok = True
            b += (clock(), wake_code, 1, -1, at)
        else:
            ts.wait('event.wait', self, timeout is not None, at)
            try:
                ok = _OrigEvent.wait(self, timeout)
            finally:
                ts.unwait()
            b += (clock(), wake_code, 1 if ok else 0, self._il_setq if ok else -1, at)
        if len(b) >= FULL:
            flush_ring(ts)
        return ok


class Barrier(_OrigBarrier, metaclass=_AcceptsOriginals):
    _il_original = _OrigBarrier

    def __new__(cls, *args, **kwargs):
        return _internal_or_new(cls, Barrier, _OrigBarrier, args, kwargs)

    def __init__(self, parties, action=None, timeout=None):
        _OrigBarrier.__init__(self, parties, action, timeout)
        self._il_arrivals = itertools.count()
        self._il_base = 0
        self._il_id = new_prim(self, 'Barrier', init={'parties': parties})

    def wait(self, timeout=None):
        ts = cur()
        at = site()
        pid = self._il_id
        trip = self._il_base + next(self._il_arrivals) // self._parties
        emit(ts, K.barrierWait, pid, _secs(timeout), NAN, NAN, at)
        index = ts.during('barrier.wait', self, timeout is not None or self._timeout is not None, at,
                          _OrigBarrier.wait, (self, timeout), pid, BrokenBarrierError, K.barrierBroken)
        emit(ts, K.barrierPass, pid, index, NAN, trip, at)
        return index

    def _il_restart(self, how):
        # Arrivals after a reset or abort start a new trip.
        self._il_base += 1 + next(self._il_arrivals) // self._parties
        self._il_arrivals = itertools.count()
        emit(cur(), K.barrierReset, self._il_id, how, NAN, NAN, site())

    def reset(self):
        self._il_restart(0)
        _OrigBarrier.reset(self)

    def abort(self):
        self._il_restart(1)
        _OrigBarrier.abort(self)


# Reprs and pickling by reference name the originals.
Lock.__module__, Lock.__name__, Lock.__qualname__ = '_thread', 'lock', 'lock'
for _cls in (Condition, Semaphore, BoundedSemaphore, Event, Barrier):
    _cls.__module__ = 'threading'
