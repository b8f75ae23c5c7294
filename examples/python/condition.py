# threading.Condition: a consumer waits until the producer notifies it
# wait() releases the condition's lock while waiting and takes it back before returning.
import threading
import time

items = []


def consumer(cond):
    with cond:
        while not items:
            cond.wait()  # releases cond's lock while it waits, takes it back before returning
        print('consumed', items.pop())


def producer(cond):
    time.sleep(0.2)
    with cond:
        items.append('item')
        cond.notify()


if __name__ == '__main__':
    cond = threading.Condition()
    c = threading.Thread(target=consumer, args=(cond,), name='consumer')
    p = threading.Thread(target=producer, args=(cond,), name='producer')
    c.start()
    p.start()
    c.join()
    p.join()
