# Workloads for bench/python.ts: each prints the seconds its measured part took (interpreter start
# and tracer set-up excluded), run once plain and once under the tracer.
import queue
import sys
import threading
import time

kind, n = sys.argv[1], int(sys.argv[2])


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


work = {'cpu': cpu, 'lock': lock_pairs, 'lockpingpong': lock_ping_pong, 'queuepingpong': queue_ping_pong}[kind]
start = time.perf_counter()
work()
print(time.perf_counter() - start)
