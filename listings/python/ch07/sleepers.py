"""Fifty threads that each sleep for 0.2 s."""

import threading
import time


def main():
    threads = [threading.Thread(target=time.sleep, args=(0.2,)) for _ in range(50)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - start
    print(f"50 threads slept 0.2 s each; wall time: {wall:.3f} s")


if __name__ == "__main__":
    main()
