# threading.Barrier(3): runners wait for each other, then go together
# Each runner warms up for a different time; the barrier trips when the third arrives.
import threading
import time


def runner(barrier, warmup):
    time.sleep(warmup)
    index = barrier.wait()
    if index == 0:
        print('all three arrived')


if __name__ == '__main__':
    barrier = threading.Barrier(3)
    threads = [threading.Thread(target=runner, args=(barrier, w), name='runner%d' % n) for n, w in enumerate((0.1, 0.3, 0.5), 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
