# ThreadPoolExecutor: four tasks on two worker threads; result() waits for each
# Each task is a span on the worker that ran it; an arrow goes from its end to the result() it fed.
import concurrent.futures
import time


def work(n):
    time.sleep(0.1 * n)
    return n * n


if __name__ == '__main__':
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        futures = [pool.submit(work, n) for n in range(1, 5)]
        print([f.result() for f in futures])
        print(list(pool.map(work, [1, 2])))
