# multiprocessing: two Processes share a Lock, then a Pool(2) maps a function
# Each child process is traced too: its lanes are grouped under its name, pid and exit code; each
# of map's tasks is a span on the worker process that ran it, and MainThread waits in map() until
# the last result arrives (an arrow from every task's end).
import multiprocessing
import time


def child(n, lock):
    with lock:  # a multiprocessing.Lock: one child at a time
        time.sleep(0.1)
    print('child', n, 'done', flush=True)


def square(x):
    time.sleep(0.05)
    return x * x


if __name__ == '__main__':
    lock = multiprocessing.Lock()
    children = [multiprocessing.Process(target=child, args=(n, lock)) for n in (1, 2)]
    for p in children:
        p.start()
    for p in children:
        p.join()
    with multiprocessing.Pool(2) as pool:
        print(pool.map(square, range(6)))
