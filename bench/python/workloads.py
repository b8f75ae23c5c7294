# Workloads for bench/python.ts: each prints the wall and the process CPU seconds its measured part
# took (interpreter start and tracer set-up excluded), run once plain and once under the tracer.
# INTERLEAVE_BENCH_CPU=N first pins every thread of the process (the tracer's own included) to CPU N:
# see bench/python.ts for why.
import os
import queue
import sys
import threading
import time

kind, n = sys.argv[1], int(sys.argv[2])


def pin(cpu):
    # Threads started later inherit their starter's affinity; those already running are set one by one.
    for task in os.listdir('/proc/self/task'):
        os.sched_setaffinity(int(task), {cpu})


def cpu():
    total = 0
    for i in range(n):
        total += i * i % 7
    return total


def lock_pairs():
    lock = threading.Lock()
    for _ in range(n):
        lock.acquire()
        lock.release()


def lock_with():
    lock = threading.Lock()
    for _ in range(n):
        with lock:
            pass


def lock_ping_pong():
    ping, pong = threading.Lock(), threading.Lock()
    ping.acquire()
    pong.acquire()

    def other():
        for _ in range(n):
            ping.acquire()
            pong.release()

    t = threading.Thread(target=other)
    t.start()
    for _ in range(n):
        ping.release()
        pong.acquire()
    t.join()


def queue_ping_pong():
    there, back = queue.Queue(), queue.Queue()

    def other():
        for _ in range(n):
            back.put(there.get())

    t = threading.Thread(target=other)
    t.start()
    for i in range(n):
        there.put(i)
        back.get()
    t.join()


work = {'cpu': cpu, 'lock': lock_pairs, 'lockwith': lock_with, 'lockpingpong': lock_ping_pong,
        'queuepingpong': queue_ping_pong}[kind]
if os.environ.get('INTERLEAVE_BENCH_CPU'):
    pin(int(os.environ['INTERLEAVE_BENCH_CPU']))
start, start_cpu = time.perf_counter(), time.process_time()
work()
print(time.perf_counter() - start, time.process_time() - start_cpu)
