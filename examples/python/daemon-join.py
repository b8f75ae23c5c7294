# join() waits for a daemon thread too: worker1 finishes and logs 'end'
# Same as daemon.py plus t1.join(): MainThread waits the daemon's 0.5 s.
import logging
import threading
import time

logging.basicConfig(level=logging.DEBUG, format='%(threadName)s: %(message)s')


def worker1():
    logging.debug('start')
    time.sleep(0.5)
    logging.debug('end')


def worker2():
    logging.debug('start')
    time.sleep(0.2)
    logging.debug('end')


if __name__ == '__main__':
    t1 = threading.Thread(target=worker1)
    t2 = threading.Thread(target=worker2)
    t1.daemon = True
    t1.start()
    t2.start()
    print('started')
    t1.join()
