"""The control of Listing 7-2: the same test, with four multiprocessing
Process objects in place of the four Thread objects."""

import multiprocessing
import os
import threading

THREADS = 4


def os_threads():
    """The entries of /proc/self/task: one per OS thread of this process."""
    return len(os.listdir("/proc/self/task"))


def worker(n, started, counted, seen):
    seen[2 * n] = threading.get_native_id()
    seen[2 * n + 1] = os.getpid()
    started.wait()  # every process is alive now
    counted.wait()  # main has counted them


if __name__ == "__main__":
    context = multiprocessing.get_context("fork")
    started = context.Barrier(THREADS + 1)
    counted = context.Barrier(THREADS + 1)
    seen = context.Array("l", 2 * THREADS)  # (tid, pid) of each, shared
    before = os_threads()
    processes = [
        context.Process(target=worker, args=(n, started, counted, seen))
        for n in range(THREADS)
    ]
    created = os_threads()
    for process in processes:
        process.start()
    started.wait()
    during = os_threads()
    counted.wait()
    for process in processes:
        process.join()

    pairs = [(seen[2 * n], seen[2 * n + 1]) for n in range(THREADS)]
    new_tids = {tid for tid, _ in pairs} - {threading.get_native_id()}
    same_pid = sum(1 for _, pid in pairs if pid == os.getpid())
    print(f"OS threads before: {before}")
    print(f"OS threads after creating {THREADS} Process objects: {created}")
    print(f"OS threads while {THREADS} started processes wait: {during}")
    print(f"threads with the process id of main: {same_pid}")
    print(f"new kernel thread ids: {len(new_tids)}")
