"""The bytecode of the loop of Listing 11-10, `for _ in range(n): i += 1`,
from the jump that starts each step to the one that closes it."""

import dis

i = 0


def increment(n):
    global i
    for _ in range(n):
        i += 1


def main():
    ops = list(dis.get_instructions(increment))
    start = next(k for k, op in enumerate(ops) if op.opname == "FOR_ITER")
    end = next(k for k, op in enumerate(ops) if op.opname.startswith("JUMP_BACKWARD"))
    for op in ops[start:end + 1]:
        print(f"{op.offset:>4} {op.opname:<16} {op.argrepr}".rstrip())


if __name__ == "__main__":
    main()
