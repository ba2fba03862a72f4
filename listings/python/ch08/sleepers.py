"""Fifty threads that each sleep for 0.2 s. Given the argument hold-gil,
each sleeps in C code that keeps the GIL instead."""

import ctypes
import sys
import threading
import time

THREADS = 50
NAP = 0.2


def sleep_holding_the_gil(seconds):
    """Sleeps in the C library's usleep, called through ctypes.PyDLL, which
    does not release the GIL around the call."""
    ctypes.PyDLL(None).usleep(int(seconds * 1_000_000))


def main():
    hold_gil = sys.argv[1:] == ["hold-gil"]
    nap = sleep_holding_the_gil if hold_gil else time.sleep
    threads = [threading.Thread(target=nap, args=(NAP,)) for _ in range(THREADS)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - start
    print(f"{len(threads)} threads slept {NAP} s each; wall time: {wall:.3f} s")


if __name__ == "__main__":
    main()
