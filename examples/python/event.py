# threading.Event: two waiters are released by one set()
# The wake-up arrows go from set() to each wait.
import logging
import threading
import time

logging.basicConfig(level=logging.DEBUG, format='%(threadName)s: %(message)s')


def waiter(event):
    logging.debug('waiting')
    event.wait()
    logging.debug('go')


def setter(event):
    time.sleep(0.3)
    logging.debug('set')
    event.set()


if __name__ == '__main__':
    event = threading.Event()
    threads = [threading.Thread(target=waiter, args=(event,), name='waiter%d' % n) for n in (1, 2)]
    threads.append(threading.Thread(target=setter, args=(event,), name='setter'))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
