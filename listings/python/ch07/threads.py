"""Listing 7-2: four threading.Thread objects, started and counted."""

import os
import threading

THREADS = 4


def os_threads():
    """The entries of /proc/self/task: one per OS thread of this process."""
    return len(os.listdir("/proc/self/task"))


started = threading.Barrier(THREADS + 1)
counted = threading.Barrier(THREADS + 1)
seen = [None] * THREADS


def worker(n):
    seen[n] = (threading.get_native_id(), os.getpid())
    started.wait()  # every thread is alive now
    counted.wait()  # main has counted them


before = os_threads()
threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
created = os_threads()
for thread in threads:
    thread.start()
started.wait()
during = os_threads()
counted.wait()
for thread in threads:
    thread.join()

new_tids = {tid for tid, _ in seen} - {threading.get_native_id()}
same_pid = sum(1 for _, pid in seen if pid == os.getpid())
print(f"OS threads before: {before}")
print(f"OS threads after creating {THREADS} Thread objects: {created}")
print(f"OS threads while {THREADS} started threads wait: {during}")
print(f"threads with the process id of main: {same_pid}")
print(f"new kernel thread ids: {len(new_tids)}")
