"""Listing 9-6: how long it takes to send a list of ints to a worker and get
it back, with a pool of processes and with a pool of threads. Given the
argument tiny, the list holds one int instead of a million."""

import concurrent.futures as cf
import sys
import time

INTS = 1 if sys.argv[1:] == ["tiny"] else 1_000_000
ROUNDS = 10


def echo(data):
    return data


def round_trip(pool, data):
    """The fastest of the rounds, and whether the list came back as itself."""
    pool.submit(echo, None).result()  # the worker is up before timing
    best = float("inf")
    for _ in range(ROUNDS):
        start = time.perf_counter()
        back = pool.submit(echo, data).result()
        best = min(best, time.perf_counter() - start)
    assert back == data
    return best, back is data


if __name__ == "__main__":
    data = list(range(INTS))
    with cf.ProcessPoolExecutor(max_workers=1) as pool:
        process, process_same = round_trip(pool, data)
    with cf.ThreadPoolExecutor(max_workers=1) as pool:
        thread, thread_same = round_trip(pool, data)
    print(f"a list of ints, there and back, best of {ROUNDS} rounds")
    print(f"ints in the list: {INTS}")
    print(f"process pool: {process * 1e6:.1f} µs")
    print(f"thread pool:  {thread * 1e6:.1f} µs")
    print(f"the process got back the list itself: {process_same}")
    print(f"the thread got back the list itself:  {thread_same}")
    print(f"the process took {process / thread:.0f} times as long as the thread")
