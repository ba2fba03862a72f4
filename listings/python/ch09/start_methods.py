"""Listing 9-3: the default start method, and what a child started by each
method sees of a global that the parent set at run time. The checks' controls
give it an argument: a start method to set before anything else, or
"unchanged" to leave the global as imported."""

import multiprocessing as mp
import sys

setting = "as imported"


def report(queue):
    queue.put(setting)


if __name__ == "__main__":
    argument = sys.argv[1] if len(sys.argv) > 1 else None
    if argument in mp.get_all_start_methods():
        mp.set_start_method(argument)
    if argument != "unchanged":
        setting = "set by the parent"
    version = sys.version_info
    print(f"Python {version.major}.{version.minor} on {sys.platform}")
    print(f"start method: {mp.get_start_method()}")
    print(f"the parent's global: {setting!r}")
    for method in ("fork", "spawn", "forkserver"):
        context = mp.get_context(method)
        queue = context.SimpleQueue()
        child = context.Process(target=report, args=(queue,))
        child.start()
        seen = queue.get()
        child.join()
        print(f"{method:>10}: the child sees {seen!r}")
