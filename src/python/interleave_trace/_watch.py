"""The watchdog: drains the buffers to the host, keeps the wait-for graph, and ends a stuck run.

It is a raw `_thread` thread (not a threading.Thread, so `threading.enumerate()` and the
interpreter's exit join never see it) that waits on a raw lock in 20 ms slices (each wake takes the
GIL from the user's threads, so it wakes rarely). A thread about to block without a timeout on an
RLock or a join follows the wait-for chain itself (`check_cycle`): when the chain comes back to it,
the cycle has closed and it wakes the watchdog, which looks twice (one slice apart) before it calls
it a deadlock. A plain Lock has no owner in Python (any thread may release it: a ping-pong waits on
a lock it holds itself on every round), so a chain through one wakes nobody: such a cycle is a
deadlock only once every live thread waits with no timeout (the notes' program: worker2 blocked on
the lock, MainThread in the exit join), which the check every 100 ms sees. That check also finds a
stall (every live thread waits with no timeout) and the time limit. Ending writes the trace's end
(the host explains it with the same code as for TypeScript runs) and exits the process: blocked
threads need no waking, `os._exit` ends them where they wait.
"""
import os
import sys
import _thread

from . import _rec, _state
from ._rec import K, NAN, TState, emit, now

_wake = _thread.allocate_lock()
_wake.acquire()
_ending = _thread.allocate_lock()
_suspect = [False]
_done = [False]
_quiet = [False]
limit_ns = [0]
EXIT_CODES = {'deadlock': 2, 'stall': 3, 'timeout': 4, 'stopped': 1}


def holder(on):
    if isinstance(on, TState):
        return None if on.ended else on
    return getattr(on, '_il_own', None)


def check_cycle(ts):
    """Called by a thread about to block with no timeout: does its wait close a cycle?"""
    seen = set()
    cur = ts
    while True:
        if hasattr(cur.won, '_il_lk'):
            return  # a plain Lock: only the periodic check can tell (see above)
        h = holder(cur.won)
        if h is None:
            return
        if h is ts:
            poke()
            return
        if h.wop is None or h.wtimed or id(h) in seen:
            return
        seen.add(id(h))
        cur = h


def poke():
    _suspect[0] = True
    try:
        _wake.release()
    except RuntimeError:
        pass  # already awake


def _let_through(ts, op, on):
    """Whether what `ts` waits for has already happened (it was let through and has not run yet):
    under load a woken thread can take a while to run, and must not count as stuck meanwhile."""
    try:
        ready = getattr(on, '_il_ready', None)
        if ready is not None:
            return ready(op)  # a multiprocessing primitive, or a child process joined (_mp.py, _child.py)
        if op == 'acquire':
            if hasattr(on, '_il_lk'):
                return on._il_own is None  # free: the waiter is about to take it
            if hasattr(on, '_il_depth'):
                return on._il_own is None
            return getattr(on, '_value', 0) > 0
        if op == 'event.wait':
            return on.is_set()
        if op == 'cond.wait':
            return ts.wake != -1
        if op == 'join':
            return on.ended
        if op == 'queue.get':
            return on.qsize() > 0
        if op == 'pool.next':
            return on._work_queue.qsize() > 0
    except Exception:
        pass
    return False


def snapshot():
    """Who waits for what (core/analysis/stuck.ts's WaitSnapshot, plus `timed`)."""
    live = _state.live_states()
    owned = {}
    for pid, lk in list(_state.locks.items()):
        o = getattr(lk, '_il_own', None)
        if o is not None:
            owned.setdefault(o.id, []).append(pid)
    blocked = []
    for ts in live:
        op, on, gen = ts.wop, ts.won, ts.gen
        if op is None or (on is None and op != 'sleep') or _let_through(ts, op, on):
            continue
        if isinstance(on, TState):
            onid, held = on.id, [on.id]
        else:
            onid = getattr(on, '_il_id', 0)
            h = holder(on) if op == 'acquire' else None
            held = [h.id] if h is not None else []
        entry = {'thread': ts.id, 'op': op, 'on': onid, 'heldBy': held, 'holds': owned.get(ts.id, []),
                 'at': ts.wat, 'since': round(ts.wsince * 1e9) - _rec.T0, 'timed': ts.wtimed, 'gen': gen,
                 'plain': op == 'acquire' and hasattr(on, '_il_lk'), 'cross': getattr(on, '_il_cross', False)}
        owner = getattr(on, '_il_owner', None) if op == 'acquire' else None
        if owner is not None:
            entry['heldIn'] = owner()  # a multiprocessing lock's holder: [pid, thread id], any process
        blocked.append(entry)
    return {'live': [ts.id for ts in live], 'blocked': blocked}


def verdict(snap):
    """'deadlock' (a cycle of untimed waits on held locks and joins), 'stall', 'quiet' (every
    thread waits, some for another process: the host decides, _report_quiet), or None."""
    by = {b['thread']: b for b in snap['blocked']}
    everyone_stuck = all(t in by and not by[t]['timed'] and not by[t]['cross'] for t in snap['live'])
    for start in snap['blocked']:
        path = []
        t = start['thread']
        while t is not None and t not in path:
            path.append(t)
            b = by.get(t)
            t = b['heldBy'][0] if b and not b['timed'] and len(b['heldBy']) == 1 else None
        if t is None:
            continue
        cycle = path[path.index(t):]
        # Any thread may release a plain Lock (a Lock used as a signal: acquire here, release there).
        # A cycle through one is certain only when no live thread is left that could release it.
        if not any(by[c]['plain'] for c in cycle) or everyone_stuck:
            return 'deadlock'
    untimed = [b for b in snap['blocked'] if not b['timed'] and b['op'] != 'sleep']
    if snap['live'] and len(untimed) == len(snap['live']):
        return 'quiet' if any(b['cross'] for b in untimed) else 'stall'
    return None


def _key(kind, snap):
    return (kind, tuple((b['thread'], b['op'], b['on'], b['gen']) for b in snap['blocked']))


def _reap_adopted():
    """Threads the tracer did not start (adopted on first use) end unseen: close their lanes."""
    alive = _state.running_idents()
    for ts in _state.threads:
        if ts.adopted and not ts.ended and ts.ident not in alive:
            ts.ended = True
            emit(ts, K.threadEnd, -1, 0, NAN, NAN, -1)
            _rec.message({'type': 'thread', 'thread': dict(ts.info, exit='normal')})


def _report_quiet(snap):
    """Every thread here waits untimed, some on another process (a multiprocessing Queue, Lock,
    Pipe, a child's join). Only the host sees every process: it calls a stall once every live
    process has reported the same waits twice since the last one went quiet, and sends 'stall'."""
    _quiet[0] = True
    key = repr(_key('quiet', snap))
    _rec.send_now({'type': 'quiet', 'key': key, 'snapshot': snap})


def _loop():
    n = 0
    candidate = None
    while True:
        _wake.acquire(True, 0.02)
        n += 1
        _rec.flush_all(_state.threads)
        if _done[0]:
            continue
        if limit_ns[0] and now() - _rec.T0 > limit_ns[0]:
            end('timeout')
        if _suspect[0] or n % 5 == 0:
            if n % 5 == 0:
                _reap_adopted()
            snap = snapshot()
            kind = verdict(snap)
            if kind == 'quiet':
                _report_quiet(snap)
                kind = None
            elif _quiet[0]:
                _quiet[0] = False
                _rec.send_now({'type': 'busy'})
            if kind is None:
                candidate = None
                _suspect[0] = False
                continue
            key = _key(kind, snap)
            if key == candidate:
                end(kind, snap)
            candidate = key
            _suspect[0] = True  # the second look, one slice later


def _read():
    """The host's side of the socket: 'stop' ends the run; end of file means the host is gone."""
    s = _rec._sock
    while True:
        try:
            data = s.recv(256)
        except OSError:
            data = b''
        if not data:
            os._exit(1)
        if b'stop' in data:
            end('stopped')
        if b'stall' in data:
            end('stall')  # the host saw every process wait on the others


def finished():
    """The script and the exit join are over: only draining is left (daemons run on until exit)."""
    _done[0] = True


def restart():
    """A forked child has none of its parent's threads: its own watchdog, same time limit."""
    global _wake, _ending
    _wake = _thread.allocate_lock()
    _wake.acquire()
    _ending = _thread.allocate_lock()
    _done[0] = False
    _suspect[0] = False
    _quiet[0] = False
    _thread.start_new_thread(_loop, ())
    if _rec._sock is not None:
        _thread.start_new_thread(_read, ())


def start(time_limit_s):
    limit_ns[0] = int(time_limit_s * 1e9) if time_limit_s else 0
    _thread.start_new_thread(_loop, ())
    if _rec._sock is not None:
        _thread.start_new_thread(_read, ())


def end(kind, snap=None):
    """Ends the run now: the last events, the end message, then the process."""
    if not _ending.acquire(False):
        return
    if snap is None:
        snap = snapshot()
    try:
        _rec.flush_all(_state.threads)
        _rec.send_now({'type': 'end', 'kind': kind, 'snapshot': snap, 'durationNs': now() - _rec.T0})
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass
        if _rec._sock is None:
            sys.stderr.write('interleave: the run ended as %s and was stopped\n' % kind)
        os._exit(EXIT_CODES.get(kind, 1))
