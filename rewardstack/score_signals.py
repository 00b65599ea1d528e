"""SIGINT and SIGTERM for a long job: the first asks it to stop, the second ends the process.

The first signal only sets an event (a signal handler must not take locks the
interrupted code may hold, nor raise in the middle of a write): the job polls
it, stops submitting work and writes what it has. A second signal means the
user does not want to wait for that: the process exits at once with the same
code (130 for SIGINT, 143 for SIGTERM, the shell's 128 + signal number).

>>> with StopOnSignals() as stop:
...     stop.requested.is_set()
False
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable
from types import FrameType
from typing import Any

__all__ = ["StopOnSignals", "kill_descendants"]

_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class StopOnSignals:
    """Context manager: install the handlers (main thread only), restore the previous ones on exit."""

    def __init__(self, on_first: Callable[[int], None] | None = None):
        self.requested = threading.Event()
        self.signum: int | None = None
        self._on_first = on_first
        self._previous: dict[int, Any] = {}

    @property
    def exit_code(self) -> int:
        """130 after SIGINT, 143 after SIGTERM (0 when no signal came)."""
        return 128 + self.signum if self.signum is not None else 0

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name if self.signum is not None else ""

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.signum is not None:  # the second signal: no more waiting
            os.write(sys.stderr.fileno(), f"\n{signal.Signals(signum).name} again: exiting now\n".encode())
            os._exit(128 + self.signum)
        self.signum = signum
        self.requested.set()
        if self._on_first is not None:
            self._on_first(signum)

    def __enter__(self) -> StopOnSignals:
        if threading.current_thread() is threading.main_thread():
            for signum in _SIGNALS:
                self._previous[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        for signum, previous in self._previous.items():
            signal.signal(signum, previous)
        self._previous.clear()


def _children_by_parent() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue  # gone meanwhile
        # the command name is in parentheses and may hold spaces: fields after its closing one
        ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    return children


def kill_descendants(root: int | None = None) -> int:
    """SIGKILL every process below ``root`` (default: this one); returns how many were signalled.

    The last resort before exiting when closing the stack did not finish in time: worker
    processes and sandboxes started by this process (in their own sessions, so a terminal's
    process-group signal misses them) must not outlive it. Linux only (reads /proc); elsewhere 0.
    """
    if not os.path.isdir("/proc"):
        return 0
    root = os.getpid() if root is None else root
    killed: set[int] = set()
    for _ in range(3):  # a dying pool may start replacements: look again
        tree = _children_by_parent()
        todo, found = [root], []
        while todo:
            for child in tree.get(todo.pop(), []):
                found.append(child)
                todo.append(child)
        fresh = [pid for pid in found if pid not in killed]
        if not fresh:
            break
        for pid in fresh:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass  # already gone
            killed.add(pid)
    return len(killed)
