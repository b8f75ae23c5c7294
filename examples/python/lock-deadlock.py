# The notes' Lock program: `with lock:` inside lock.acquire() deadlocks
# Typos fixed (`with lock:`, Lock for Rock). A Lock is not re-entrant: worker1 waits for itself.
import logging
import threading
import time

logging.basicConfig(level=logging.DEBUG, format='%(threadName)s: %(message)s')


def worker1(d, lock):
    logging.debug('start')
    lock.acquire()  # take the lock: no other thread may run this part until it is released
    i = d['x']
    time.sleep(0.5)
    with lock:  # the lock is still held by this very thread: a Lock is not re-entrant (rlock.py fixes it)
        d['x'] = i + 1
    logging.debug(d)
    lock.release()
    logging.debug('end')


def worker2(d, lock):
    logging.debug('start')
    with lock:
        i = d['x']
        d['x'] = i + 1
        logging.debug(d)
    logging.debug('end')


if __name__ == '__main__':
    d = {'x': 0}
    lock = threading.Lock()
    t1 = threading.Thread(target=worker1, args=(d, lock))
    t2 = threading.Thread(target=worker2, args=(d, lock))
    t1.start()
    t2.start()
