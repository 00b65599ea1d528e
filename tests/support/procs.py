"""Process-table checks for tests that must leave no process behind."""

from __future__ import annotations

import os


def alive(pid: int) -> bool:
    """True while ``pid`` exists and is not a zombie (a zombie has already died)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().split()[2] != "Z"
    except FileNotFoundError:
        return False
