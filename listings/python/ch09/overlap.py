"""Listing 9-1: the same CPU-bound loop in two threads, then in two
processes, with the CPU time the workers used over the wall time they took.
"""

import multiprocessing as mp
import threading
import time

WORKERS = 2
LOOPS = 10_000_000


def count(loops, results):
    """Adds up numbers in pure Python and reports its own CPU time."""
    start = time.thread_time()
    total = 0
    for i in range(loops):
        total += i
    results.put(time.thread_time() - start)


def cpu_per_wall(make_worker):
    """Runs WORKERS workers made by make_worker side by side: their CPU
    time over the wall time from the first start to the last join."""
    results = mp.SimpleQueue()
    workers = [
        make_worker(target=count, args=(LOOPS, results)) for _ in range(WORKERS)
    ]
    start = time.perf_counter()
    for worker in workers:
        worker.start()
    cpu = sum(results.get() for _ in workers)
    for worker in workers:
        worker.join()
    return cpu / (time.perf_counter() - start)


if __name__ == "__main__":
    threads = cpu_per_wall(threading.Thread)
    print(f"{WORKERS} threads:   CPU time / wall time = {threads:.2f}")
    processes = cpu_per_wall(mp.Process)
    print(f"{WORKERS} processes: CPU time / wall time = {processes:.2f}")
