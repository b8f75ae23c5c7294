"""Recording: per-thread event rings, source sites, and the stream to the host.

Each traced thread owns a flat list of numbers, seven per event (t, k, p, a, q, l, at): the owner
appends a record with one `buf += (...)` (a single C call, so a record is never split, and no
object outlives the call but the numbers: measured ~3x cheaper than struct.pack_into); a flusher
(the watchdog, or the owner past FULL, both under SEND) writes the list with `marshal.dumps` (one C
call that runs no Python code, so nothing is appended meanwhile; half the instructions of
array('d', ...) or struct.pack, counted with valgrind) and deletes exactly those numbers.

Wire format to the host (src/runtime/host/python/wire.ts reads it): frames of
  u32 length (little-endian) + payload,
where the payload is b'J' + UTF-8 JSON (a message) or b'E' + i32 thread id + the thread's list
of numbers as marshal (version 2) writes it: seven per event (t, kind code, p, a, q, l, site
index). t is the raw `perf_counter()`, float seconds on perf_counter_ns's clock: a float is made
from a free list and marshalled in a third of a big int's time (perf_counter_ns is past 2**30 a
second after boot). The host turns it back into nanoseconds (exact while the machine's uptime is
under ~26 days, within 2 ns a year on) and subtracts T0, which the 'clock' message carries in ns. The commonest operations of a plain Lock and a Queue have
short records (marshal costs ~180 instructions a number, the tuple ~100), marked by a negative code
in the kind's place that also names the primitive: -(primitive id * 16 + form), kept by each
primitive (`short_code`). The host writes the events in full:
  (t, c LOCK_GOT, q, at)        an uncontended acquire: acquireRequest (a -1) + acquired (a 1, l -1) at t
  (t, c LOCK_ASK, at)           acquireRequest with no timeout (the acquire is contended)
  (t, c LOCK_GOT_AFTER, q, l, at)  acquired (a 1) after that wait
  (t, c LOCK_REL, q, at)        release (a 0)
  (t, c PUT, at)                queuePut with no timeout (a -1)
  (t, c PUT_DONE, a, q, at)     queuePutDone
  (t, c GET, at)                queueGet with no timeout (a -1)
  (t, c GET_DONE, a, q, at)     queueGetDone
  (t, c COND_WAIT, at)          condWait with no timeout (a -1)
  (t, c COND_WAKE, a, l, at)    condWake
  (t, c COND_NOTIFY, a, q, at)  condNotify
  (t, c EVENT_WAIT, at)         eventWait with no timeout (a -1)
  (t, c EVENT_WAKE, a, l, at)   eventWake
  (t, c EVENT_SET, q, at)       eventSet
"""
(LOCK_GOT, LOCK_REL, LOCK_ASK, LOCK_GOT_AFTER, PUT, PUT_DONE, GET, GET_DONE, COND_WAIT, COND_WAKE, COND_NOTIFY, EVENT_WAIT,
 EVENT_WAKE, EVENT_SET) = range(1, 15)
import json
import marshal
import os
import struct
import sys
import _thread
import time

from . import _kinds

K = _kinds.EventKind
NAN = float('nan')

FIELDS = 7
FULL = 1024 * FIELDS  # numbers in a buffer before its writer sends it (the watchdog drains it every 20 ms)
_frame = struct.Struct('<I')
_chunk = struct.Struct('<ci')
_dumps = marshal.dumps

now = time.perf_counter_ns
clock = time.perf_counter  # a record's time (see above)
T0 = int(os.environ.get('INTERLEAVE_T0') or 0) or now()

SEND = _thread.allocate_lock()  # one writer on the socket at a time; also guards the pending lists
_sock = None
_pending_sites = []
_pending_strings = []
_pending_json = []
sites = []
strings = []


def connect():
    """Connects to the host's socket (INTERLEAVE_SOCKET); without one, events are dropped."""
    global _sock
    path = os.environ.get('INTERLEAVE_SOCKET')
    if not path:
        return None
    import socket
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    _sock = s
    return s


def disconnect_after_fork():
    """A forked child must not write into its parent's connection: it opens its own, with its own
    site and string numbering."""
    global _sock, SEND
    SEND = _thread.allocate_lock()
    if _sock is not None:
        try:
            _sock.close()  # the child's copy of the parent's socket; the parent's stays open
        except OSError:
            pass
    _sock = None
    del _pending_sites[:], _pending_strings[:], _pending_json[:], sites[:], strings[:]


def _send(payload):
    s = _sock
    if s is None:
        return
    try:
        s.sendall(_frame.pack(len(payload)) + payload)
    except OSError:
        pass  # the host is gone; the process is ended by it or by the watchdog


def message(obj):
    """Queues a JSON message; it goes out before the next events (so their ids resolve)."""
    with SEND:
        _pending_json.append(obj)


def send_now(obj):
    with SEND:
        _send_pending()
        _send(b'J' + json.dumps(obj, separators=(',', ':')).encode())


def _send_pending():
    # Caller holds SEND.
    if _pending_sites:
        base = len(sites) - len(_pending_sites)
        _send(b'J' + json.dumps({'type': 'sites', 'base': base, 'sites': _pending_sites}).encode())
        del _pending_sites[:]
    if _pending_strings:
        base = len(strings) - len(_pending_strings)
        _send(b'J' + json.dumps({'type': 'strings', 'base': base, 'strings': _pending_strings}).encode())
        del _pending_strings[:]
    for m in _pending_json:
        _send(b'J' + json.dumps(m, separators=(',', ':')).encode())
    del _pending_json[:]


def add_string(text):
    with SEND:
        strings.append(text)
        _pending_strings.append(text)
        return len(strings) - 1


class TState:
    """A traced thread: its id, its ring, and what it waits for (read by the watchdog)."""
    __slots__ = ('id', 'buf', 'ident', 'info', 'wop', 'won', 'wtimed', 'wsince', 'wat', 'gen',
                 'wake', 'ended', 'adopted', '__weakref__')

    def __init__(self, tid, info):
        self.id = tid
        self.buf = []
        self.ident = 0
        self.info = info  # the ThreadInfo dict sent to the host
        self.wop = None  # op name while blocked ('acquire', 'join', ...), else None
        self.won = None  # the primitive object or TState waited on
        self.wtimed = False
        self.wsince = 0.0  # clock() when the wait began (a record's time: the watchdog makes it ns since T0)
        self.wat = -1
        self.gen = 0  # bumps on every wait: the watchdog's two looks must see the same waits
        self.wake = -1  # seq of the notify that woke this thread's Condition.wait
        self.ended = False
        self.adopted = False

    def wait(self, op, on, timed, at):
        self.won = on
        self.wtimed = timed
        self.wsince = clock()
        self.wat = at
        self.gen += 1
        self.wop = op

    def unwait(self):
        self.wop = None
        self.won = None

    def during(self, op, on, timed, at, call, args, pid=0, failure=(), failed=0):
        """call(*args) while this thread waits for `on` (as the watchdog sees it). A `failure` it
        raises (e.g. queue.Full) is recorded as the kind `failed` on primitive `pid`, then re-raised."""
        self.wait(op, on, timed, at)
        try:
            return call(*args)
        except failure:
            self.unwait()
            emit(self, failed, pid, NAN, NAN, NAN, at)
            raise
        finally:
            self.unwait()


def short_code(pid, form):
    return -(pid * 16 + form)


def emit(ts, k, p, a, q, l, at):
    b = ts.buf
    b += (clock(), k, p, a, q, l, at)
    if len(b) >= FULL:
        flush_ring(ts)


def flush_ring(ts):
    with SEND:
        _send_pending()
        _drain(ts)


def _drain(ts):
    # Caller holds SEND.
    b = ts.buf
    n = len(b)
    if not n:
        return
    body = _dumps(b, 2)
    del b[:n]
    _send(_chunk.pack(b'E', ts.id) + body)


def flush_all(states):
    with SEND:
        _send_pending()
        for ts in states:
            _drain(ts)


# --- where an operation was called from ---------------------------------------------------

_here = os.path.dirname(os.path.abspath(__file__))


def _stdlib_dirs():
    import sysconfig
    out = set()
    for key in ('stdlib', 'platstdlib'):
        p = sysconfig.get_paths().get(key)
        if p:
            out.add(os.path.join(p, ''))
            out.add(os.path.join(os.path.realpath(p), ''))
    return tuple(out)


_stdlib = _stdlib_dirs()


def is_internal_file(fn):
    """Standard library (not site-packages) and the tracer itself: operations there are not the user's.
    Nor is code exec'd from a string ('<string>', e.g. a synchronized Value's `.value` property):
    it has no file to show, so its operations are sited at the line that ran it."""
    if fn.startswith(_here) or fn.startswith('<frozen') or fn == '<string>':
        return True
    if fn.startswith(_stdlib):
        return 'site-packages' not in fn and 'dist-packages' not in fn
    return False


# One cache keyed by id(code): hashing a code object hashes its bytecode and constants (microseconds
# each, measured), an int hashes at once. A code object maps to INTERNAL or to its sites by
# f_lasti. `_keep` holds every code object seen, so an id is never reused while its entry exists.
INTERNAL = {}
_code_sites = {}
_keep = []
_getframe = sys._getframe

# The first look, by the caller's f_lasti: (code, site, next entry or None), a chain of the user's
# code objects that call from that offset. Two attribute loads, a dict index and an `is` (~1,000
# instructions, counted with valgrind) instead of id() and two dict calls (~1,600). Lock.acquire/
# release and Queue.put/get write it out (a call costs as much) and call site() on a miss:
#     try:
#         f = _getframe(1)
#         e = at_lasti[f.f_lasti]
#         c = f.f_code
#         while e[0] is not c:
#             e = e[2]
#         at = e[1]
#     except (KeyError, TypeError, ValueError):  # no entry, the chain's end, or no caller's frame
#         at = site()
at_lasti = {}


def _learn(c):
    d = _code_sites[id(c)] = INTERNAL if is_internal_file(c.co_filename) else {}
    _keep.append(c)
    return d


def site(depth=2):
    """Index into `sites` of the user's call that led here; -1 when no user code is on the stack.
    `depth` 2 starts at the caller's caller (a traced method's own frame is never the user's)."""
    try:
        f = _getframe(depth)
    except ValueError:
        return -1  # called from C with no frame above (an atexit callback, a bare _thread function)
    lasti = f.f_lasti
    try:
        e = at_lasti[lasti]
        c = f.f_code
        while e[0] is not c:
            e = e[2]
        return e[1]
    except (KeyError, TypeError):
        pass
    first = f
    while f is not None:
        c = f.f_code
        d = _code_sites.get(id(c))
        if d is None:
            d = _learn(c)
        if d is not INTERNAL:
            i = d.get(f.f_lasti)
            if i is None:
                i = d[f.f_lasti] = _new_site(f)
            if f is first:
                at_lasti[lasti] = (c, i, at_lasti.get(lasti))
            return i
        f = f.f_back
    return -1


def forget_sites():
    """A forked child numbers its sites from 0 again."""
    for d in _code_sites.values():
        if d is not INTERNAL:
            d.clear()
    at_lasti.clear()


def _column(code, lasti):
    positions = getattr(code, 'co_positions', None)  # 3.11+
    if positions is None:
        return 1
    for i, pos in enumerate(positions()):
        if i == lasti // 2:
            return (pos[2] or 0) + 1
    return 1


def _new_site(f):
    c = f.f_code
    text = '%s:%d:%d' % (os.path.abspath(c.co_filename), f.f_lineno or 1, _column(c, f.f_lasti))
    with SEND:
        sites.append(text)
        _pending_sites.append(text)
        return len(sites) - 1


def internal_caller():
    """Whether the code constructing a primitive is the standard library's (its own locks, not the user's)."""
    f = _getframe(2)
    while f is not None and f.f_code.co_filename.startswith(_here):
        f = f.f_back
    return f is not None and is_internal_file(f.f_code.co_filename)
