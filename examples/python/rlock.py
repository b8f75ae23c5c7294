# The fix: with an RLock, worker1 may take it again; x ends at 2
# An RLock counts its holder's acquisitions (depth 2); worker2 waits its turn.
import logging
import threading
import time

logging.basicConfig(level=logging.DEBUG, format='%(threadName)s: %(message)s')


def worker1(d, lock):
    logging.debug('start')
    lock.acquire()  # take the lock: no other thread may run this part until it is released
    i = d['x']
    time.sleep(0.5)
    with lock:  # held by this thread already: an RLock counts it (depth 2)
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
    lock = threading.RLock()
    t1 = threading.Thread(target=worker1, args=(d, lock))
    t2 = threading.Thread(target=worker2, args=(d, lock))
    t1.start()
    t2.start()
    t1.join()
    t2.join()
    print('x =', d['x'])
