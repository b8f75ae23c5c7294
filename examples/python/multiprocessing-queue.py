# multiprocessing: separate memory; a Queue carries items between processes
#
# A thread runs in the same process as the code that started it: it sees and changes the same
# memory. A Process runs its target in another OS process (another pid): its arguments are
# copied into it (pickled), so the child changes its own copy, and the parent never sees that
# change. Processes talk by sending messages: a multiprocessing.Queue (or Pipe) carries copies
# of values from one process to another.
#
# What to look for: `thread` adds 1 to `counter` and MainThread then reads 1. `child` (a separate
# process, its own lane group with its pid) adds 1 to its copy and prints 2, yet MainThread still
# reads 1. Then a producer process puts five items into `q` and a consumer process gets them:
# each item is an arrow from the put in one process to the get in the other. `q` holds two items
# at most, so the producer waits for room when the consumer is slower.
import multiprocessing
import threading
import time


def add_in_thread(counter):
    counter['value'] += 1


def add_in_process(counter):
    counter['value'] += 1
    print(f"in the child process: value = {counter['value']}", flush=True)


def producer(q, n):
    for i in range(1, n + 1):
        q.put(f'item {i}')
    q.put(None)  # no more items


def consumer(q, results):
    got = []
    while (item := q.get()) is not None:
        got.append(item)
        time.sleep(0.05)  # slower than the producer: the queue fills up
    results.put(got)


if __name__ == '__main__':
    counter = {'value': 0}

    thread = threading.Thread(target=add_in_thread, args=(counter,), name='thread')
    thread.start()
    thread.join()
    print(f"after the thread: value = {counter['value']}", flush=True)

    child = multiprocessing.Process(target=add_in_process, args=(counter,), name='child')
    child.start()
    child.join()
    print(f"after the process: value = {counter['value']} (the child changed its own copy)", flush=True)

    q = multiprocessing.Queue(2)
    results = multiprocessing.Queue()
    prod = multiprocessing.Process(target=producer, args=(q, 5), name='producer')
    cons = multiprocessing.Process(target=consumer, args=(q, results), name='consumer')
    prod.start()
    cons.start()
    print(f'the consumer got {results.get()}', flush=True)
    prod.join()
    cons.join()
