"""Listing 8-2: a global variable and an mp.Value, each changed by two
child processes."""

import multiprocessing as mp

counter = 0


def add_one_thousand(shared, report):
    """Adds 1 a thousand times to the global counter and to shared."""
    global counter
    for _ in range(1000):
        counter += 1
        with shared.get_lock():
            shared.value += 1
    report.put(counter)


if __name__ == "__main__":
    shared = mp.Value("i", 0)
    report = mp.SimpleQueue()
    children = [
        mp.Process(target=add_one_thousand, args=(shared, report))
        for _ in range(2)
    ]
    for child in children:
        child.start()
    seen = [report.get() for _ in children]
    for child in children:
        child.join()
    print(f"counter in each child: {seen}")
    print(f"counter in the parent: {counter}")
    print(f"shared value:          {shared.value}")
