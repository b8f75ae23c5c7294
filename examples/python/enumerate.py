# threading.enumerate(): MainThread joins every live thread but itself
# The notes' loop, with current_thread() for the deprecated currentThread().
import logging
import threading
import time

logging.basicConfig(level=logging.DEBUG, format='%(threadName)s: %(message)s')


def worker(n):
    logging.debug('start')
    time.sleep(0.1 * n)
    logging.debug('end')


if __name__ == '__main__':
    for i in range(1, 4):
        threading.Thread(target=worker, args=(i,), name='worker%d' % i).start()
    for thread in threading.enumerate():
        if thread is threading.current_thread():
            print('skip', thread.name)
            continue
        thread.join()
    print(len(threading.enumerate()), 'thread left')
