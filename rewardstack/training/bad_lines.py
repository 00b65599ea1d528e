"""How every ``train`` command reports the lines of a data file it skipped.

The first ``shown`` bad lines are named with their line number and reason, then
one total line, so a file with 3 bad lines of 10,000 and one with 9,000 read
differently at a glance (the total is the line a user looks for).

>>> from rewardstack.jsonl import BadLine
>>> lines = []
>>> class Collect:
...     def log(self, line: str) -> None:
...         lines.append(line)
>>> report_bad_lines(Collect(), "d.jsonl", [BadLine(3, "not JSON"), BadLine(9, "chosen is empty")], used=40, shown=1)
>>> lines
['d.jsonl:3: skipped: not JSON', 'd.jsonl: 2 bad lines skipped (1 shown), 40 used']
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from rewardstack.jsonl import BadLine

__all__ = ["report_bad_lines"]


class _Log(Protocol):
    def log(self, line: str) -> None: ...


def report_bad_lines(progress: _Log, path: str | Path, bad_lines: Sequence[BadLine], *, used: int,
                     shown: int = 5) -> None:
    """Log the first ``shown`` of ``bad_lines`` and their total; nothing when there are none."""
    if not bad_lines:
        return
    for bad in bad_lines[:shown]:
        progress.log(f"{path}:{bad.line}: skipped: {bad.reason}")
    listed = f" ({min(shown, len(bad_lines))} shown)" if len(bad_lines) > shown else ""
    progress.log(f"{path}: {len(bad_lines)} bad line{'s' * (len(bad_lines) != 1)} skipped{listed}, {used} used")
