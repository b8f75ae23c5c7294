# threading.Timer: a function runs 0.3 s later; a second timer is cancelled
# A Timer is a thread that waits on its `finished` Event first; cancel() sets it.
import logging
import threading

logging.basicConfig(level=logging.DEBUG, format='%(threadName)s: %(message)s')


def worker1(x, y=1):
    logging.debug('start')
    logging.debug(x)
    logging.debug(y)
    logging.debug('end')


if __name__ == '__main__':
    t = threading.Timer(0.3, worker1, args=(100,), kwargs={'y': 200})
    t.start()
    never = threading.Timer(5, worker1, args=(0,))
    never.start()
    never.cancel()
    t.join()
    print('timer done')
