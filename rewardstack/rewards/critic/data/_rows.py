"""Row types of the judgement tables: a pair (one prompt, a response that satisfies the principle and
one that does not) or a single labelled response.

``hard`` marks the hard side(s) of a pair: ``"good"``, ``"bad"``, ``"both"`` or ``""``; a
single's ``hard`` is a bool. What counts as hard is listed in the README of this folder.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

__all__ = ["Hard", "Pair", "Single"]

Hard = Literal["", "good", "bad", "both"]


class Pair(NamedTuple):
    prompt: str
    good: str  # satisfies the principle (verdict true)
    bad: str  # violates it (verdict false)
    hard: Hard = ""


class Single(NamedTuple):
    prompt: str
    response: str
    verdict: bool
    hard: bool = False
