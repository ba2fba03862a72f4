"""The exercise with a lock: Listing 11-11, whose step i = i + one()
loses updates, with each step done while the thread holds the lock."""

import threading

UPS = 1_000_000
DOWNS = 1_000_001

i = 0
lock = threading.Lock()


def one():
    return 1


def increment():
    global i
    for _ in range(UPS):
        with lock:
            i = i + one()


def decrement():
    global i
    for _ in range(DOWNS):
        with lock:
            i = i - one()


def main():
    threads = [threading.Thread(target=f) for f in (increment, decrement)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print("i =", i)


if __name__ == "__main__":
    main()
