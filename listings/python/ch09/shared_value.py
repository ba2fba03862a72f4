"""Listing 9-2: a global variable and an mp.Value, each changed by two
child processes that start together, in five runs. Given the argument
no-lock, the children change the mp.Value without holding its lock."""

import multiprocessing as mp
import sys

CHILDREN = 2
TIMES = 20_000
RUNS = 5

counter = 0


def add(shared, start, report, locked):
    """Adds 1 TIMES times to the global counter and to shared."""
    global counter
    start.wait()  # every child begins when all have started
    for _ in range(TIMES):
        counter += 1
        if locked:
            with shared.get_lock():
                shared.value += 1
        else:
            shared.value += 1
    report.put(counter)


def one_run(locked):
    """Starts the children and waits for them; returns what each counted
    in its own counter, and the shared value."""
    shared = mp.Value("i", 0)
    start = mp.Barrier(CHILDREN)
    report = mp.SimpleQueue()
    children = [
        mp.Process(target=add, args=(shared, start, report, locked))
        for _ in range(CHILDREN)
    ]
    for child in children:
        child.start()
    seen = [report.get() for _ in children]
    for child in children:
        child.join()
    return seen, shared.value


if __name__ == "__main__":
    locked = sys.argv[1:] != ["no-lock"]
    results = [one_run(locked) for _ in range(RUNS)]
    print(f"{CHILDREN} children, {TIMES} increments each, {RUNS} runs")
    print(f"counter in each child: {[n for seen, _ in results for n in seen]}")
    print(f"counter in the parent: {counter}")
    print(f"shared value in each run: {[value for _, value in results]}")
