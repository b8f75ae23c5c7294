"""Thread, Timer, time.sleep, and the interpreter's exit join, recorded."""
import os
import sys
import threading
import time
import traceback
import _thread

from . import _rec, _state, _watch
from ._rec import K, NAN, emit, site, internal_caller
from ._state import cur, new_thread
from ._locks import Event, _AcceptsOriginals, _internal_or_new

_OrigThread = threading.Thread
_orig_sleep = time.sleep
spawning_workers = set()  # threads inside a user ThreadPoolExecutor's _adjust_thread_count
_exit_hooks = [False]  # the interpreter's exit hooks are running (they join the executors' workers)


def _secs(timeout):
    return -1.0 if timeout is None else float(timeout)


class Thread(_OrigThread, metaclass=_AcceptsOriginals):
    """threading.Thread: `start` announces the lane, the run is wrapped so the lane opens and closes."""
    _il_original = _OrigThread

    def __new__(cls, *args, **kwargs):
        # The standard library's own threads (pool handlers) get a lane only when user code runs
        # on them (adopted on first use); a user's ThreadPoolExecutor's workers are traced threads,
        # so they start, end and are joined on the timeline like the user's own.
        if cls is Thread and _thread.get_ident() in spawning_workers:
            return object.__new__(cls)
        return _internal_or_new(cls, Thread, _OrigThread, args, kwargs)

    def __init__(self, *args, **kwargs):
        _OrigThread.__init__(self, *args, **kwargs)
        target = getattr(self, '_target', None)
        extra = {}
        name = getattr(target, '__qualname__', None) or getattr(target, '__name__', None)
        if name and _thread.get_ident() not in spawning_workers:  # not the executor's own `_worker` loop
            extra['target'] = name
        self._il = new_thread(self.name, self.daemon, cur().id, **extra)

    def start(self):
        ts = cur()
        child = self._il
        child.info.update(name=self.name, daemon=self.daemon, parent=ts.id)
        _rec.message({'type': 'thread', 'thread': dict(child.info)})
        emit(ts, K.threadSpawn, child.id, NAN, NAN, NAN, site())
        run = self.run
        self.run = lambda: _run_traced(self, child, run)
        _OrigThread.start(self)

    def join(self, timeout=None):
        target = getattr(self, '_il', None)
        if target is None or not self._started.is_set() or self is threading.current_thread():
            return _OrigThread.join(self, timeout)  # raises as the original does
        ts = cur()
        at = site()
        if at < 0 and target.ended:
            return _OrigThread.join(self, timeout)  # no user code asked: the exit hooks' join of a pool worker already over
        emit(ts, K.joinBegin, target.id, _secs(timeout), 1 if at < 0 and _exit_hooks[0] else 0, NAN, at)
        _join(ts, self, target, timeout, at)
        emit(ts, K.joinEnd, target.id, 0 if self.is_alive() else 1, NAN, NAN, at)


def _join(ts, thread, target, timeout, at):
    ts.wait('join', target, timeout is not None, at)
    if timeout is None:
        _watch.check_cycle(ts)
    try:
        _OrigThread.join(thread, timeout)
    finally:
        ts.unwait()


def _run_traced(thread, ts, run):
    _state.bind(ts)
    info = ts.info
    info['ident'] = ts.ident
    _rec.message({'type': 'thread', 'thread': dict(info, name=thread.name)})
    emit(ts, K.threadStart, info['parent'], NAN, NAN, NAN, -1)
    code = 0
    try:
        run()
    except SystemExit:
        pass  # ends the thread quietly, as in Python
    except BaseException as e:
        code = 1
        text = '%s\n%s' % (_one_line(e), ''.join(traceback.format_exception(type(e), e, e.__traceback__)))
        emit(ts, K.threadException, -1, _rec.add_string(text), NAN, NAN, -1)
        info['error'] = {'message': _one_line(e), 'stack': text.split('\n', 1)[1]}
        raise
    finally:
        ts.ended = True
        emit(ts, K.threadEnd, -1, code, NAN, NAN, -1)
        info['exit'] = 'exception' if code else 'normal'
        _rec.message({'type': 'thread', 'thread': dict(info, name=thread.name)})
        _rec.flush_ring(ts)


def _one_line(e):
    return traceback.format_exception_only(type(e), e)[-1].strip()


class Timer(Thread):
    """threading.Timer: waits on its `finished` Event for `interval`, then calls the function."""

    def __init__(self, interval, function, args=None, kwargs=None):
        Thread.__init__(self)
        self.interval = interval
        self.function = function
        self.args = args if args is not None else []
        self.kwargs = kwargs if kwargs is not None else {}
        self._il.info['timerInterval'] = interval
        fn = getattr(function, '__qualname__', None)
        if fn:
            self._il.info['target'] = fn
        self.finished = Event(_il_name='%s.finished' % self.name)

    def cancel(self):
        emit(cur(), K.timerCancel, self._il.id, NAN, NAN, NAN, site())
        self.finished.set()

    def run(self):
        self.finished.wait(self.interval)
        if not self.finished.is_set():
            self.function(*self.args, **self.kwargs)
        self.finished.set()


Timer.__module__ = Thread.__module__ = 'threading'
Thread.__qualname__ = Thread.__name__ = 'Thread'
Timer.__qualname__ = Timer.__name__ = 'Timer'


def sleep(secs):
    if type(secs) not in (int, float) or secs < 0:
        return _orig_sleep(secs)  # raises as the original does
    ts = cur()
    at = site()
    emit(ts, K.sleepBegin, -1, float(secs), NAN, NAN, at)
    ts.wait('sleep', None, True, at)
    try:
        _orig_sleep(secs)
    finally:
        ts.unwait()
        emit(ts, K.sleepEnd, -1, NAN, NAN, NAN, at)


sleep.__doc__ = _orig_sleep.__doc__


def exit_join():
    """What the interpreter does when the main script ends, done here so it is recorded: run the
    threading-level exit hooks (ThreadPoolExecutor's), then join every non-daemon thread."""
    hooks = getattr(threading, '_threading_atexits', None)
    if isinstance(hooks, list) and hooks:
        threading._SHUTTING_DOWN = True
        _exit_hooks[0] = True
        try:
            for call in reversed(hooks):
                call()
        finally:
            _exit_hooks[0] = False
        del hooks[:]
    ts = cur()
    while True:
        pending = [t for t in threading.enumerate() if not t.daemon and t.is_alive() and t is not threading.main_thread()
                   and getattr(t, '_il', None) is not None]
        if not pending:
            return
        for t in pending:
            emit(ts, K.joinBegin, t._il.id, -1.0, 1, NAN, -1)
            _join(ts, t, t._il, None, -1)
            emit(ts, K.joinEnd, t._il.id, 1, NAN, NAN, -1)


def main_thread_state():
    """MainThread is thread 1; it is announced before the script runs, which is the run's time 0
    (child processes inherit it, so every process of the run shares one clock)."""
    _rec.T0 = _rec.now()
    os.environ['INTERLEAVE_T0'] = str(_rec.T0)
    _rec.message({'type': 'clock', 't0': _rec.T0})
    ts = new_thread('MainThread', False, 0)
    _state.bind(ts)
    ts.info['ident'] = ts.ident
    _rec.message({'type': 'thread', 'thread': dict(ts.info)})
    emit(ts, K.threadStart, 0, NAN, NAN, NAN, -1)
    return ts


def _ensure_names():
    # Daemon flags and names may change after start(); the end message carries the last ones.
    for t in threading.enumerate():
        ts = getattr(t, '_il', None)
        if ts is not None:
            ts.info['name'] = t.name
