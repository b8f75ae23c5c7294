# A daemon thread is cut off when the program ends; worker2 still finishes
# worker1 (daemon, 0.5 s) never logs 'end'; worker2 (0.2 s) does. The notes' setDaemon(True) is `daemon = True`.
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
    t1.daemon = True  # the notes' t1.setDaemon(True), which Python 3.10+ deprecates
    t1.start()
    t2.start()
    print('started')
