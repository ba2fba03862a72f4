"""Exercise 11.4: in i += one(), does Python read i before or after it
calls one()? The bytecode of the statement tells."""

import dis

i = 0


def one():
    return 1


def step():
    global i
    i += one()


def main():
    ops = list(dis.get_instructions(step))
    names = [(op.opname, op.argval) for op in ops]
    read = names.index(("LOAD_GLOBAL", "i"))
    call = next(n for n, op in enumerate(ops) if op.opname.startswith("CALL"))
    write = names.index(("STORE_GLOBAL", "i"))
    for op in ops[read:write + 1]:
        print(f"{op.opname:<16} {op.argrepr}".rstrip())
    print("i is read before the call:", read < call < write)


if __name__ == "__main__":
    main()
