"""Remove Markdown and LaTeX emphasis before an answer is read.

Chat models write ``The answer is **42**.``, ``**Final answer:** 3/4`` or
``\\textbf{Answer:} 5``; read literally, ``**`` is a power sign and the
marker "Answer:" is split by a brace. :func:`strip_markup` removes

- Markdown emphasis runs of ``*`` and ``_`` that open and close a span, by
  CommonMark's flanking rules with one change: a run touching a letter or
  digit on its outer side never opens or closes (``2**3``, ``x**2*y``,
  ``x_1`` stay as written, even though CommonMark allows intraword ``*``);
  runs inside ``$..$`` / ``\\(..\\)`` / ``\\[..\\]`` are never touched; a blank
  line ends every open span;
- the wrappers ``\\textbf{..}``, ``\\textit{..}``, ``\\emph{..}``,
  ``\\underline{..}``, ``\\mathbf{..}``, ``\\boldsymbol{..}``, ``\\bm{..}``
  (their content stays).

Everything is one linear pass (no per-run rescans).

>>> strip_markup("**Final answer:** 3/4")
'Final answer: 3/4'
>>> strip_markup("The answer is __42__, and 2**3 = 8.")
'The answer is 42, and 2**3 = 8.'
>>> strip_markup(r"\\textbf{Answer:} $\\mathbf{x = 5}$")
'Answer: $x = 5$'
"""

from __future__ import annotations

import functools
import re
import unicodedata

from rewardstack.verifiers.math.braces import BracketIndex
from rewardstack.verifiers.math.spans import math_spans

__all__ = ["strip_emphasis", "strip_markup", "unwrap_commands"]

EMPHASIS_COMMANDS = ("textbf", "textit", "emph", "underline", "mathbf", "boldsymbol", "bm")
_NO_OPEN_AFTER = frozenset("}^_\\")
_NO_CLOSE_BEFORE = frozenset("{^_")


def unwrap_commands(text: str, names: tuple[str, ...]) -> str:
    r"""Replace every ``\name{X}`` (``name`` in ``names``) by ``X``, nested ones too, in linear time.

    >>> unwrap_commands(r"\textbf{a \emph{b}} \textbfx{c}", ("textbf", "emph"))
    'a b \\textbfx{c}'
    """
    if "\\" not in text:
        return text
    matches = list(_command_pattern(names).finditer(text))
    if not matches:
        return text
    index = BracketIndex(text, "{")
    drop: list[tuple[int, int]] = []  # (start, length): each "\\name{" and its closing brace
    for match in matches:
        close = index.close.get(match.end())
        if close is not None:
            drop.append((match.start(), match.end() + 1 - match.start()))
            drop.append((close, 1))
    return _remove(text, drop)


@functools.lru_cache(maxsize=32)
def _command_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"\\(?:" + "|".join(map(re.escape, names)) + r")(?![a-zA-Z])\s*(?=\{)")


def _remove(text: str, drop: list[tuple[int, int]]) -> str:
    """``text`` without the disjoint ``(start, length)`` pieces in ``drop``."""
    out: list[str] = []
    pos = 0
    for start, length in sorted(drop):
        out.append(text[pos:start])
        pos = start + length
    out.append(text[pos:])
    return "".join(out)


def _kind(ch: str) -> str:
    """``space`` | ``punct`` | ``word`` (start and end of text count as space)."""
    if not ch or ch.isspace():
        return "space"
    if ch.isalnum():
        return "word"
    return "punct" if unicodedata.category(ch)[0] in "PS" else "word"


def _runs(text: str, lo: int, hi: int) -> list[tuple[int, int, str, bool, bool]]:
    """Delimiter runs in ``text[lo:hi]``: ``(start, length, char, can_open, can_close)``; ``-1`` marks a blank line."""
    runs: list[tuple[int, int, str, bool, bool]] = []
    i = lo
    while i < hi:
        ch = text[i]
        if ch == "\n" and text.startswith("\n\n", i):
            runs.append((-1, 0, "", False, False))
            i += 2
            continue
        if ch not in "*_" or (i > 0 and text[i - 1] == "\\"):
            i += 1
            continue
        j = i
        while j < hi and text[j] == ch:
            j += 1
        before = text[i - 1] if i > 0 else ""
        after = text[j] if j < len(text) else ""
        kb, ka = _kind(before), _kind(after)
        left = ka != "space" and (ka != "punct" or kb != "word")
        right = kb != "space" and (kb != "punct" or ka != "word")
        can_open = left and kb != "word" and before not in _NO_OPEN_AFTER
        can_close = right and ka != "word" and after not in _NO_CLOSE_BEFORE
        runs.append((i, j - i, ch, can_open, can_close))
        i = j
    return runs


def strip_emphasis(text: str) -> str:
    """``text`` without Markdown emphasis delimiters (see the module doc for the rules)."""
    if "*" not in text and "_" not in text:
        return text
    runs: list[tuple[int, int, str, bool, bool]] = []
    pos = 0
    for span in math_spans(text):
        runs.extend(_runs(text, pos, span.start))
        pos = span.end
    runs.extend(_runs(text, pos, len(text)))
    drop = _matched(runs)
    return _remove(text, drop) if drop else text


def _matched(runs: list[tuple[int, int, str, bool, bool]]) -> list[tuple[int, int]]:
    """``(start, length)`` of the delimiter characters that pair up (nearest opener of the same character)."""
    stacks: dict[str, list[list[int]]] = {"*": [], "_": []}
    drop: list[tuple[int, int]] = []
    for start, length, ch, can_open, can_close in runs:
        if start < 0:  # a blank line closes nothing and opens nothing across it
            stacks = {"*": [], "_": []}
            continue
        remaining = length
        stack = stacks[ch]
        while can_close and remaining and stack:
            opener = stack[-1]  # [start, remaining length]
            used = min(2, remaining, opener[1])
            drop.append((opener[0] + opener[1] - used, used))
            drop.append((start + length - remaining, used))
            opener[1] -= used
            remaining -= used
            if opener[1] == 0:
                stack.pop()
        if can_open and remaining:
            stack.append([start, remaining])
    return drop


def strip_markup(text: str) -> str:
    """Emphasis commands unwrapped, then Markdown emphasis removed."""
    if "\\" in text:
        text = unwrap_commands(text, EMPHASIS_COMMANDS)
    return strip_emphasis(text)
