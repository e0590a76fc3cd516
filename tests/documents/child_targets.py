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
