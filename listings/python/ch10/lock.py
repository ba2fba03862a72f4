"""The exercise with a lock: each thread holds it while it reads and
writes i."""

import threading

UPS = 1_000_000
DOWNS = 1_000_001

i = 0
lock = threading.Lock()


def increment():
    global i
    for _ in range(UPS):
        with lock:
            i += 1


def decrement():
    global i
    for _ in range(DOWNS):
        with lock:
            i -= 1


def main():
    threads = [threading.Thread(target=f) for f in (increment, decrement)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print("i =", i)


if __name__ == "__main__":
    main()
