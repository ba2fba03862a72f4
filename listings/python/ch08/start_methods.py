"""Listing 8-3: the default start method, and what a child started by each
method sees of a global that the parent set at run time."""

import multiprocessing as mp
import sys

setting = "as imported"


def report(queue):
    queue.put(setting)


if __name__ == "__main__":
    setting = "set by the parent"
    version = sys.version_info
    print(f"Python {version.major}.{version.minor} on {sys.platform}")
    print(f"default start method: {mp.get_start_method()}")
    for method in ("fork", "spawn", "forkserver"):
        context = mp.get_context(method)
        queue = context.SimpleQueue()
        child = context.Process(target=report, args=(queue,))
        child.start()
        seen = queue.get()
        child.join()
        print(f"{method:>10}: the child sees {seen!r}")
