"""Two CPU-bound threads: how many cores do they keep busy?"""

import sys
import threading
import time

THREADS = 2


def count_down(n):
    while n > 0:
        n -= 1


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
    is_gil_enabled = getattr(sys, "_is_gil_enabled", lambda: True)

    start = time.perf_counter()
    for _ in range(THREADS):
        count_down(n)
    one_after_another = time.perf_counter() - start

    threads = [threading.Thread(target=count_down, args=(n,)) for _ in range(THREADS)]
    cpu_start, wall_start = time.process_time(), time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    cpu = time.process_time() - cpu_start
    wall = time.perf_counter() - wall_start

    print(f"GIL enabled: {is_gil_enabled()}")
    print(f"one after another: {one_after_another:.3f} s")
    print(f"{len(threads)} threads: {wall:.3f} s, {cpu:.3f} s of CPU time")
    print(f"CPU time / wall time: {cpu / wall:.3f}")


if __name__ == "__main__":
    main()
