"""Who is who: thread and primitive registries, ids, and names read from the creating line."""
import itertools
import linecache
import os
import re
import sys
import threading
import weakref
import _thread

from . import _rec
from ._rec import K, NAN, TState, emit, site

_tls = _thread._local()
_tid = itertools.count(1)
_pid = itertools.count(1)
threads = []  # every TState, in id order
locks = weakref.WeakValueDictionary()  # prim id -> Lock/RLock (their owners make the wait-for graph)
prims = weakref.WeakValueDictionary()  # prim id -> every live primitive (a forked child announces them again)
_orig_active = threading._active


def new_thread(name, daemon, parent, **extra):
    info = {'id': next(_tid), 'name': name, 'daemon': bool(daemon), 'parent': parent, 'ident': 0}
    info.update(extra)
    ts = TState(info['id'], info)
    threads.append(ts)
    return ts


def cur():
    """This thread's state; a thread the tracer did not start is adopted on its first operation."""
    try:
        return _tls.ts
    except AttributeError:
        return adopt()


def adopt():
    ident = _thread.get_ident()
    t = _orig_active.get(ident)
    name = t.name if t is not None else 'Thread-%d' % ident
    daemon = t.daemon if t is not None else True
    ts = new_thread(name, daemon, 0 if not threads else 1)
    ts.ident = ident
    ts.adopted = True
    ts.info['ident'] = ident
    _tls.ts = ts
    _rec.message({'type': 'thread', 'thread': dict(ts.info)})
    emit(ts, K.threadStart, ts.info['parent'], NAN, NAN, NAN, -1)
    return ts


def bind(ts):
    _tls.ts = ts
    ts.ident = _thread.get_ident()


_assign = re.compile(r'^\s*([A-Za-z_][\w.]*(?:\[[^\]]*\])?)\s*(?::[^=]+)?=(?!=)')
_with_as = re.compile(r'^\s*(?:async\s+)?with\b.*\bas\s+([A-Za-z_]\w*)\s*:')


def infer_name(at, kind, pid):
    """`lock = threading.Lock()` -> "lock"; `self.mutex = Lock()` -> "mutex"; else None (the host
    names it "Lock-3" by its run-wide id)."""
    if at >= 0:
        text = _rec.sites[at]
        fn, line, _col = text.rsplit(':', 2)
        text = linecache.getline(fn, int(line))
        m = _assign.match(text) or _with_as.match(text)
        if m:
            name = m.group(1)
            return name[5:] if name.startswith('self.') else name
    return None


def new_prim(obj, kind, name=None, at=None, init=None, lock=False, key=False):
    """Registers a user primitive: its id, its name, and the primCreate event. `key`: a
    multiprocessing primitive, named by its creating pid and id in every process (_mp.py)."""
    pid = next(_pid)
    ts = cur()
    if at is None:
        at = site()
    if name is None:
        name = infer_name(at, kind, pid)
    info = {'id': pid, 'kind': kind, 'name': name, 'site': at, 'creator': ts.id}
    if init:
        info['init'] = init
    if key:
        info['key'] = '%d:%d' % (os.getpid(), pid)
    _rec.message({'type': 'primitive', 'primitive': info})
    try:
        obj._il_info = info
        prims[pid] = obj
    except (AttributeError, TypeError):
        pass
    if lock:
        locks[pid] = obj
    emit(ts, K.primCreate, pid, _kinds_prim(kind), -1, NAN, at)
    return pid


def reset_after_fork():
    """A forked child numbers its own threads from 1 again; its primitives keep their ids."""
    global _tid
    del threads[:]
    _tid = itertools.count(1)
    _rec.forget_sites()


def announce_inherited():
    """Primitives a forked child inherited, announced under its own connection (their sites again)."""
    for pid, obj in list(prims.items()):
        info = dict(obj._il_info, creator=1, site=-1)
        _rec.message({'type': 'primitive', 'primitive': info})


def _kinds_prim(kind):
    return _rec._kinds.PrimKind[kind]


def live_states():
    """Traced threads that are alive now (by the interpreter's own table of thread frames)."""
    alive = running_idents()
    return [ts for ts in threads if ts.ident and not ts.ended and ts.ident in alive]


def running_idents():
    """The idents of the threads alive now. Only the idents are kept: the frames dict holds the caller's
    own frame, whose locals would hold the dict, a cycle that keeps every thread's frame for the
    garbage collector; a Pool worker's frame then held a pickled message's BytesIO view, and collecting
    the view after its BytesIO (CPython gh-111331) killed the worker with "SystemError: deallocated
    BytesIO object has exported buffers" (2 runs in 24 of test/fixtures/python/mp_pool.py, fork)."""
    return set(sys._current_frames())
