"""The exercise with an i whose += runs Python code: Counter.__iadd__ is a
method written in Python, so the instruction that adds runs bytecode of its
own, starting with a check point, between the read of i and the write."""

import threading

UPS = 1_000_000
DOWNS = 1_000_001


class Counter:
    """An immutable count, like an int, whose += is written in Python."""

    __slots__ = ("n",)

    def __init__(self, n):
        self.n = n

    def __iadd__(self, k):
        return Counter(self.n + k)


i = Counter(0)


def increment():
    global i
    for _ in range(UPS):
        i += 1


def decrement():
    global i
    for _ in range(DOWNS):
        i += -1


def main():
    threads = [threading.Thread(target=f) for f in (increment, decrement)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print("i =", i.n)


if __name__ == "__main__":
    main()
