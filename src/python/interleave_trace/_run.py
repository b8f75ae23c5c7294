"""Installs the traced classes, then runs the user's script as `__main__` the way `python3 script.py`
does: sys.argv, sys.path[0] (the script's folder), `__file__`, stdin/stdout/stderr untouched, and
the same exit code. Only a deadlock, a stall, the time limit or a stop ends it differently.
"""
import builtins
import importlib.machinery
import io
import os
import queue
import sys
import threading
import time
import traceback
import types

from . import _rec, _watch, _state
from ._rec import K, NAN, emit


def install():
    from . import _futures, _locks, _queues, _threads
    for name in ('Lock', 'RLock', 'Condition', 'Semaphore', 'BoundedSemaphore', 'Event', 'Barrier'):
        setattr(threading, name, getattr(_locks, name))
    threading.Thread = _threads.Thread
    threading.Timer = _threads.Timer
    time.sleep = _threads.sleep
    for name in ('Queue', 'LifoQueue', 'PriorityQueue', 'SimpleQueue'):
        setattr(queue, name, getattr(_queues, name))
    _futures.install()
    from . import _child
    _child.install()
    return _threads


def _trim(tb):
    """The traceback from the user's first frame on, as `python3 script.py` prints it."""
    while tb is not None and tb.tb_frame.f_code.co_filename.startswith(_rec._here):
        tb = tb.tb_next
    return tb


def _one_line(e):
    return traceback.format_exception_only(type(e), e)[-1].strip()


def main(argv):
    if not argv:
        sys.stderr.write('usage: python3 interleave_trace SCRIPT [ARGS...]\n')
        return 2
    script = argv[0]
    path = os.path.abspath(script)
    try:
        with io.open_code(path) as f:
            source = f.read()
    except OSError as e:
        sys.stderr.write("%s: can't open file %r: [Errno %d] %s\n" % (os.path.basename(sys.executable), path, e.errno, e.strerror))
        return 2
    _rec.connect()
    hello = {'type': 'hello', 'pid': os.getpid(), 'python': '%d.%d.%d' % sys.version_info[:3],
             'implementation': sys.implementation.name, 'executable': sys.executable, 'file': path}
    _rec.send_now(hello)
    try:
        code = compile(source, path, 'exec', dont_inherit=True)
    except SyntaxError as e:
        if _rec._sock is None:
            traceback.print_exception(type(e), e, None)  # as python3 prints it; a host prints its own
        _rec.send_now({'type': 'end', 'kind': 'error', 'exitCode': 1, 'durationNs': 0, 'error': {
            'kind': 'syntax', 'message': '%s: %s' % (type(e).__name__, e.msg), 'file': e.filename or path,
            'line': e.lineno or 1, 'col': e.offset or 1}})
        return 1
    threads = install()
    main_ts = threads.main_thread_state()
    _watch.start(float(os.environ.get('INTERLEAVE_TIME_LIMIT') or 0))

    sys.argv = [script] + list(argv[1:])
    sys.path[0] = os.path.dirname(os.path.realpath(path))
    module = types.ModuleType('__main__')
    module.__dict__.update(__file__=path, __cached__=None, __package__=None, __spec__=None, __builtins__=builtins,
                           __loader__=importlib.machinery.SourceFileLoader('__main__', path))
    sys.modules['__main__'] = module

    kind, status, error = 'completed', 0, None
    try:
        exec(code, module.__dict__)
    except SystemExit as e:
        status = e
        if e.code is not None and e.code != 0:
            kind = 'exited'
    except BaseException as e:
        kind, status, error = 'exception', 1, _one_line(e)
        e.__traceback__ = _trim(e.__traceback__)
        sys.excepthook(type(e), e, e.__traceback__)
        emit(main_ts, K.threadException, -1, _rec.add_string('%s\n%s' % (error, ''.join(
            traceback.format_exception(type(e), e, e.__traceback__)))), NAN, NAN, -1)
    threads.exit_join()
    finish(main_ts, kind, status, error)
    if isinstance(status, SystemExit):
        raise status
    return status


def finish(main_ts, kind, status, error):
    """The main script and the exit join are over: MainThread's lane closes, live daemons are cut off."""
    code = status.code if isinstance(status, SystemExit) else status
    exit_code = code if isinstance(code, int) else (0 if code is None else 1)
    main_ts.ended = True
    emit(main_ts, K.threadEnd, -1, 1 if kind == 'exception' else 0, NAN, NAN, -1)
    main_ts.info['exit'] = 'exception' if kind == 'exception' else 'normal'
    if error:
        main_ts.info['error'] = {'message': error}
    _rec.message({'type': 'thread', 'thread': dict(main_ts.info)})
    for ts in _state.live_states():
        if ts is main_ts:
            continue
        if ts.info.get('daemon'):
            _rec.message({'type': 'thread', 'thread': dict(ts.info, exit='cutoff')})
        elif ts.adopted:
            # A standard-library thread (an executor's worker) the interpreter joins after this.
            _rec.message({'type': 'thread', 'thread': dict(ts.info, exit='normal')})
    _watch.finished()
    _rec.flush_all(_state.threads)
    _rec.send_now({'type': 'end', 'kind': kind, 'exitCode': exit_code, 'durationNs': _rec.now() - _rec.T0})
