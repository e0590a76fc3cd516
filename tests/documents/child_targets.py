"""Parsers gone wrong, for the runner's tests: targets the limited child imports by name
("tests.documents.child_targets:spin_forever"), so they live in a module of their own that
imports nothing (the child starts without Django)."""

import time
from typing import NoReturn


def spin_forever(*_args: object) -> NoReturn:
    """A parser that never finishes, as a crafted PDF can make one."""
    while True:
        time.sleep(0.01)


def hog_memory(*_args: object) -> NoReturn:
    """A parser that swallows memory, as a decompression bomb makes one."""
    hoard = []
    while True:
        hoard.append(bytearray(64 * 1024 * 1024))


def crash(*_args: object) -> NoReturn:
    """A parser that dies outside Python, as a C library's segfault does."""
    import os
    import signal

    os.kill(os.getpid(), signal.SIGSEGV)
    raise AssertionError("unreachable")


def write_pid_then_spin(path: str, *_args: object) -> NoReturn:
    """A parser that never finishes, after writing its pid to ``path`` (so a test can see
    whether the process is still there)."""
    import os

    with open(path + ".tmp", "w") as handle:
        handle.write(str(os.getpid()))
    os.replace(path + ".tmp", path)
    spin_forever()


def my_pid(*_args: object) -> int:
    import os

    return os.getpid()
