"""multiprocessing: child processes are traced too, each on its own connection to the host.

A forked child inherits the patched classes and the parent's tracer state: it starts over with its
own ids, rings, connection and watchdog (primitives inherited from the parent are announced again
under its ids). A spawned child is a fresh interpreter: the command line multiprocessing builds for
it imports this module first (`spawned()`), which installs the same classes before the parent's
pickled objects are read. Either way the child's lanes are grouped under its process (name, pid,
exit code as multiprocessing reports them). In the parent, Process.start() and join() are recorded
with the child's pid, which the host maps to the child's MainThread.

multiprocessing's own primitives made by the user's code (`multiprocessing.Lock()`,
`get_context('spawn').Queue()`, ...) come from _mp.py, imported on first use: the context's
factory methods are wrapped here; the ones multiprocessing calls for itself stay the originals.
"""
import importlib.machinery
import os
import select
import sys
import threading
import _thread
import multiprocessing
from multiprocessing import context as _context, process as _process, spawn as _spawn

from . import _rec, _state, _watch
from ._rec import K, NAN, emit, internal_caller, site
from ._state import _tls, cur

_OrigBootstrap = _process.BaseProcess._bootstrap
_OrigStart = _process.BaseProcess.start
_OrigJoin = _process.BaseProcess.join
_orig_command_line = _spawn.get_command_line
_package_parent = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _recorder():
    """The traced thread starting or joining a child; None for a thread of the standard library's
    own (a Pool's worker handler replacing workers): it gets no lane, and the child is still traced."""
    ts = getattr(_tls, 'ts', None)
    if ts is None and site() >= 0:
        ts = cur()
    return ts


def _start(self):
    ts = _recorder()
    if ts is not None:
        # The primitives this process made are announced before the child can announce them too.
        _rec.flush_ring(ts)
    _OrigStart(self)
    if ts is not None:
        emit(ts, K.processStart, -self.pid, self.pid, NAN, NAN, site())
    _rec.send_now({'type': 'spawned', 'pid': self.pid})


class _ChildWait:
    """What a thread joining a child process waits on: the host sees the child's own waits."""
    _il_cross = True

    def __init__(self, proc):
        self._il_id = -proc.pid
        self.proc = proc

    def _il_ready(self, op):
        try:
            return bool(select.select([self.proc.sentinel], [], [], 0)[0])  # never reaps: join() does
        except (OSError, ValueError):
            return True


def _join(self, timeout=None):
    ts = _recorder()
    if ts is None:
        return _OrigJoin(self, timeout)
    at = site()
    pid = self.pid or 0
    emit(ts, K.joinBegin, -pid if pid else -1, -1.0 if timeout is None else float(timeout), 0, NAN, at)
    if pid and self._popen is not None:
        ts.wait('join', _ChildWait(self), timeout is not None, at)
    try:
        _OrigJoin(self, timeout)
    finally:
        ts.unwait()
    emit(ts, K.joinEnd, -pid if pid else -1, 1 if self.exitcode is not None else 0, NAN, NAN, at)


def _bootstrap(self, parent_sentinel=None):
    _begin(self)
    code = _OrigBootstrap(self, parent_sentinel)
    _finish(code)
    return code


def _command_line(**kwds):
    args = _orig_command_line(**kwds)
    i = args.index('-c')
    args[i + 1] = ('import sys; sys.path.insert(0, %r); import interleave_trace._child as _il; del sys.path[0]; _il.spawned(); '
                   % _package_parent) + args[i + 1]
    return args


_FACTORIES = ('Lock', 'RLock', 'Semaphore', 'BoundedSemaphore', 'Condition', 'Event', 'Barrier', 'Queue',
              'JoinableQueue', 'SimpleQueue', 'Pipe')


def _factory(name, orig):
    def make(self, *args, **kwargs):
        if internal_caller():
            return orig(self, *args, **kwargs)  # multiprocessing's own (a Queue's locks, a Pool's queues)
        from . import _mp
        if name == 'Pipe':
            return _mp.Pipe(self.get_context(), *args, **kwargs)
        return getattr(_mp, name)(*args, ctx=self.get_context(), **kwargs)

    make.__name__ = make.__qualname__ = orig.__name__
    make.__doc__ = orig.__doc__
    return make


def _shared(orig):
    # Value()/Array() make their RLock from inside multiprocessing (which stays unrecorded); the one
    # the user's object holds is theirs (`with v.get_lock():`, and every `v.value` takes it), so it is
    # made here as a recorded RLock.
    def make(self, *args, lock=True, **kwargs):
        if lock in (True, None) and not internal_caller():
            from . import _mp
            lock = _mp.RLock(ctx=self.get_context())
        return orig(self, *args, lock=lock, **kwargs)

    make.__name__ = make.__qualname__ = orig.__name__
    make.__doc__ = orig.__doc__
    return make


def install():
    _process.BaseProcess._bootstrap = _bootstrap
    _process.BaseProcess.start = _start
    _process.BaseProcess.join = _join
    _spawn.get_command_line = _command_line
    for name in _FACTORIES:
        setattr(_context.BaseContext, name, _factory(name, getattr(_context.BaseContext, name)))
        # `multiprocessing.Lock` is the default context's bound method, taken at import.
        setattr(multiprocessing, name, getattr(_context._default_context, name))
    for name in ('Value', 'Array'):
        setattr(_context.BaseContext, name, _shared(getattr(_context.BaseContext, name)))
        setattr(multiprocessing, name, getattr(_context._default_context, name))
    # Instrumented once imported: a script that never makes a process pool does not pay for importing it.
    after_import('multiprocessing.pool', _install_pool)
    # Its manager thread (a subclass of threading.Thread made at import) is plumbing: no lane.
    after_import('concurrent.futures.process', _install_procpool, plain_threads=True)


def _install_pool(module):
    from . import _pool
    _pool.install()


def _install_procpool(module):
    from . import _procpool
    _procpool.install()


def replace(owner, name, fn):
    """fn in place of owner.name, under the original's name, module and doc (so a function pickled
    by reference, as a worker process's target is, names the original's place, where a traced
    process finds fn too). Returns the original."""
    orig = getattr(owner, name)
    fn.__name__ = orig.__name__
    fn.__qualname__ = orig.__qualname__
    fn.__module__ = orig.__module__
    fn.__doc__ = orig.__doc__
    setattr(owner, name, fn)
    return orig


class _AfterImport:
    """A meta path finder that runs a hook right after a module's first import, before the code
    that imported it sees it (a spawned child unpickling `multiprocessing.pool.worker` gets the
    traced one)."""

    def __init__(self):
        self.hooks = {}

    def find_spec(self, name, path=None, target=None):
        hook = self.hooks.pop(name, None)
        if hook is None:
            return None
        hook, plain_threads = hook
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is not None and spec.loader is not None:
            run = spec.loader.exec_module

            def exec_module(module):
                traced = threading.Thread
                if plain_threads:
                    threading.Thread = traced._il_original
                try:
                    run(module)
                finally:
                    threading.Thread = traced
                hook(module)

            spec.loader.exec_module = exec_module
        return spec


_after_import = _AfterImport()


def after_import(name, hook, plain_threads=False):
    """hook(module) once `name` is imported: now if it already is. `plain_threads`: the module's
    own subclasses of threading.Thread derive from the original (they get no lane)."""
    if name in sys.modules:
        return hook(sys.modules[name])
    _after_import.hooks[name] = (hook, plain_threads)
    if _after_import not in sys.meta_path:
        sys.meta_path.insert(0, _after_import)


def spawned():
    """First thing in a spawned child: the same classes as in the parent, before its objects arrive."""
    from . import _run
    _run.install()


def _begin(proc):
    """In the child, before its target runs: its own connection, ids, MainThread and watchdog."""
    _rec.disconnect_after_fork()
    _state.reset_after_fork()
    _rec.connect()
    target = getattr(proc, '_target', None)
    _rec.send_now({'type': 'hello', 'pid': os.getpid(), 'python': '%d.%d.%d' % sys.version_info[:3],
                   'implementation': sys.implementation.name, 'executable': sys.executable, 'file': '',
                   'process': {'name': proc.name, 'ppid': os.getppid(), 'daemon': bool(proc.daemon),
                               'target': getattr(target, '__qualname__', None) or getattr(target, '__name__', None)}})
    _rec.message({'type': 'clock', 't0': _rec.T0})
    ts = _state.new_thread(threading.current_thread().name, False, 0)
    _state.bind(ts)
    ts.info['ident'] = ts.ident
    _rec.message({'type': 'thread', 'thread': dict(ts.info)})
    emit(ts, K.threadStart, 0, NAN, NAN, NAN, -1)
    _state.announce_inherited()
    _watch.restart()


def _finish(code):
    ts = cur()
    ts.ended = True
    emit(ts, K.threadEnd, -1, 0 if code == 0 else 1, NAN, NAN, -1)
    ts.info['exit'] = 'normal' if code == 0 else 'exception'
    _rec.message({'type': 'thread', 'thread': dict(ts.info)})
    _watch.finished()
    _rec.flush_all(_state.threads)
    _rec.send_now({'type': 'end', 'kind': 'completed' if code == 0 else 'exited', 'exitCode': code, 'durationNs': _rec.now() - _rec.T0})
