"""Listing 8-4: how long it takes to start a worker that does nothing and
wait for it to end, as a process and as a thread."""

import multiprocessing as mp
import threading
import time


def nothing():
    pass


def seconds_per_start(make_worker, workers):
    start = time.perf_counter()
    for _ in range(workers):
        worker = make_worker(target=nothing)
        worker.start()
        worker.join()
    return (time.perf_counter() - start) / workers


if __name__ == "__main__":
    # The fastest of five rounds each, taken in turn so that both meet the
    # same load: other programs can only slow a round down.
    process = thread = float("inf")
    for _ in range(5):
        process = min(process, seconds_per_start(mp.Process, 20))
        thread = min(thread, seconds_per_start(threading.Thread, 20))
    print(f"process: {process * 1e6:.0f} µs per start")
    print(f"thread:  {thread * 1e6:.0f} µs per start")
    print(f"a process costs {process / thread:.1f} times as much as a thread")
