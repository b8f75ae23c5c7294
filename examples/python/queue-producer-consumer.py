# queue.Queue: a producer feeds two consumers; each get links to its put
# No lock of your own: the queue does the locking. None tells a consumer to stop; q.join() waits for task_done().
import queue
import threading
import time


def producer(q, n):
    for i in range(n):
        q.put(i)
        time.sleep(0.01)
    for _ in range(2):
        q.put(None)


def consumer(q, results):
    while True:
        item = q.get()
        if item is None:
            q.task_done()
            break
        time.sleep(0.1)  # work on it
        results.append(item * item)
        q.task_done()


if __name__ == '__main__':
    q = queue.Queue(maxsize=3)
    results = []
    threads = [threading.Thread(target=producer, args=(q, 8), name='producer')]
    threads += [threading.Thread(target=consumer, args=(q, results), name='consumer%d' % n) for n in (1, 2)]
    for t in threads:
        t.start()
    q.join()  # every item taken and marked done
    for t in threads:
        t.join()
    print(sorted(results))
