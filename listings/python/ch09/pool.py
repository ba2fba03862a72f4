"""Listing 9-5: a pool of worker processes, reused task after task. Given
the argument process-per-task, it starts a new process for each task
instead."""

import multiprocessing as mp
import os
import sys

TASKS = 100
WORKERS = 4


def worker_pid(_task):
    return os.getpid()


def report_pid(results):
    results.put(os.getpid())


if __name__ == "__main__":
    if sys.argv[1:] == ["process-per-task"]:
        how = "a new process per task"
        results = mp.SimpleQueue()
        pids = []
        for _ in range(TASKS):
            worker = mp.Process(target=report_pid, args=(results,))
            worker.start()
            pids.append(results.get())
            worker.join()
    else:
        how = f"a pool of {WORKERS} processes"
        with mp.Pool(WORKERS) as pool:
            # chunksize=1: each task goes to a worker on its own.
            pids = pool.map(worker_pid, range(TASKS), chunksize=1)
    print(f"{TASKS} tasks, {how}")
    print(f"tasks done: {len(pids)}")
    print(f"processes that ran them: {len(set(pids))}")
    print(f"tasks run by the parent itself: {pids.count(os.getpid())}")
