"""Two threads hash a large buffer with hashlib, which releases the GIL."""

import hashlib
import sys
import threading
import time

THREADS = 2
MIB = 16


def hash_repeatedly(data, times):
    for _ in range(times):
        hashlib.sha256(data).hexdigest()


def main():
    times = int(sys.argv[1]) if len(sys.argv) > 1 else 24
    data = bytes(MIB * 1024 * 1024)
    threads = [
        threading.Thread(target=hash_repeatedly, args=(data, times))
        for _ in range(THREADS)
    ]
    cpu_start, wall_start = time.process_time(), time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    cpu = time.process_time() - cpu_start
    wall = time.perf_counter() - wall_start
    each = f"{len(threads)} threads, {len(data) // (1024 * 1024)} MiB each"
    print(f"{each}: {wall:.3f} s, {cpu:.3f} s of CPU time")
    print(f"CPU time / wall time: {cpu / wall:.3f}")


if __name__ == "__main__":
    main()
