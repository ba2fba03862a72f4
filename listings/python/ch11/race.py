"""The shared-variable exercise in Python, as first written: two threads
change the global i with no lock."""

import threading

UPS = 1_000_000
DOWNS = 1_000_001

i = 0


def increment():
    global i
    for _ in range(UPS):
        i += 1


def decrement():
    global i
    for _ in range(DOWNS):
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
