"""What every outcome-log backend gives the source: raw rows by join key, a state fingerprint, problems.

A backend never interprets a row beyond finding its join key: the outcome name and the time
are validated in one place (:mod:`rewardstack.rewards.outcomes.verdict`), so SQLite and JSONL
logs report the same malformed rows the same way. A row is referred to by its log order
(``rowid 17``, ``line 5``).

>>> join_key("c1"), join_key(42), join_key(True), join_key(""), join_key(None)
('c1', '42', None, None, None)
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

__all__ = ["LogRow", "LogUnavailable", "OutcomeLog", "join_key"]


# One outcome entry as logged: (order in the log, raw outcome name, raw time). A plain tuple, not a
# NamedTuple: a JSONL index holds millions of them, and a NamedTuple's Python-level __new__ made the
# first load of a million lines 1.6x slower (measured).
LogRow = tuple[int, object, object]


class LogUnavailable(Exception):
    """The log cannot be read right now (deleted, replaced by something else, locked past the timeout)."""


def join_key(value: object) -> str | None:
    """The text a join id compares as: non-empty strings and integers (not bools); None for anything else."""
    if isinstance(value, bool) or value == "":
        return None
    if isinstance(value, str | int):
        return str(value)
    return None


class OutcomeLog(Protocol):
    """An outcome log backend (SQLite table or JSONL file)."""

    path: Path
    ref_label: str  # how a row is named in reports: "rowid" or "line"

    def fingerprint(self) -> str:
        """The log's current state (never raises: an unreadable log gets a value no other state has)."""
        ...

    def fetch(self, keys: Sequence[str | int]) -> dict[str, list[LogRow]]:
        """Rows of the given join ids, by :func:`join_key`, in log order; raises :class:`LogUnavailable`."""
        ...

    def problems(self) -> list[str]:
        """Malformed entries that belong to no join id (bad JSON lines, missing ids), with their place."""
        ...

    def close(self) -> None: ...
