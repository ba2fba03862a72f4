"""The exercise with a function call between the read of i and the write:
i = i + one() reads i, calls one(), and only then writes i."""

import threading

UPS = 1_000_000
DOWNS = 1_000_001

i = 0


def one():
    return 1


def increment():
    global i
    for _ in range(UPS):
        i = i + one()


def decrement():
    global i
    for _ in range(DOWNS):
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
