"""Bracket matching in one linear pass, so no stage rescans a group per occurrence.

Scanning to the matching brace from every ``\\boxed{``, every ``^{`` or every
``\\text{`` costs O(length x nesting): 20,000 nested groups took seconds.
:class:`BracketIndex` pairs every bracket once (a stack per bracket kind;
a backslash escapes the next character, so ``\\{`` is a literal set brace),
and callers look groups up in O(1).

>>> index = BracketIndex(r"a{b{c}d}\\{e")
>>> index.group(1)
('b{c}d', 8)
>>> index.group(9) is None  # an escaped brace opens nothing
True
"""

from __future__ import annotations

import functools
import re

__all__ = ["BracketIndex", "find_braced", "strip_outer"]

_PAIRS = {"{": "}", "(": ")", "[": "]"}


@functools.lru_cache(maxsize=8)
def _pattern(kinds: str) -> re.Pattern[str]:
    chars = "".join(re.escape(k + _PAIRS[k]) for k in kinds)
    return re.compile(rf"\\.|[{chars}]", re.DOTALL)


class BracketIndex:
    """Matching close position for every ``{``, ``(`` and ``[`` of ``text`` (unmatched ones are absent)."""

    def __init__(self, text: str, kinds: str = "{(["):
        self.text = text
        self.close: dict[int, int] = {}
        stacks: dict[str, list[int]] = {k: [] for k in kinds}
        closers = {_PAIRS[k]: k for k in kinds}
        # the regex skips ordinary characters in C; "\\." consumes an escape (\{ \} \\) as one unit
        for match in _pattern(kinds).finditer(text):
            ch = match.group()
            if ch in stacks:
                stacks[ch].append(match.start())
            elif ch in closers:
                stack = stacks[closers[ch]]
                if stack:
                    self.close[stack.pop()] = match.start()

    def group(self, start: int) -> tuple[str, int] | None:
        """The content of the group opening at ``start`` and the index after its close, or ``None``."""
        end = self.close.get(start)
        if end is None:
            return None
        return self.text[start + 1 : end], end + 1


def find_braced(text: str, start: int) -> tuple[str, int] | None:
    """The content of the ``{...}`` group opening at ``text[start]`` and the index after it.

    One group only: O(length of the group). Loops over many groups use
    :class:`BracketIndex` instead.

    >>> find_braced("{a{b}c}d", 0)
    ('a{b}c', 7)
    """
    if start >= len(text) or text[start] != "{":
        return None
    depth = 0
    i = start
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return text[start + 1 : i], i + 1
        i += 1
    return None


def strip_outer(text: str, kinds: str = "{(") -> str:
    """``text`` without the bracket pairs that wrap all of it (``( (1) )`` -> ``1``), in linear time.

    >>> strip_outer("( (1) )"), strip_outer("(1)+(2)"), strip_outer("{(x)}")
    ('1', '(1)+(2)', 'x')
    """
    index = BracketIndex(text, kinds)
    lo, hi = 0, len(text) - 1
    while True:
        while lo <= hi and text[lo].isspace():
            lo += 1
        while hi >= lo and text[hi].isspace():
            hi -= 1
        if lo < hi and text[lo] in kinds and index.close.get(lo) == hi:
            lo, hi = lo + 1, hi - 1
            continue
        return text[lo : hi + 1]
