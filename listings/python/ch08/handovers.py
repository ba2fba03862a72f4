"""Two CPU-bound threads take turns: how often does the GIL change hands?
The first argument sets the switch interval; the argument yield makes each
thread call time.sleep(0), which lets go of the GIL, on every turn of its
loop."""

import sys
import threading
import time

THREADS = 2

holder = None
handovers = 0
turns = []  # (when, thread) of the first turns


def spin(name, until, yielding):
    global holder, handovers
    while time.perf_counter() < until:
        if holder != name:
            if holder is not None:
                handovers += 1
            holder = name
            if len(turns) < 20:
                turns.append((time.perf_counter(), name))
        if yielding:
            time.sleep(0)


def main():
    yielding = sys.argv[1:] == ["yield"]
    if len(sys.argv) > 1 and not yielding:
        sys.setswitchinterval(float(sys.argv[1]))
    until = time.perf_counter() + 0.5
    threads = [
        threading.Thread(target=spin, args=(name, until, yielding))
        for name in range(THREADS)
    ]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - start
    is_gil_enabled = getattr(sys, "_is_gil_enabled", lambda: True)
    print(f"GIL enabled: {is_gil_enabled()}")
    print(f"switch interval: {sys.getswitchinterval()} s")
    print(f"hand-overs between {len(threads)} threads: {handovers}")
    print(f"wall time: {wall:.3f} s")
    mean = wall / handovers * 1000 if handovers else float("inf")
    print(f"mean time between hand-overs: {mean:.3f} ms")
    firsts = " ".join(f"{(t - start) * 1000:.2f}/{name}" for t, name in turns)
    print(f"first turns (ms/thread): {firsts}")


if __name__ == "__main__":
    main()
