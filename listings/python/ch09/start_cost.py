"""Listing 9-4: how long it takes to start a worker that does nothing and
wait for it to end, as a process and as a thread. Given the argument
threads-only, it starts threads in place of the processes too."""

import multiprocessing as mp
import sys
import threading
import time

WORKERS = 20
ROUNDS = 5


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
    if sys.argv[1:] == ["threads-only"]:
        first, name = threading.Thread, "thread (in place of the process)"
    else:
        first, name = mp.Process, "process"
    # The fastest of the rounds for each, taken in turn so that both meet
    # the same load: other programs can only slow a round down.
    process = thread = float("inf")
    for _ in range(ROUNDS):
        process = min(process, seconds_per_start(first, WORKERS))
        thread = min(thread, seconds_per_start(threading.Thread, WORKERS))
    print(f"best of {ROUNDS} rounds of {WORKERS} starts")
    print(f"{name}: {process * 1e6:.0f} µs per start")
    print(f"thread:  {thread * 1e6:.0f} µs per start")
    print(f"a {name} costs {process / thread:.1f} times as much as a thread")
